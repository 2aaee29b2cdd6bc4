package dev.gatewise.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each call ends as a message of kind {@code call} from the caller in the direct conversation, so every device and
 * the history show it. Only the server writes the kind.
 */
final class CallHistory implements MessageKindPolicy {
    static final String KIND = "call";
    private static final Logger log = LoggerFactory.getLogger(CallHistory.class);

    private final ChatNode node;

    CallHistory(ChatNode node) {
        this.node = node;
    }

    @Override
    public JsonNode check(String sender, ConversationId conversation, JsonNode content) {
        throw new ProtocolException(ErrorCode.FORBIDDEN, "call entries are written by the server");
    }

    /**
     * @param result   {@code missed}, {@code rejected} or {@code ended}
     * @param reason   why: {@code timeout}, {@code offline}, {@code busy}, {@code cancelled}, {@code rejected},
     *                 {@code hangup}, {@code disconnected}
     * @param duration seconds of an ended call, else ignored
     */
    void record(Call call, String result, String reason, long duration) {
        ObjectNode content = FrameJson.MAPPER.createObjectNode();
        content.put("callId", call.callId());
        content.set("media", FrameJson.MAPPER.valueToTree(call.media()));
        content.put("result", result);
        content.put("reason", reason);
        if (result.equals("ended")) {
            content.put("duration", duration);
        }
        try {
            node.postAs(call.caller(), call.callee(), null, KIND, content);
        } catch (RuntimeException e) {
            // The call is over either way; only its line in the history is lost.
            log.warn("Could not record the end of call {} ({}): {}", call.callId(), result, e.toString());
        }
    }
}
