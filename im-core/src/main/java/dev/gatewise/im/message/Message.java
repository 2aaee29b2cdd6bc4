package dev.gatewise.im.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stored message. {@code msgId} is unique across the product (clients dedupe by it);
 * {@code seq} orders it within its conversation, from 1 without gaps.
 *
 * @param to the recipient of a direct message, null for a group message
 * @param group the group of a group message, null for a direct message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        String msgId,
        String conversation,
        long seq,
        String from,
        String to,
        String group,
        String kind,
        JsonNode content,
        String clientMsgId,
        long ts) {

    public Message withSeq(long newSeq) {
        return new Message(msgId, conversation, newSeq, from, to, group, kind, content, clientMsgId, ts);
    }
}
