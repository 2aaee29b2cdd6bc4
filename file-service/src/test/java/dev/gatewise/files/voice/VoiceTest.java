package dev.gatewise.files.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.files.testing.FileServer;
import dev.gatewise.files.testing.Uploader;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Voice clips in every supported format, made by ffmpeg: the server's duration agrees with ffprobe's, the waveform
 * has its bars, the playable copy is AAC in MP4 that ffmpeg decodes; what is not audio, broken or too long is
 * refused with a JSON error; a voice message carries the server's figures, not the sender's.
 */
class VoiceTest {
    @TempDir
    static Path clips;

    FileServer server;
    TestServer.User alice;
    TestServer.User bob;

    @BeforeEach
    void start() throws Exception {
        server = new FileServer(null, settings -> {
            settings.setMaxVoiceDuration(Duration.ofSeconds(20));
            settings.setVoiceQueue(2);
        });
        alice = server.chat().user("alice");
        bob = server.chat().user("bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "opus.webm, audio/webm, -c:a libopus -b:a 32k",
        "opus.ogg, audio/ogg, -c:a libopus -b:a 32k",
        "aac.m4a, audio/mp4, -c:a aac -b:a 64k",
        "clip.mp3, audio/mpeg, -c:a libmp3lame -b:a 64k",
        "clip.wav, audio/wav, -ac 1 -c:a pcm_s16le",
        "clip.amr, audio/amr, amr",
    })
    void everyFormatBecomesAVoiceClipWithFfprobesDuration(String name, String type, String args) throws Exception {
        Path clip = args.equals("amr") ? AudioFiles.amr(clips, name, 3.3)
                : AudioFiles.make(clips, name, 3.3, args.split(" "));
        JsonNode file = Uploader.upload(server, alice, name, type, Files.readAllBytes(clip));

        HttpResponse<byte[]> processed = voice(file, alice);
        assertThat(processed.statusCode()).as(body(processed)).isEqualTo(200);
        JsonNode voice = TestServer.json(body(processed)).get("voice");
        assertThat(voice.get("state").asText()).isEqualTo("ready");
        long probed = args.equals("amr") ? AudioFiles.packetMillis(clip) : AudioFiles.probeMillis(clip);
        assertThat(voice.get("durationMs").asLong()).isCloseTo(probed,
                org.assertj.core.data.Offset.offset(50L));
        assertThat(voice.get("peaks")).hasSize(64);
        assertThat(voice.get("peaks").get(0).asInt()).isBetween(0, 100);
        assertThat(max(voice.get("peaks"))).isEqualTo(100);

        var playable = server.send(server.request(voice.get("playable").asText()).GET(), alice.token());
        assertThat(playable.statusCode()).isEqualTo(200);
        assertThat(playable.headers().firstValue("Content-Type")).contains("audio/mp4");
        Path copy = clips.resolve(name + ".playable.m4a");
        Files.write(copy, playable.body());
        assertThat(AudioFiles.audioCodec(copy)).isEqualTo("aac");
        assertThat(AudioFiles.decodeErrors(copy)).isEmpty();
        assertThat(AudioFiles.probeMillis(copy)).isCloseTo(voice.get("durationMs").asLong(),
                org.assertj.core.data.Offset.offset(100L));

        // Asking again answers the same at once; the info says the same.
        assertThat(TestServer.json(body(voice(file, alice))).get("voice")).isEqualTo(voice);
        assertThat(TestServer.json(body(server.send(server.request(file.get("url").asText() + "/info").GET(),
                alice.token()))).get("voice")).isEqualTo(voice);
    }

    @Test
    void whatIsNotAudioIsRefused() throws Exception {
        var image = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", bytes);
        byte[] png = bytes.toByteArray();
        // An image with an audio file's name and type.
        JsonNode renamed = Uploader.upload(server, alice, "clip.m4a", "audio/mp4", png);
        expectRefusal(voice(renamed, alice), 415, "not_audio");
        JsonNode text = Uploader.upload(server, alice, "clip.ogg", "audio/ogg",
                "just some words, not sound".getBytes(StandardCharsets.UTF_8));
        expectRefusal(voice(text, alice), 415, "not_audio");
        JsonNode info = TestServer.json(body(server.send(server.request(text.get("url").asText() + "/info").GET(),
                alice.token())));
        assertThat(info.get("voice").get("state").asText()).isEqualTo("failed");
        assertThat(info.get("voice").get("error").asText()).isEqualTo("not_audio");
    }

    @Test
    void aBrokenClipIsRefused() throws Exception {
        byte[] ogg = Files.readAllBytes(AudioFiles.make(clips, "broken-source.ogg", 3, "-c:a", "libopus"));
        // The headers survive, the audio pages are noise.
        var random = new java.util.Random(7);
        for (int i = 400; i < ogg.length; i++) {
            ogg[i] = (byte) random.nextInt();
        }
        JsonNode file = Uploader.upload(server, alice, "broken.ogg", "audio/ogg", ogg);
        HttpResponse<byte[]> answer = voice(file, alice);
        assertThat(answer.statusCode()).as(body(answer)).isIn(415, 422);
        assertThat(TestServer.json(body(answer)).get("error").asText()).isIn("not_audio", "unreadable");
    }

    @Test
    void aClipOverTheLimitIsRefused() throws Exception {
        // The WebM says how long it is; the raw AAC (ADTS) does not, so it is found out while decoding.
        for (String name : List.of("long.webm", "long.aac")) {
            Path clip = AudioFiles.make(clips, name, 25, "-c:a", name.endsWith("webm") ? "libopus" : "aac");
            JsonNode file = Uploader.upload(server, alice, name, "audio/webm", Files.readAllBytes(clip));
            expectRefusal(voice(file, alice), 413, "too_long");
        }
    }

    @Test
    void onlyTheUploaderStartsProcessing() throws Exception {
        JsonNode file = Uploader.upload(server, alice, "a.wav", "audio/wav",
                Files.readAllBytes(AudioFiles.make(clips, "mine.wav", 1)));
        assertThat(voice(file, bob).statusCode()).isEqualTo(403);
    }

    @Test
    void aFullQueueAnswersBusy() throws Exception {
        byte[] clip = Files.readAllBytes(AudioFiles.make(clips, "busy.wav", 19));
        var answers = new ArrayList<CompletableFuture<HttpResponse<byte[]>>>();
        var files = new ArrayList<JsonNode>();
        for (int i = 0; i < 6; i++) {
            files.add(Uploader.upload(server, alice, "busy" + i + ".wav", "audio/wav", clip));
        }
        for (JsonNode file : files) {
            answers.add(CompletableFuture.supplyAsync(() -> voice(file, alice)));
        }
        var statuses = answers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        assertThat(statuses).contains(200, 503);
        var busy = answers.stream().map(CompletableFuture::join).filter(a -> a.statusCode() == 503).findFirst();
        assertThat(TestServer.json(body(busy.orElseThrow())).get("error").asText()).isEqualTo("busy");
    }

    @Test
    void aVoiceMessageCarriesTheServersFiguresAndSharesTheClip() throws Exception {
        Path clip = AudioFiles.make(clips, "hello.webm", 2.5, "-c:a", "libopus");
        JsonNode file = Uploader.upload(server, alice, "hello.webm", "audio/webm", Files.readAllBytes(clip));
        try (ChatClient a = server.chat().wsAs(alice, "web"); ChatClient b = server.chat().tcpAs(bob, "phone")) {
            JsonNode early = a.request("s0", ChatClient.frame("send", "to", bob.name(), "kind", "voice",
                    "clientMsgId", "m0", "content", Map.of("id", file.get("id").asText())));
            assertThat(early.get("code").asText()).as(early.toString()).isEqualTo("invalid_field");

            JsonNode ready = TestServer.json(body(voice(file, alice))).get("voice");
            JsonNode ack = a.request("s1", ChatClient.frame("send", "to", bob.name(), "kind", "voice",
                    "clientMsgId", "m1", "content", Map.of("id", file.get("id").asText(), "durationMs", 1,
                            "peaks", List.of(1, 2))));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            JsonNode content = b.awaitType("push").get("message").get("content");
            assertThat(content.get("durationMs").asLong()).isEqualTo(ready.get("durationMs").asLong());
            assertThat(content.get("peaks")).isEqualTo(ready.get("peaks"));
            assertThat(content.get("name").asText()).isEqualTo("hello.webm");
            assertThat(content.get("playable").asText()).isEqualTo(file.get("url").asText() + "/playable");
            assertThat(content.has("voice")).isFalse();
            var asBob = server.send(server.request(content.get("playable").asText()).GET(), bob.token());
            assertThat(asBob.statusCode()).isEqualTo(200);
        }
        var notShared = server.chat().user("carol");
        assertThat(server.send(server.request(file.get("url").asText() + "/playable").GET(), notShared.token())
                .statusCode()).isEqualTo(403);
    }

    private HttpResponse<byte[]> voice(JsonNode file, TestServer.User user) {
        return server.send(server.request(file.get("url").asText() + "/voice").POST(BodyPublishers.noBody()),
                user.token());
    }

    private static void expectRefusal(HttpResponse<byte[]> answer, int status, String code) {
        assertThat(answer.statusCode()).as(body(answer)).isEqualTo(status);
        JsonNode error = TestServer.json(body(answer));
        assertThat(error.get("error").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    private static int max(JsonNode peaks) {
        int max = 0;
        for (JsonNode peak : peaks) {
            max = Math.max(max, peak.asInt());
        }
        return max;
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
