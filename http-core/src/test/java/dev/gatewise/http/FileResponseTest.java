package dev.gatewise.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A region of a file answered as a whole of its own: its length, its own ranges and tag, its bytes only. */
class FileResponseTest {

    @TempDir
    Path dir;

    @Test
    void aRegionIsAnsweredAsAWholeWithRangesWithinIt() throws IOException {
        Path file = Files.writeString(dir.resolve("seg-1.m4s"), "0123456789");

        var whole = answer(FileResponse.region(file, 3, 4, new DefaultHttpHeaders()), null);
        assertThat(whole.head().status().code()).isEqualTo(200);
        assertThat(whole.head().headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("4");
        assertThat(whole.body()).isEqualTo("3456");

        var ranged = answer(FileResponse.region(file, 3, 4, new DefaultHttpHeaders()), "bytes=1-2");
        assertThat(ranged.head().status().code()).isEqualTo(206);
        assertThat(ranged.head().headers().get(HttpHeaderNames.CONTENT_RANGE)).isEqualTo("bytes 1-2/4");
        assertThat(ranged.body()).isEqualTo("45");

        // Another region of the same file is another entity.
        assertThat(whole.head().headers().get(HttpHeaderNames.ETAG))
            .isNotEqualTo(answer(FileResponse.region(file, 0, 4, new DefaultHttpHeaders()), null).head().headers()
                .get(HttpHeaderNames.ETAG))
            .isNotEqualTo(answer(FileResponse.open(file, new DefaultHttpHeaders()), null).head().headers()
                .get(HttpHeaderNames.ETAG));
        assertThatThrownBy(() -> FileResponse.region(file, 8, 4, new DefaultHttpHeaders()))
            .isInstanceOf(EOFException.class);
    }

    private record Answer(HttpResponse head, String body) {}

    private static Answer answer(FileResponse response, String range) throws IOException {
        var channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/f");
        if (range != null) {
            request.headers().set(HttpHeaderNames.RANGE, range);
        }
        response.send(channel.pipeline().firstContext(), request);
        HttpResponse head = channel.readOutbound();
        var body = new ByteArrayOutputStream();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            if (message instanceof FileRegion region) {
                region.transferTo(Channels.newChannel(body), 0);
                region.release();
            }
        }
        channel.finishAndReleaseAll();
        request.release();
        return new Answer(head, body.toString(StandardCharsets.US_ASCII));
    }
}
