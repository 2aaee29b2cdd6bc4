package dev.gatewise.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers GET or HEAD for the bytes of a file, as static file servers do: validators (ETag, Last-Modified), the
 * conditional requests that use them (If-None-Match, If-Modified-Since, If-Range), one byte range (206, or 416 when
 * it lies outside the file), and a zero-copy body (a {@link DefaultFileRegion}, sendfile on Linux) that never passes
 * through the heap. Shared by file downloads, HLS and anything else that serves files. The bytes answered may be a
 * region of a larger file, answered as a whole of their own (an HLS part is a range of its segment's file).
 *
 * @param channel the open file; closed by this class once the answer is written (or at once if no body is sent)
 * @param offset where the bytes answered start in the file (0 for a whole file)
 * @param size how many bytes are answered: the file's length, or the region's
 * @param lastModifiedMillis when its content last changed
 * @param etag a quoted strong entity tag that changes whenever the content does
 * @param headers the answer's other headers (Content-Type, Cache-Control, Content-Disposition...)
 */
public record FileResponse(FileChannel channel, long offset, long size, long lastModifiedMillis, String etag,
                           HttpHeaders headers) {
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** A whole file. */
    public FileResponse(FileChannel channel, long size, long lastModifiedMillis, String etag, HttpHeaders headers) {
        this(channel, 0, size, lastModifiedMillis, etag, headers);
    }

    /** A strong entity tag from something that changes whenever the content does (a digest, say). */
    public static String strongTag(String opaque) {
        return "\"" + opaque + "\"";
    }

    /**
     * A file on disk as it is now, tagged by its modification time and size (as static file servers do). Blocking;
     * throws {@link java.nio.file.NoSuchFileException} if it is not there.
     */
    public static FileResponse open(Path path, HttpHeaders headers) throws IOException {
        return open(path, 0, -1, headers);
    }

    /**
     * {@code length} bytes of a file on disk from {@code offset}, answered as a whole of their own, tagged by the
     * file's modification time and size and the region. Blocking; throws {@link java.nio.file.NoSuchFileException}
     * if the file is not there, {@link EOFException} if it ends before the region does.
     */
    public static FileResponse region(Path path, long offset, long length, HttpHeaders headers) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a region starts and lasts at least 0 bytes: " + offset + ", " + length);
        }
        return open(path, offset, length, headers);
    }

    /** @param length -1 for the whole file */
    private static FileResponse open(Path path, long offset, long length, HttpHeaders headers) throws IOException {
        // Opened before its attributes are read: a file replaced meanwhile is served whole, as it was opened.
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            var attributes = Files.readAttributes(path, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().toMillis();
            String version = Long.toHexString(modified) + "-" + Long.toHexString(attributes.size());
            if (length < 0) {
                return new FileResponse(channel, attributes.size(), modified, strongTag(version), headers);
            }
            if (offset + length > attributes.size()) {
                throw new EOFException(path + " has " + attributes.size() + " bytes, not " + (offset + length));
            }
            return new FileResponse(channel, offset, length, modified,
                    strongTag(version + "-" + Long.toHexString(offset) + "-" + Long.toHexString(length)), headers);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Writes the answer to {@code request}; may be called from any thread. */
    public void send(ChannelHandlerContext ctx, HttpRequest request) {
        try {
            answer(ctx, request);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request) {
        HttpHeaders in = request.headers();
        long lastModifiedSeconds = lastModifiedMillis / 1000;
        HttpResponse head;
        if (notModified(in, lastModifiedSeconds)) {
            head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            validators(head.headers(), lastModifiedSeconds);
            copyCacheHeaders(head.headers());
            finish(ctx, request, head, 0, 0);
            return;
        }
        long start = 0;
        long length = size;
        HttpResponseStatus status = HttpResponseStatus.OK;
        String range = in.get(HttpHeaderNames.RANGE);
        if (range != null && rangeApplies(in, lastModifiedSeconds)) {
            Matcher m = SINGLE_RANGE.matcher(range.trim());
            // Anything but one valid range (several ranges, other units, a last byte before the first: bytes=500-100)
            // is ignored, as RFC 9110 (14.1.2, 14.2) says: the whole file, 200.
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty()) && valid(m.group(1), m.group(2))) {
                long[] span = span(m.group(1), m.group(2));
                if (span == null) {
                    closeQuietly();
                    var refused = HttpResponses.jsonResponse(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                            Map.of("error", "range_not_satisfiable", "message",
                                    "the range " + range + " lies outside the file's " + size + " bytes"));
                    refused.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
                    HttpResponses.send(ctx, request, refused);
                    return;
                }
                start = span[0];
                length = span[1] - span[0] + 1;
                status = HttpResponseStatus.PARTIAL_CONTENT;
            }
        }
        head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        head.headers().add(headers);
        validators(head.headers(), lastModifiedSeconds);
        head.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (status == HttpResponseStatus.PARTIAL_CONTENT) {
            head.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        finish(ctx, request, head, start, length);
    }

    private void finish(ChannelHandlerContext ctx, HttpRequest request, HttpResponse head, long start, long length) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(head, keepAlive);
        HttpUtil.setContentLength(head, head.status().code() == 304 ? 0 : length);
        if (head.status().code() == 304) {
            head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        ChannelFuture last;
        if (head instanceof DefaultFullHttpResponse || request.method().equals(HttpMethod.HEAD) || length == 0) {
            closeQuietly();
            if (head instanceof DefaultFullHttpResponse) {
                last = ctx.channel().writeAndFlush(head);
            } else {
                ctx.channel().write(head);
                last = ctx.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        } else {
            ctx.channel().write(head);
            // The region owns the channel: Netty closes the file once the region is written or dropped.
            ctx.channel().write(new DefaultFileRegion(channel, offset + start, length));
            last = ctx.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Whether a range's last byte, if given, is not before its first (numbers compared without overflow). */
    private static boolean valid(String first, String last) {
        if (first.isEmpty() || last.isEmpty()) {
            return true;
        }
        return new java.math.BigInteger(first).compareTo(new java.math.BigInteger(last)) <= 0;
    }

    /** The inclusive byte span a single range names, or null when none of it lies in the file. */
    private long[] span(String first, String last) {
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                return suffix == 0 || size == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            return from >= size || to < from ? null : new long[] {from, to};
        } catch (NumberFormatException e) {
            return null; // digits beyond a long: no such byte
        }
    }

    private boolean notModified(HttpHeaders in, long lastModifiedSeconds) {
        String ifNoneMatch = in.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch);
        }
        String ifModifiedSince = in.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        Date since = ifModifiedSince == null ? null : DateFormatter.parseHttpDate(ifModifiedSince);
        return since != null && lastModifiedSeconds <= since.getTime() / 1000;
    }

    /** If-Range: the range is served only if the client's copy is still this one; otherwise the whole file. */
    private boolean rangeApplies(HttpHeaders in, long lastModifiedSeconds) {
        String ifRange = in.get(HttpHeaderNames.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        ifRange = ifRange.trim();
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Date date = DateFormatter.parseHttpDate(ifRange);
        return date != null && date.getTime() / 1000 == lastModifiedSeconds;
    }

    private boolean matchesAny(String ifNoneMatch) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private void validators(HttpHeaders out, long lastModifiedSeconds) {
        out.set(HttpHeaderNames.ETAG, etag);
        out.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(lastModifiedSeconds * 1000)));
    }

    private void copyCacheHeaders(HttpHeaders out) {
        if (headers.contains(HttpHeaderNames.CACHE_CONTROL)) {
            out.set(HttpHeaderNames.CACHE_CONTROL, headers.get(HttpHeaderNames.CACHE_CONTROL));
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: nothing to lose.
        }
    }
}
