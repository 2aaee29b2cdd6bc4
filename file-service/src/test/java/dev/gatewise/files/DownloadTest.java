package dev.gatewise.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.files.testing.Curl;
import dev.gatewise.files.testing.FileServer;
import dev.gatewise.files.testing.Uploader;
import dev.gatewise.im.testing.TestServer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Downloads as curl sees them: ranges, validators, conditional requests, HEAD. */
class DownloadTest {
    static FileServer server;
    static TestServer.User alice;
    static byte[] data = TusUploadTest.random(100_000);
    static JsonNode file;
    static String url;
    static String auth;

    @BeforeAll
    static void start() throws Exception {
        server = new FileServer(null, settings -> {});
        alice = server.chat().user("alice");
        file = Uploader.upload(server, alice, "report \"final\".pdf", "application/pdf", data);
        url = server.url(file.get("url").asText());
        auth = "Authorization: Bearer " + alice.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void wholeFileWithValidatorsAndItsOriginalName() throws Exception {
        var r = Curl.run("-H", auth, url);
        assertThat(r.status()).isEqualTo(200);
        assertThat(TusUploadTest.sha256(r.body())).isEqualTo(TusUploadTest.sha256(data));
        assertThat(r.headers().get("content-length")).isEqualTo("100000");
        assertThat(r.headers().get("accept-ranges")).isEqualTo("bytes");
        assertThat(r.headers().get("etag")).isEqualTo("\"" + TusUploadTest.sha256(data) + "\"");
        assertThat(r.headers().get("last-modified")).isNotBlank();
        assertThat(r.headers().get("content-type")).isEqualTo("application/pdf");
        assertThat(r.headers().get("content-disposition"))
                .isEqualTo("attachment; filename=\"report _final_.pdf\"; filename*=UTF-8''report%20%22final%22.pdf");
    }

    @Test
    void ranges() {
        var first = Curl.run("-H", auth, "-H", "Range: bytes=0-9", url);
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.headers().get("content-range")).isEqualTo("bytes 0-9/100000");
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(data, 0, 10));

        var suffix = Curl.run("-H", auth, "-H", "Range: bytes=-5", url);
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 99_995, 100_000));

        var open = Curl.run("-H", auth, "-r", "99990-", url);
        assertThat(open.headers().get("content-range")).isEqualTo("bytes 99990-99999/100000");
        assertThat(open.body()).hasSize(10);

        var pastEnd = Curl.run("-H", auth, "-H", "Range: bytes=100000-100010", url);
        assertThat(pastEnd.status()).isEqualTo(416);
        assertThat(pastEnd.headers().get("content-range")).isEqualTo("bytes */100000");
        assertThat(pastEnd.text()).contains("\"error\":\"range_not_satisfiable\"");

        var several = Curl.run("-H", auth, "-H", "Range: bytes=0-1,5-6", url);
        assertThat(several.status()).isEqualTo(200); // several ranges are answered with the whole file
        assertThat(several.body()).hasSize(100_000);
    }

    @Test
    void anInvalidRangeIsIgnored() {
        // RFC 9110 14.1.2: a last byte before the first makes the range invalid, and an invalid Range is ignored.
        for (String range : List.of("bytes=500-100", "bytes=99999999999999999999-1")) {
            var inverted = Curl.run("-H", auth, "-H", "Range: " + range, url);
            assertThat(inverted.status()).as(range).isEqualTo(200);
            assertThat(inverted.headers()).as(range).doesNotContainKey("content-range");
            assertThat(inverted.body()).as(range).isEqualTo(data);
        }
    }

    @Test
    void conditionalRequests() {
        String etag = Curl.run("-H", auth, "-I", url).headers().get("etag");
        String lastModified = Curl.run("-H", auth, "-I", url).headers().get("last-modified");

        var unchanged = Curl.run("-H", auth, "-H", "If-None-Match: " + etag, url);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(Curl.run("-H", auth, "-H", "If-None-Match: \"other\"", url).status()).isEqualTo(200);
        assertThat(Curl.run("-H", auth, "-H", "If-Modified-Since: " + lastModified, url).status()).isEqualTo(304);

        var sameCopy = Curl.run("-H", auth, "-H", "Range: bytes=0-99", "-H", "If-Range: " + etag, url);
        assertThat(sameCopy.status()).isEqualTo(206);
        var otherCopy = Curl.run("-H", auth, "-H", "Range: bytes=0-99", "-H", "If-Range: \"stale\"", url);
        assertThat(otherCopy.status()).isEqualTo(200);
        assertThat(otherCopy.body()).hasSize(100_000);
    }

    @Test
    void headHasTheHeadersAndNoBody() {
        var head = Curl.run("-H", auth, "-I", url);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("content-length")).isEqualTo("100000");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void badRequestsGetJsonErrors() {
        var noToken = Curl.run(url);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.text()).contains("\"error\":\"unauthorized\"");
        var traversal = Curl.run("-H", auth, "--path-as-is", server.url("/files/../../etc/passwd"));
        assertThat(traversal.status()).isIn(400, 404);
        var encoded = Curl.run("-H", auth, server.url("/files/..%2F..%2Fetc%2Fpasswd"));
        assertThat(encoded.status()).isEqualTo(404);
        assertThat(encoded.text()).contains("\"error\":\"not_found\"");
        var unknown = Curl.run("-H", auth, server.url("/files/AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(unknown.status()).isEqualTo(404);
        var wrongMethod = Curl.run("-H", auth, "-X", "PUT", url);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.text()).contains("method_not_allowed");
    }
}
