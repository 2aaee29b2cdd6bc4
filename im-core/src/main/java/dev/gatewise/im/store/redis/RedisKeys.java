package dev.gatewise.im.store.redis;

/**
 * Key names. The part in braces is the Redis Cluster hash tag: all keys of one conversation (or one
 * user, group, namespace) live in one slot, so a script can touch them together.
 */
final class RedisKeys {
    /** Separates parts inside a hash field; sorts before every character allowed in names. */
    static final String SEP = "\u0001";

    private RedisKeys() {}

    /** The conversation's messages, a list: sequence number N is element N - 1. */
    static String conversationLog(String conversation) {
        return "gw:c:{" + conversation + "}:log";
    }

    /** One sender's client ids in the conversation, scored by the sequence number they got. */
    static String conversationSent(String conversation, String sender) {
        return "gw:c:{" + conversation + "}:sent:" + sender;
    }

    /** The conversation's cursors: {@code user␁KIND} → seq (in the conversation's slot, beside its messages). */
    static String conversationCursors(String conversation) {
        return "gw:c:{" + conversation + "}:cursors";
    }

    static String directIndex(String user) {
        return "gw:u:{" + user + "}:dms";
    }

    static String memberships(String user) {
        return "gw:u:{" + user + "}:groups";
    }

    /** Every user's routes: user → JSON {device: node}. */
    static String routes() {
        return "gw:routes";
    }

    static String account(String user) {
        return "gw:account:{" + user + "}";
    }

    static String accountIndex() {
        return "gw:accounts";
    }

    /** An attempt counter ({@code login:u:alice}), expiring with its window. */
    static String attempts(String key) {
        return "gw:attempts:{" + key + "}";
    }

    static String token(String hash) {
        return "gw:token:" + hash;
    }

    /** The hashes of a user's tokens (a set), to revoke them all. */
    static String tokensOf(String user) {
        return "gw:tokens:{" + user + "}";
    }

    static String group(String groupId) {
        return "gw:g:{" + groupId + "}";
    }

    static String groupMembers(String groupId) {
        return "gw:g:{" + groupId + "}:members";
    }

    static String nodes() {
        return "gw:nodes";
    }

    static String nodeUsers(String node) {
        return "gw:n:{" + node + "}:users";
    }

    static String reapLock(String node) {
        return "gw:n:{" + node + "}:reaping";
    }

    static String inbox(String node) {
        return "gw:inbox:" + node;
    }

    static String broadcast() {
        return "gw:broadcast";
    }

    static String keyValues(String namespace) {
        return "gw:kv:{" + namespace + "}";
    }

    static String keyValueIndex(String namespace) {
        return "gw:kv:{" + namespace + "}:keys";
    }
}
