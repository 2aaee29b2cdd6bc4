package dev.gatewise.calls;

import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Calls in the chat store (embedded, or Redis for a cluster), so either party's node can act on a call. Each
 * transition that must happen once (a device answering, the call ending) is claimed with an atomic counter,
 * which both stores provide; the first claimant wins. Blocking.
 */
final class CallStore {
    private final KeyValueStore store;

    CallStore(KeyValueStore store) {
        this.store = store;
    }

    /** Stores a new call; false if its id is taken. */
    boolean create(Call call) {
        return store.putIfAbsent(key(call.callId()), StoredJson.write(call));
    }

    Optional<Call> find(String callId) {
        return store.get(key(callId)).map(bytes -> StoredJson.read(bytes, Call.class));
    }

    void save(Call call) {
        store.put(key(call.callId()), StoredJson.write(call));
    }

    /** Whether this device is the first to answer. */
    boolean claimAnswer(String callId) {
        return store.add("answer:" + callId, 1) == 1;
    }

    /** Whether this is the first attempt to end the call. */
    boolean claimEnd(String callId) {
        return store.add("end:" + callId, 1) == 1;
    }

    boolean ended(String callId) {
        return store.get("end:" + callId).isPresent();
    }

    /**
     * Makes the call the user's one call: a user is in at most one call at a time. A slot held by a call that
     * {@code stale} says is over (its node died before releasing it) is taken over.
     */
    boolean takeSlot(String user, String callId, Predicate<Optional<Call>> stale) {
        byte[] value = callId.getBytes(StandardCharsets.UTF_8);
        if (store.putIfAbsent(slot(user), value)) {
            return true;
        }
        Optional<String> holder = store.get(slot(user)).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        if (holder.isEmpty() || stale.test(find(holder.get()))) {
            store.put(slot(user), value);
            return true;
        }
        return false;
    }

    /** Forgets the call and frees its parties' slots. */
    void release(Call call) {
        List<String> removes = new ArrayList<>(List.of(key(call.callId()), "answer:" + call.callId(),
                "end:" + call.callId()));
        for (String user : List.of(call.caller(), call.callee())) {
            boolean holds = store.get(slot(user))
                    .map(bytes -> new String(bytes, StandardCharsets.UTF_8).equals(call.callId())).orElse(false);
            if (holds) {
                removes.add(slot(user));
            }
        }
        store.update(Map.of(), removes);
    }

    /** Forgets a call that never rang (its caller was already in a call). */
    void discard(String callId) {
        store.remove(key(callId));
    }

    private static String key(String callId) {
        return "call:" + callId;
    }

    private static String slot(String user) {
        return "user:" + user;
    }
}
