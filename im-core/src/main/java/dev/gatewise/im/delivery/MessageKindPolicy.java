package dev.gatewise.im.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;

/**
 * Rules another module attaches to a message kind (the file service to {@code file}, for instance):
 * it checks such messages before they are stored and learns of them once they are.
 */
public interface MessageKindPolicy {
    /**
     * Checks a message of this kind and returns the content to store: the sender's, or a completed copy (the file
     * service fills in a file's name, size and checksum from its own record, so receivers can trust them). Refuses
     * the message by throwing {@link dev.gatewise.im.protocol.ProtocolException} (its request id is filled in by the
     * caller when missing). Runs on a worker thread; may block.
     */
    JsonNode check(String sender, ConversationId conversation, JsonNode content);

    /** The message was stored (not called for a resend of a stored message). */
    default void stored(Message message) {}
}
