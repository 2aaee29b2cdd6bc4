package dev.gatewise.gateway;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.testing.WsChatClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Going live through the packaged gateway: Debian's ffmpeg publishes RTMP with a chat token, the group hears that
 * the stream started, the stream is listed to the group's members only, ffprobe reads the HLS over HTTP by the
 * signed link they get (source and a transcoded rung) and RTMP with a member's token, every HLS file refuses
 * anyone else, it has a thumbnail, and when the publisher stops the playlists end and the group hears that too.
 */
class MediaIT {
    static final double TARGET = 2.0;

    @TempDir
    Path temp;

    @Test
    void aStreamPublishedWithAChatTokenPlaysAsHlsAndIsAnnouncedInItsGroup() throws Exception {
        try (var gateway = new GatewayProcess(temp.resolve("data"), "media-node",
                List.of("--gateway.media.hls.renditions[0]=180p:320x180:250k")).start()) {
            String alice = GatewayIT.login(gateway, "alice");
            String bob = GatewayIT.login(gateway, "bob");
            String carol = GatewayIT.login(gateway, "carol");
            try (WsChatClient aliceWs = gateway.ws(); WsChatClient bobWs = gateway.ws()) {
                aliceWs.auth(alice, "phone");
                bobWs.auth(bob, "browser");
                String group = aliceWs.request("g", frame("group_create", "name", "stage", "members",
                        List.of("bob"))).get("group").asText();

                // A wrong token is refused before anything is published, and so is a user who does not exist.
                assertThat(publish(gateway, "cam1", "wrong", "&group=" + group, 1).waitFor()).isNotZero();
                assertThat(publish(gateway, "cam1", alice, "&to=nobody", 1).waitFor()).isNotZero();

                Process ffmpeg = publish(gateway, "cam1", alice, "&group=" + group, 20);
                JsonNode started = bobWs.await(f -> f.path("type").asText().equals("push")
                        && f.at("/message/kind").asText().equals("live")).get("message");
                assertThat(started.get("from").asText()).isEqualTo("alice");
                assertThat(started.at("/content/event").asText()).isEqualTo("started");
                assertThat(started.at("/content/hls").asText()).isEqualTo("/hls/cam1/index.m3u8");

                var streams = gateway.send(HttpRequest.newBuilder(gateway.uri("/api/streams"))
                        .header("Authorization", "Bearer " + bob).GET().build());
                assertThat(streams.statusCode()).isEqualTo(200);
                JsonNode listed = FrameJson.MAPPER.readTree(streams.body()).get("streams").get(0);
                assertThat(listed.get("name").asText()).isEqualTo("cam1");
                assertThat(listed.get("publisher").asText()).isEqualTo("alice");
                assertThat(listed.get("public").asBoolean()).isFalse();
                Matcher link = Pattern.compile("/hls/([0-9]+\\.[A-Za-z0-9_-]+)/cam1/index\\.m3u8")
                        .matcher(listed.get("hls").asText());
                assertThat(link.matches()).as(listed.toString()).isTrue();
                assertThat(listed.get("thumbnail").asText()).isEqualTo("/hls/" + link.group(1) + "/cam1/thumb.jpg");
                assertThat(listed.get("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis());
                String base = "/hls/" + link.group(1) + "/cam1";
                // Not to carol, who is not in the group.
                var carols = gateway.send(HttpRequest.newBuilder(gateway.uri("/api/streams"))
                        .header("Authorization", "Bearer " + carol).GET().build());
                assertThat(FrameJson.MAPPER.readTree(carols.body()).get("streams")).isEmpty();
                assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/api/streams/cam1"))
                        .header("Authorization", "Bearer " + carol).GET().build()).statusCode()).isEqualTo(404);
                var one = gateway.send(HttpRequest.newBuilder(gateway.uri("/api/streams/cam1"))
                        .header("Authorization", "Bearer " + bob).GET().build());
                assertThat(one.statusCode()).isEqualTo(200);
                assertThat(FrameJson.MAPPER.readTree(one.body()).get("hls").asText()).startsWith("/hls/");

                // A classic (MPEG-TS) player handed the link this early waits for the playlist's first three
                // segments instead of getting 404.
                var classic = gateway.get(base + "/src/ts.m3u8");
                assertThat(classic.statusCode()).as(classic.body()).isEqualTo(200);
                assertThat(classic.body()).contains("#EXTINF");

                // The master playlist lists the source and the rung; both play while live.
                String master = await().atMost(Duration.ofSeconds(20)).until(
                        () -> text(gateway, base + "/index.m3u8"), t -> t.contains("180p/index.m3u8"));
                assertThat(master).contains("#EXT-X-STREAM-INF", "src/index.m3u8", "RESOLUTION=640x360",
                        "RESOLUTION=320x180");
                var playlist = gateway.send(HttpRequest.newBuilder(gateway.uri(base + "/src/index.m3u8")).GET()
                        .build());
                assertThat(playlist.headers().firstValue("content-type")).hasValue("application/vnd.apple.mpegurl");
                assertThat(playlist.headers().firstValue("access-control-allow-origin")).hasValue("*");
                // ffprobe follows the signed master playlist's relative URIs to both renditions.
                assertThat(codecs(ffprobe(gateway.uri(base + "/index.m3u8").toString())))
                        .containsExactlyInAnyOrder("h264", "aac", "h264", "aac");
                JsonNode source = ffprobe(gateway.uri(base + "/src/index.m3u8").toString());
                assertThat(codecs(source)).containsExactlyInAnyOrder("h264", "aac");
                assertThat(video(source).get("width").asInt()).isEqualTo(640);
                assertThat(video(source).get("height").asInt()).isEqualTo(360);

                lowLatency(gateway, ffmpeg, base);

                await().atMost(Duration.ofSeconds(20)).until(() -> status(gateway, base + "/thumb.jpg") == 200);
                onlyForTheGroup(gateway, base, bob, carol);
                rtmpPlayTakesAMembersToken(gateway, bob, carol);
                var thumb = gateway.send(HttpRequest.newBuilder(gateway.uri(base + "/thumb.jpg")).GET().build());
                assertThat(thumb.headers().firstValue("content-type")).hasValue("image/jpeg");

                assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
                JsonNode ended = bobWs.await(f -> f.path("type").asText().equals("push")
                        && f.at("/message/content/event").asText().equals("ended")).get("message");
                assertThat(ended.at("/content/stream").asText()).isEqualTo("cam1");

                String ending = await().atMost(Duration.ofSeconds(20)).until(
                        () -> text(gateway, base + "/src/index.m3u8"), t -> t.contains("#EXT-X-ENDLIST"));
                List<Double> durations = durations(ending);
                assertThat(durations).isNotEmpty();
                // Cut on keyframes (every 2 s here) once the target is reached: none longer than target + one GOP.
                assertThat(durations.subList(0, durations.size() - 1)).allSatisfy(d ->
                        assertThat(d).isBetween(TARGET - 0.1, TARGET * 2 + 0.1));
                Matcher sequence = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(ending);
                assertThat(sequence.find()).isTrue();

                String rung = text(gateway, base + "/180p/index.m3u8");
                assertThat(rung).contains("#EXT-X-ENDLIST");
                // Ended, its files keep the group's rule.
                assertThat(status(gateway, "/hls/cam1/180p/index.m3u8")).isEqualTo(401);
                assertThat(gateway.send(HttpRequest.newBuilder(gateway.uri("/hls/cam1/180p/index.m3u8"))
                        .header("Authorization", "Bearer " + carol).build()).statusCode()).isEqualTo(403);
                JsonNode small = ffprobe(gateway.uri(base + "/180p/index.m3u8").toString());
                assertThat(video(small).get("codec_name").asText()).isEqualTo("h264");
                assertThat(video(small).get("width").asInt()).isEqualTo(320);
                assertThat(video(small).get("height").asInt()).isEqualTo(180);
            }
        }
    }

    /** A logout ends the publish that rides on the token, through the packaged gateway's one access check. */
    @Test
    void aPublishEndsWhenItsPublisherLogsOut() throws Exception {
        try (var gateway = new GatewayProcess(temp.resolve("data"), "media-node", List.of()).start()) {
            String alice = GatewayIT.login(gateway, "alice");
            // Public, so that bob would see it listed while it is live.
            Process ffmpeg = publish(gateway, "cam2", alice, "&public=1", 60);
            await().atMost(Duration.ofSeconds(20)).until(() -> text(gateway, "/api/streams", alice)
                    .contains("\"cam2\""));
            var logout = gateway.send(HttpRequest.newBuilder(gateway.uri("/api/sessions"))
                    .header("Authorization", "Bearer " + alice).DELETE().build());
            assertThat(logout.statusCode()).isEqualTo(204);
            assertThat(ffmpeg.waitFor(15, TimeUnit.SECONDS)).as("ffmpeg is cut off long before its 60 s").isTrue();
            assertThat(ffmpeg.exitValue()).isNotZero();
            String bob = GatewayIT.login(gateway, "bob");
            await().atMost(Duration.ofSeconds(10)).until(() -> !text(gateway, "/api/streams", bob).contains("cam2"));
        }
    }

    private static String text(GatewayProcess gateway, String path, String token) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", "Bearer " + token)
                .GET().build()).body();
    }

    /**
     * The source's Low-Latency HLS while live: parts, server control, a report on the rung, a hinted part answered
     * once it exists, a blocking reload answered with the part it asked for, the spec's refusals, the parts of a
     * complete segment (served from its file) being that file's bytes, and the time limit while the publisher is
     * stopped.
     */
    private static void lowLatency(GatewayProcess gateway, Process ffmpeg, String base) throws Exception {
        String path = base + "/src/index.m3u8";
        String live = await().atMost(Duration.ofSeconds(20)).until(() -> text(gateway, path),
                t -> t.contains("#EXT-X-RENDITION-REPORT:URI=\"../180p/index.m3u8\""));
        assertThat(live).contains("#EXT-X-VERSION:9", "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES",
                "#EXT-X-PART-INF:PART-TARGET=0.400", "#EXT-X-MAP:URI=\"init-", "#EXT-X-PROGRAM-DATE-TIME:",
                "#EXT-X-PART:DURATION=", "INDEPENDENT=YES");
        Matcher hint = Pattern.compile("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(part-(\\d+)-(\\d+)\\.m4s)\"")
                .matcher(live);
        assertThat(hint.find()).as(live).isTrue();
        long msn = Long.parseLong(hint.group(2));
        int part = Integer.parseInt(hint.group(3));

        // The hinted part does not exist yet: its request waits for it.
        var fragment = bytes(gateway, base + "/src/" + hint.group(1));
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.headers().firstValue("content-type")).hasValue("video/mp4");
        assertThat(fragment.headers().firstValue("cache-control")).hasValue("public, max-age=86400, immutable");
        assertThat(new String(fragment.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moof");

        // A blocking reload for the part after it is answered when that part (or the next segment) is there.
        long asked = System.nanoTime();
        var blocked = gateway.get(path + "?_HLS_msn=" + msn + "&_HLS_part=" + (part + 1));
        double waited = (System.nanoTime() - asked) / 1e9;
        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(blocked.body()).containsPattern("part-" + msn + "-" + (part + 1) + "\\.m4s|seg-" + msn + "\\.m4s");
        assertThat(waited).isLessThan(1.5);
        assertThat(blocked.headers().firstValue("cache-control")).hasValueSatisfying(
                c -> assertThat(c).startsWith("public, max-age="));
        assertThat(gateway.get(path + "?_HLS_msn=" + msn + "&_HLS_part=0&_HLS_skip=YES").statusCode())
                .isEqualTo(200);

        // Too far ahead, or a part without its segment: refused at once.
        assertThat(gateway.get(path + "?_HLS_msn=" + (msn + 3)).statusCode()).isEqualTo(400);
        assertThat(gateway.get(path + "?_HLS_part=1").statusCode()).isEqualTo(400);
        assertThat(gateway.get(path + "?_HLS_msn=x").statusCode()).isEqualTo(400);

        // The parts of the last complete segment are its file, range by range, with the headers of a part in memory.
        String recent = text(gateway, path);
        long complete = lastCompleteSegment(recent);
        byte[] segment = bytes(gateway, base + "/src/seg-" + complete + ".m4s").body();
        Matcher listed = Pattern.compile("URI=\"(part-" + complete + "-\\d+\\.m4s)\"").matcher(recent);
        int offset = 0;
        int first = -1;
        while (listed.find()) {
            var older = bytes(gateway, base + "/src/" + listed.group(1));
            assertThat(older.statusCode()).as(listed.group(1)).isEqualTo(200);
            assertThat(older.headers().firstValue("content-type")).hasValue("video/mp4");
            assertThat(older.headers().firstValue("cache-control")).hasValue("public, max-age=86400, immutable");
            assertThat(older.headers().firstValue("access-control-allow-origin")).hasValue("*");
            assertThat(older.headers().firstValue("vary")).hasValue("authorization");
            // Validators come with an answer from a file only: this one was not kept in memory.
            assertThat(older.headers().firstValue("etag")).as(listed.group(1)).isPresent();
            assertThat(older.body()).as(listed.group(1)).isEqualTo(
                    Arrays.copyOfRange(segment, offset, offset + older.body().length));
            first = first < 0 ? older.body().length : first;
            offset += older.body().length;
        }
        assertThat(offset).as("the parts of seg-" + complete + " cover it").isEqualTo(segment.length);
        var head = gateway.send(HttpRequest.newBuilder(gateway.uri(base + "/src/part-" + complete + "-0.m4s"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("content-length")).hasValue(first);
        assertThat(head.body()).isEmpty();

        // With the publisher stopped, a blocking reload gives up after three target durations with 503.
        new ProcessBuilder("kill", "-STOP", Long.toString(ffmpeg.pid())).start().waitFor();
        try {
            Thread.sleep(500);
            String now = text(gateway, path);
            Matcher next = Pattern.compile("PRELOAD-HINT:TYPE=PART,URI=\"part-(\\d+)-(\\d+)\\.m4s\"").matcher(now);
            assertThat(next.find()).isTrue();
            long stalled = System.nanoTime();
            var timedOut = gateway.get(path + "?_HLS_msn=" + next.group(1) + "&_HLS_part=" + next.group(2));
            assertThat(timedOut.statusCode()).isEqualTo(503);
            assertThat((System.nanoTime() - stalled) / 1e9).isBetween(3 * TARGET - 0.5, 3 * TARGET + 2);
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(ffmpeg.pid())).start().waitFor();
        }
    }

    /**
     * Every kind of file the stream has (master and media playlists, LL-HLS part, init segment, fMP4 and TS
     * segments, thumbnail) opens by the signed link and with a member's token; without either it is 401, with an
     * outsider's token or a tampered link 403.
     */
    /** The last match of the pattern's first group in the playlist. */
    private static String newest(String playlist, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(playlist);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertThat(last).as(pattern + " in " + playlist).isNotNull();
        return last;
    }

    private static void onlyForTheGroup(GatewayProcess gateway, String base, String member, String outsider)
            throws Exception {
        // The classic playlist first: MPEG-TS made on request may make it wait, and the part must still be listed.
        String ts = text(gateway, base + "/src/ts.m3u8");
        String media = text(gateway, base + "/src/index.m3u8");
        // First, while they are still listed, the parts: one of the last complete segment (served from the
        // segment's file), then the newest (parts are kept for the last three segments, and each file below takes
        // five requests, some checked off the event loop).
        List<String> files = new ArrayList<>(List.of("src/part-" + lastCompleteSegment(media) + "-0.m4s"));
        files.add("src/" + newest(media, "#EXT-X-PART:DURATION=[0-9.]+,URI=\"(part-\\d+-\\d+\\.m4s)\""));
        files.addAll(List.of("index.m3u8", "src/index.m3u8", "src/ts.m3u8"));
        // The newest of each, so it is still there.
        for (String pattern : List.of("#EXT-X-MAP:URI=\"(init-\\d+\\.mp4)\"", "\n(seg-\\d+\\.m4s)\n")) {
            files.add("src/" + newest(media, pattern));
        }
        Matcher segment = Pattern.compile("\n(seg-\\d+\\.ts)\n").matcher(ts);
        assertThat(segment.find()).as(ts).isTrue();
        files.add("src/" + segment.group(1));
        // Last: each thumbnail request may wait for a fresh one, and parts leave the playlist meanwhile.
        files.add("thumb.jpg");
        String token = base.substring("/hls/".length(), base.lastIndexOf('/'));
        int dot = token.indexOf('.');
        String tampered = "/hls/" + token.substring(0, dot + 1) + (token.charAt(dot + 1) == 'A' ? 'B' : 'A')
                + token.substring(dot + 2) + "/cam1";
        for (String file : files) {
            String open = "/hls/cam1/" + file;
            assertThat(status(gateway, base + "/" + file)).as("signed " + file).isEqualTo(200);
            var refused = gateway.get(open);
            assertThat(refused.statusCode()).as("no token " + file).isEqualTo(401);
            // A player on a page of another origin can read why.
            assertThat(refused.headers().firstValue("access-control-allow-origin")).as("CORS on 401 " + file)
                    .hasValue("*");
            assertThat(bearer(gateway, open, member)).as("member " + file).isEqualTo(200);
            assertThat(bearer(gateway, open, outsider)).as("outsider " + file).isEqualTo(403);
            assertThat(status(gateway, tampered + "/" + file)).as("tampered " + file).isEqualTo(403);
        }
        var refused = gateway.get("/hls/cam1/index.m3u8");
        assertThat(refused.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(FrameJson.MAPPER.readTree(refused.body()).get("error").asText()).isEqualTo("unauthorized");
        assertThat(gateway.get(base + "/index.m3u8").headers().firstValue("vary")).hasValue("authorization");
    }

    /** RTMP play takes a session token of someone who may watch, as publish does: NetStream.Play.Failed if not. */
    private static void rtmpPlayTakesAMembersToken(GatewayProcess gateway, String member, String outsider)
            throws Exception {
        String url = "rtmp://127.0.0.1:" + gateway.rtmpPort() + "/live/cam1";
        assertThat(probeExit(url)).as("no token").isNotZero();
        assertThat(probeExit(url + "?token=" + outsider)).as("outsider").isNotZero();
        assertThat(codecs(ffprobe(url + "?token=" + member))).contains("h264");
    }

    private static int probeExit(String url) throws Exception {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "10000000", "-show_streams", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return probe.exitValue();
    }

    private static int bearer(GatewayProcess gateway, String path, String token) throws IOException {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", "Bearer " + token)
                .build()).statusCode();
    }

    private static Process publish(GatewayProcess gateway, String stream, String token, String conversation,
                                   int seconds) throws IOException {
        String url = "rtmp://127.0.0.1:" + gateway.rtmpPort() + "/live/" + stream + "?token=" + token + conversation;
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", Integer.toString(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "50", "-c:a", "aac", "-f", "flv", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static JsonNode ffprobe(String url) throws Exception {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "10000000", "-show_streams",
                "-of", "json", url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = probe.getInputStream().readAllBytes();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return FrameJson.MAPPER.readTree(out);
    }

    private static List<String> codecs(JsonNode probe) {
        var codecs = new ArrayList<String>();
        probe.get("streams").forEach(s -> codecs.add(s.get("codec_name").asText()));
        return codecs;
    }

    private static JsonNode video(JsonNode probe) {
        for (JsonNode s : probe.get("streams")) {
            if (s.get("codec_type").asText().equals("video")) {
                return s;
            }
        }
        throw new AssertionError("no video stream in " + probe);
    }

    /** The sequence number of the last whole segment a live LL-HLS playlist lists. */
    private static long lastCompleteSegment(String playlist) {
        Matcher m = Pattern.compile("\n(seg-(\\d+)\\.m4s)\n").matcher(playlist);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(2));
        }
        assertThat(last).as(playlist).isNotNegative();
        return last;
    }

    private static HttpResponse<byte[]> bytes(GatewayProcess gateway, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.uri(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<Double> durations(String playlist) {
        var out = new ArrayList<Double>();
        Matcher m = Pattern.compile("#EXTINF:([0-9.]+),").matcher(playlist);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    private static String text(GatewayProcess gateway, String path) throws IOException {
        HttpResponse<String> response = gateway.get(path);
        return response.statusCode() == 200 ? response.body() : "";
    }

    private static int status(GatewayProcess gateway, String path) throws IOException {
        return gateway.get(path).statusCode();
    }
}
