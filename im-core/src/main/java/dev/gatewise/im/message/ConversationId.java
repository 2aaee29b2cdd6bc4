package dev.gatewise.im.message;

/**
 * Conversation ids: {@code dm:ALICE:BOB} for two users (names in order, so both see the same id) and
 * {@code g:GROUP} for a group. User names cannot contain ':', so the id is unambiguous.
 *
 * @param peers the two users of a direct conversation, null for a group
 * @param group the group id of a group conversation, null for a direct one
 */
public record ConversationId(String value, String[] peers, String group) {
    public static ConversationId direct(String a, String b) {
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        return new ConversationId("dm:" + first + ":" + second, new String[] {first, second}, null);
    }

    public static ConversationId group(String groupId) {
        return new ConversationId("g:" + groupId, null, groupId);
    }

    /** Parses an id a client sent; null when it is not a well-formed id. */
    public static ConversationId parse(String value) {
        if (value.startsWith("g:") && value.length() > 2 && value.indexOf(':', 2) < 0) {
            return group(value.substring(2));
        }
        if (value.startsWith("dm:")) {
            String[] parts = value.split(":", -1);
            if (parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty() && parts[1].compareTo(parts[2]) <= 0) {
                return direct(parts[1], parts[2]);
            }
        }
        return null;
    }

    public boolean isDirect() {
        return peers != null;
    }

    /** For a direct conversation, the other user (the user themself in a note-to-self). */
    public String peerOf(String user) {
        return peers[0].equals(user) ? peers[1] : peers[0];
    }

    public boolean hasPeer(String user) {
        return peers[0].equals(user) || peers[1].equals(user);
    }
}
