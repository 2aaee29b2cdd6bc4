package dev.gatewise.teamtalk.content;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.files.FileService;
import dev.gatewise.files.meta.Voice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TeamTalk's audio messages (types 2 and 18) and the gateway's voice messages, both ways. TeamTalk carries the clip
 * inline, unencrypted: a big-endian u32 of its length in seconds, then the recording (Ogg Speex from the apps, AMR
 * from some). On the way in the recording becomes the sender's file and is processed like any voice clip (the server
 * measures it; the client's seconds are not trusted). On the way out, a voice message whose original TeamTalk
 * clients play (Speex or AMR-NB) and that fits in a packet goes as audio; any other goes as a line of text with its
 * duration and a link (see {@link MessageText}).
 */
public final class TeamTalkAudio {
    private static final Logger log = LoggerFactory.getLogger(TeamTalkAudio.class);
    /** Codecs (FFmpeg's names) of originals TeamTalk's apps play. */
    private static final Set<String> PLAYED = Set.of("speex", "amrnb");

    private final FileService files;
    private final int maxInlineBytes;

    /** @param files this node's file service, or null when it has none: audio is then dropped, voice sent as links */
    public TeamTalkAudio(FileService files, int maxInlineBytes) {
        this.files = files;
        this.maxInlineBytes = maxInlineBytes;
    }

    /** Stores a TeamTalk audio message's recording as {@code owner}'s voice clip; the file id once ready. */
    public CompletableFuture<String> store(String owner, byte[] msgData) {
        if (files == null) {
            return CompletableFuture.failedFuture(new IOException("this node has no file service"));
        }
        if (msgData.length <= 4) {
            return CompletableFuture.failedFuture(new IOException("an audio message without audio"));
        }
        byte[] clip = new byte[msgData.length - 4];
        System.arraycopy(msgData, 4, clip, 0, clip.length);
        String type = startsWith(clip, "#!AMR") ? "audio/amr" : startsWith(clip, "OggS") ? "audio/ogg"
                : "application/octet-stream";
        try {
            return files.storeVoice(owner, "teamtalk-audio." + (type.equals("audio/amr") ? "amr" : "spx"), type, clip)
                    .thenApply(record -> {
                        Voice voice = record.voice();
                        if (!voice.isReady()) {
                            throw new IllegalStateException(voice.error() + ": " + voice.message());
                        }
                        return record.id();
                    });
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A voice message's content as TeamTalk audio data (seconds, then the original), when clients can play it. */
    public Optional<byte[]> toClient(JsonNode content) {
        if (files == null || !PLAYED.contains(content.path("codec").asText())
                || content.path("size").asLong() > maxInlineBytes - 4) {
            return Optional.empty();
        }
        try {
            byte[] clip = files.readSmall(content.path("id").asText(), maxInlineBytes - 4);
            int seconds = (int) Math.max(1, Math.round(content.path("durationMs").asLong() / 1000.0));
            return Optional.of(ByteBuffer.allocate(4 + clip.length).putInt(seconds).put(clip).array());
        } catch (IOException | RuntimeException e) {
            log.info("Voice clip {} goes to TeamTalk as a link: {}", content.path("id").asText(), e.toString());
            return Optional.empty();
        }
    }

    private static boolean startsWith(byte[] bytes, String magic) {
        if (bytes.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (bytes[i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
