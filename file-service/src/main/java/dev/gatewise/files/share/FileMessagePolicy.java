package dev.gatewise.files.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.files.FileInfo;
import dev.gatewise.files.access.FileSharing;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.http.ApiException;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;

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
        JsonNode idField = content == null ? null : content.get("id");
        if (!(content instanceof ObjectNode) || idField == null || !FileId.isValid(idField.asText())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "a file message's content is {\"id\": FILE_ID, ...}");
        }
        FileRecord record;
        try {
            record = sharing.find(new FileId(idField.asText()));
        } catch (ApiException e) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such file");
        }
        if (!sharing.canRead(sender, record)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "you may only send files you uploaded or received");
        }
        if (!record.complete()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "the file's upload is not complete");
        }
        ObjectNode completed = ((ObjectNode) content).deepCopy();
        completed.setAll((ObjectNode) FrameJson.MAPPER.valueToTree(FileInfo.of(record)));
        return completed;
    }

    @Override
    public void stored(Message message) {
        sharing.records().share(new FileId(message.content().get("id").asText()), message.conversation());
    }
}
