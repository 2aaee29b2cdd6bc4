package dev.gatewise.access;

import java.util.Set;

/**
 * One question: may whoever presents {@code credentials} do {@code action} on {@code resource} over
 * {@code protocol}? The caller looks up what it knows of the resource (its owner, the conversations it belongs
 * to); the rules are the check's.
 *
 * @param resource what the action is on: a stream name, a file id, an API path; null for a login
 * @param owner who owns the resource (a file's uploader, a stream's publisher), or null
 * @param conversations the chat conversations the resource belongs to, as the chat protocol writes their ids
 *                      ({@code g:GROUP}, {@code dm:A:B}): where a file was shared, where a stream is announced
 * @param client the client's address, or null if unknown: password logins are throttled per address too
 */
public record AccessRequest(Protocol protocol, Action action, String resource, Credentials credentials, String owner,
                            Set<String> conversations, String client) {

    public AccessRequest {
        conversations = Set.copyOf(conversations);
    }

    public static AccessRequest of(Protocol protocol, Action action, String resource, Credentials credentials) {
        return new AccessRequest(protocol, action, resource, credentials, null, Set.of(), null);
    }

    public AccessRequest ownedBy(String owner) {
        return new AccessRequest(protocol, action, resource, credentials, owner, conversations, client);
    }

    public AccessRequest in(Set<String> conversations) {
        return new AccessRequest(protocol, action, resource, credentials, owner, conversations, client);
    }

    public AccessRequest from(String client) {
        return new AccessRequest(protocol, action, resource, credentials, owner, conversations, client);
    }

    /** The id of two users' direct conversation, as {@link #conversations} names it (both names normalised). */
    public static String direct(String a, String b) {
        return "dm:" + (a.compareTo(b) <= 0 ? a + ":" + b : b + ":" + a);
    }

    /** The id of a group's conversation, as {@link #conversations} names it. */
    public static String group(String groupId) {
        return "g:" + groupId;
    }
}
