package dev.gatewise.files.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.files.FileInfo;
import dev.gatewise.files.access.FileSharing;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.http.ApiException;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;

/** What every message kind that carries a file checks and fills in: {@code content.id} names a file one may share. */
final class SharedFile {
    private SharedFile() {}

    /** The complete file {@code content.id} names, which {@code sender} may share. */
    static FileRecord of(FileSharing sharing, String sender, JsonNode content, String kind) {
        JsonNode idField = content == null ? null : content.get("id");
        if (!(content instanceof ObjectNode) || idField == null || !FileId.isValid(idField.asText())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a " + kind + " message's content is {\"id\": FILE_ID, ...}");
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
        return record;
    }

    /** The sender's content with the file's description from its record over it. */
    static ObjectNode described(JsonNode content, FileRecord record) {
        ObjectNode completed = ((ObjectNode) content).deepCopy();
        completed.setAll((ObjectNode) FrameJson.MAPPER.valueToTree(FileInfo.of(record)));
        return completed;
    }

    /** Once stored, the conversation's members may read the file. */
    static void share(FileSharing sharing, Message message) {
        sharing.records().share(new FileId(message.content().get("id").asText()), message.conversation());
    }
}
