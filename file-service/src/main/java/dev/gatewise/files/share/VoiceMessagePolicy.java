package dev.gatewise.files.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.files.access.FileSharing;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.Voice;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;

/**
 * Chat messages of kind {@code voice}: like {@code file}, and the file must be a voice clip the server processed
 * ({@code POST /files/ID/voice} answered ready). Its duration, waveform, playable copy and the original's codec come
 * from that processing, never from the sender.
 */
public final class VoiceMessagePolicy implements MessageKindPolicy {
    public static final String KIND = "voice";

    private final FileSharing sharing;

    public VoiceMessagePolicy(FileSharing sharing) {
        this.sharing = sharing;
    }

    @Override
    public JsonNode check(String sender, ConversationId conversation, JsonNode content) {
        FileRecord record = SharedFile.of(sharing, sender, content, KIND);
        Voice voice = record.voice();
        if (voice == null || !voice.isReady()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, voice == null
                    ? "the file is not a voice clip: POST /files/" + record.id() + "/voice first"
                    : "the voice clip is " + voice.state() + (voice.message() == null ? "" : ": " + voice.message()));
        }
        ObjectNode described = SharedFile.described(content, record);
        described.remove("voice");
        described.put("durationMs", voice.durationMs());
        described.set("peaks", FrameJson.MAPPER.valueToTree(voice.peaks()));
        described.put("playable", "/files/" + record.id() + "/playable");
        described.put("codec", voice.codec());
        return described;
    }

    @Override
    public void stored(Message message) {
        SharedFile.share(sharing, message);
    }
}
