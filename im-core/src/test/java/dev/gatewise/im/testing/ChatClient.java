package dev.gatewise.im.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.protocol.FrameJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real chat client over a real socket (TCP or WebSocket), for tests: send JSON frames, and wait for
 * the frames the server sends, in order.
 */
public abstract class ChatClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    protected final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    protected volatile boolean closed;
    /** Frames already taken out of the inbox but skipped by {@link #await}; later awaits look here first. */
    private final List<JsonNode> skipped = new ArrayList<>();

    /** Sends raw bytes as one frame (for bad-input tests). */
    public abstract void sendRaw(byte[] frame);

    public void send(String json) {
        sendRaw(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void send(JsonNode frame) {
        send(frame.toString());
    }

    public static ObjectNode frame(String type, Object... keyValues) {
        ObjectNode node = FrameJson.MAPPER.createObjectNode().put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], FrameJson.MAPPER.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    /** Sends a request frame with the given id and waits for the answer carrying that id. */
    public JsonNode request(String id, ObjectNode frame) {
        frame.put("id", id);
        send(frame);
        return await(f -> id.equals(f.path("id").asText(null)));
    }

    /** Authenticates; returns the auth_ok frame. */
    public JsonNode auth(String token, String device) {
        JsonNode reply = request("auth", frame("auth", "token", token, "device", device));
        assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("auth_ok");
        return reply;
    }

    /** The next frame, whatever it is. */
    public JsonNode next() {
        return await(f -> true);
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()));
    }

    /** Waits for the first frame matching; frames passed over stay available to later calls. */
    public synchronized JsonNode await(Predicate<JsonNode> match) {
        return poll(match, WAIT).orElseGet(() ->
                fail("no matching frame within " + WAIT + "; unmatched: " + skipped + "; closed: " + closed));
    }

    /** Like {@link #await} but gives up quietly after {@code within}. */
    public synchronized Optional<JsonNode> poll(Predicate<JsonNode> match, Duration within) {
        for (int i = 0; i < skipped.size(); i++) {
            if (match.test(skipped.get(i))) {
                return Optional.of(skipped.remove(i));
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame;
            try {
                frame = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (frame == null) {
                return Optional.empty();
            }
            if (match.test(frame)) {
                return Optional.of(frame);
            }
            skipped.add(frame);
        }
    }

    /** Asserts that no frame matching arrives within {@code within}. */
    public synchronized void assertNone(Predicate<JsonNode> match, Duration within) {
        assertThat(skipped.stream().filter(match)).isEmpty();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame;
            try {
                frame = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (frame != null) {
                assertThat(match.test(frame)).as("unexpected frame %s", frame).isFalse();
                skipped.add(frame);
            }
        }
    }

    /** Waits until the server has closed the connection. */
    public void awaitClosed() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(closed).as("connection closed by the server").isTrue();
    }

    public boolean isClosed() {
        return closed;
    }

    protected void received(byte[] json) {
        try {
            inbox.add(FrameJson.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("server sent invalid JSON: " + new String(json), e);
        }
    }
}
