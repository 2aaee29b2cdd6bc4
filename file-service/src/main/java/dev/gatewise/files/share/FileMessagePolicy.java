package dev.gatewise.files.share;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.files.access.FileSharing;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;

/**
 * Chat messages of kind {@code file}: the sender names a file by {@code content.id} (and may add fields of their
 * own, a caption say); the server checks the sender may share it and that it is complete, and fills in its name,
 * size, type, SHA-256 and URLs from the file's record, so receivers can trust them. Once the message is stored,
 * the conversation's members may read the file.
 */
public final class FileMessagePolicy implements MessageKindPolicy {
    public static final String KIND = "file";

    private final FileSharing sharing;

    public FileMessagePolicy(FileSharing sharing) {
        this.sharing = sharing;
    }

    @Override
    public JsonNode check(String sender, ConversationId conversation, JsonNode content) {
        return SharedFile.described(content, SharedFile.of(sharing, sender, content, KIND));
    }

    @Override
    public void stored(Message message) {
        SharedFile.share(sharing, message);
    }
}
