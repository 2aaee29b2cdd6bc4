package dev.gatewise.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.FrameJson;
import java.io.UncheckedIOException;

/** The {@code call} frames the server sends, encoded once for every device they go to. */
final class CallFrames {
    private CallFrames() {}

    static ObjectNode frame(String action, String callId) {
        ObjectNode frame = FrameJson.MAPPER.createObjectNode();
        frame.put("type", "call");
        frame.put("action", action);
        frame.put("callId", callId);
        return frame;
    }

    static EncodedFrame of(String action, String callId) {
        return encode(frame(action, callId));
    }

    static EncodedFrame invite(Call call) {
        ObjectNode frame = frame("invite", call.callId());
        frame.put("from", call.caller());
        frame.set("media", FrameJson.MAPPER.valueToTree(call.media()));
        return encode(frame);
    }

    static EncodedFrame withReason(String action, String callId, String reason) {
        return encode(frame(action, callId).put("reason", reason));
    }

    static EncodedFrame signal(String callId, String field, JsonNode value) {
        ObjectNode frame = frame("signal", callId);
        frame.set(field, value);
        return encode(frame);
    }

    static EncodedFrame encode(ObjectNode frame) {
        try {
            return new EncodedFrame(FrameJson.MAPPER.writeValueAsBytes(frame));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
