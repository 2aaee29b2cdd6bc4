package dev.gatewise.hls.http;

import dev.gatewise.hls.HlsFiles;
import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.segment.RenditionOutput;
import dev.gatewise.http.Cors;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.HttpResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Low-Latency HLS of the renditions being published: their playlists (with {@code _HLS_msn}, {@code _HLS_part} and
 * {@code _HLS_skip}) from memory, and their parts, from memory while their segment is open and from its file once it
 * is written (handed to {@code fromFile}, which reads off the event loop). A blocking request (RFC 8216bis 6.2.5.2)
 * waits for the part it names as a future completed by the packager's worker, then answers on the connection's event
 * loop: no thread per waiting player. Requests too far ahead get 400 at once; one that waits three target durations
 * gets 503. A playlist not yet shown (fewer than three segments), classic or low-latency, and the hinted next part
 * are waited for the same way.
 *
 * <p>Runs on the event loop only; touches no disk itself.
 */
final class LiveHlsAnswers {
    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    /** A first request waits for the three segments a live playlist needs: a little more than three targets. */
    private static final int FIRST_PLAYLIST_TARGETS = 5;

    private final LivePlaylists live;
    private final Cors cors;
    private final BiConsumer<Exchange, LivePart.InFile> fromFile;

    /**
     * @param cors the CORS headers every /hls answer carries
     * @param fromFile answers a part with its range of the segment's file, with the headers of one from memory; it
     *     takes its own reference to the request
     */
    LiveHlsAnswers(LivePlaylists live, Cors cors, BiConsumer<Exchange, LivePart.InFile> fromFile) {
        this.live = live;
        this.cors = cors;
        this.fromFile = fromFile;
    }

    /** Whether the file is a low-latency playlist or part of a rendition being published (answered here). */
    boolean serves(HlsFiles.HlsFile file) {
        return (file.lowLatencyPlaylist() || file.part()) && live.find(file.rendition()).isPresent();
    }

    /**
     * Answers a request for a live rendition's low-latency playlist or part, if the rendition is being published.
     *
     * @return false if it is not (the caller serves the file from disk); true if answered, or to be answered
     */
    boolean answer(Exchange exchange, HlsFiles.HlsFile file) {
        if (!file.lowLatencyPlaylist() && !file.part()) {
            return false;
        }
        var rendition = live.find(file.rendition());
        if (rendition.isEmpty()) {
            return false;
        }
        if (file.part()) {
            part(exchange, rendition.get(), file.name());
        } else {
            playlist(exchange.ctx(), exchange.request(), exchange.query(), rendition.get());
        }
        return true;
    }

    private void playlist(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query,
        LiveRendition rendition) {
        long msn;
        int part;
        try {
            msn = number(query, "_HLS_msn");
            part = (int) Math.min(Integer.MAX_VALUE, number(query, "_HLS_part"));
        } catch (NumberFormatException e) {
            badRequest(ctx, request, "_HLS_msn and _HLS_part are non-negative integers");
            return;
        }
        if (part >= 0 && msn < 0) {
            badRequest(ctx, request, "_HLS_part needs _HLS_msn");
            return;
        }
        String skipping = first(query, "_HLS_skip");
        boolean skip = "YES".equals(skipping) || "v2".equals(skipping);
        LiveRendition.Snapshot now = rendition.snapshot();
        if (msn >= 0 && now.position().tooFarAhead(msn, part, now.partTargetMillis())) {
            badRequest(ctx, request, "_HLS_msn/_HLS_part too far beyond the live edge");
            return;
        }
        Predicate<LiveRendition> ready = msn < 0 ? r -> r.snapshot().publishable()
            : r -> r.snapshot().publishable() && r.snapshot().position().satisfies(msn, part);
        // A blocking request may wait three target durations (RFC 8216bis).
        long limit = msn < 0 ? FIRST_PLAYLIST_TARGETS * now.targetMillis() : 3 * now.targetMillis();
        await(ctx, request, rendition, ready, limit, answered -> {
            LiveRendition.Snapshot snapshot = answered.snapshot();
            StringBuilder text = new StringBuilder(skip ? snapshot.delta() : snapshot.full());
            if (!snapshot.position().ended()) {
                for (LiveRendition sibling : live.siblings(answered)) {
                    text.append(sibling.snapshot().position().report("../" + sibling.rendition() + "/index.m3u8"));
                }
            }
            // A blocking answer names what it waited for, so caches may keep it; the bare playlist changes.
            send(ctx, request, Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.UTF_8)), PLAYLIST_TYPE,
                msn >= 0 ? "public, max-age=" + 6 * snapshot.targetMillis() / 1000 : "no-cache");
        }, () -> {
            if (msn >= 0) {
                error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "not_yet",
                    "the part did not appear within three target durations");
            } else {
                notFound(ctx, request);
            }
        });
    }

    /**
     * Whether the file is the classic (MPEG-TS) playlist of a rendition being published that players may not see yet
     * (fewer than three segments, or MPEG-TS not being made): one asked for then waits for it, as a first request
     * for {@code index.m3u8} does.
     */
    boolean notShownYet(HlsFiles.HlsFile file) {
        return file.name().equals(RenditionOutput.TS_PLAYLIST)
            && live.find(file.rendition()).map(r -> !r.classicShown()).orElse(false);
    }

    /**
     * Runs {@code then} on the event loop once the rendition's classic playlist may be shown (it is on disk by then),
     * or its stream has ended; answers 404 if that takes longer than a first playlist may wait, or the stream is
     * gone. MPEG-TS made on request starts with the next segment, so this is a little more than three segments.
     */
    void whenShown(Exchange exchange, HlsFiles.HlsFile file, Runnable then) {
        var rendition = live.find(file.rendition());
        if (rendition.isEmpty()) {
            then.run();
            return;
        }
        await(exchange.ctx(), exchange.request(), rendition.get(),
            r -> r.classicShown() || r.snapshot().position().ended(),
            FIRST_PLAYLIST_TARGETS * rendition.get().snapshot().targetMillis(), ready -> then.run(),
            () -> notFound(exchange.ctx(), exchange.request()));
    }

    private void part(Exchange exchange, LiveRendition rendition, String name) {
        ChannelHandlerContext ctx = exchange.ctx();
        FullHttpRequest request = exchange.request();
        var held = rendition.part(name);
        if (held.isPresent()) {
            send(exchange, held.get());
            return;
        }
        // The part the playlist hints at (the next one) is worth waiting for; others are gone or never were.
        String[] numbers = name.substring(5, name.length() - 4).split("-");
        long sequence = Long.parseLong(numbers[0]);
        int index = Integer.parseInt(numbers[1]);
        LowLatencyPlaylist.Position at = rendition.snapshot().position();
        boolean next = (sequence == at.openSequence() && index == at.openParts())
            || (sequence == at.openSequence() + 1 && index == 0);
        if (!next || at.ended()) {
            notFound(ctx, request);
            return;
        }
        await(ctx, request, rendition,
            r -> r.hasPart(name) || r.snapshot().position().satisfies(sequence, index),
            3 * rendition.snapshot().targetMillis(), answered -> answered.part(name).ifPresentOrElse(
                // Its segment may have been completed and written meanwhile.
                found -> send(exchange, found), () -> notFound(ctx, request)),
            () -> notFound(ctx, request));
    }

    private void send(Exchange exchange, LivePart part) {
        if (part instanceof LivePart.InFile range) {
            fromFile.accept(exchange, range);
        } else if (part instanceof LivePart.InMemory memory) {
            send(exchange.ctx(), exchange.request(), memory.bytes(), HlsFiles.Kind.MP4.contentType(),
                HlsFiles.Kind.MP4.cacheControl());
        }
    }

    /**
     * Waits, without a thread, until the condition holds, then answers on the connection's event loop; gives up
     * after {@code limitMillis}, or when the connection closes.
     */
    private static void await(ChannelHandlerContext ctx, FullHttpRequest request, LiveRendition rendition,
        Predicate<LiveRendition> condition, long limitMillis, Consumer<LiveRendition> answer, Runnable timedOut) {
        request.retain();
        CompletableFuture<LiveRendition> waiting = rendition.when(condition);
        ScheduledFuture<?> timer = ctx.executor().schedule(() -> waiting.cancel(false), limitMillis,
            TimeUnit.MILLISECONDS);
        ChannelFutureListener closed = ignored -> waiting.cancel(false);
        ctx.channel().closeFuture().addListener(closed);
        waiting.whenComplete((ready, error) -> ctx.executor().execute(() -> {
            timer.cancel(false);
            ctx.channel().closeFuture().removeListener(closed);
            try {
                if (ctx.channel().isActive()) {
                    if (ready != null) {
                        answer.accept(ready);
                    } else {
                        timedOut.run();
                    }
                }
            } finally {
                request.release();
            }
        }));
    }

    /** Sends the body, whose reference the response takes over. */
    private void send(ChannelHandlerContext ctx, FullHttpRequest request, ByteBuf body, String type, String cache) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        int length = body.readableBytes();
        if (head) {
            body.release();
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            head ? Unpooled.EMPTY_BUFFER : body);
        cors.allow(response.headers()).set(HttpHeaderNames.CONTENT_TYPE, type)
            .set(HttpHeaderNames.CACHE_CONTROL, cache).set(HttpHeaderNames.CONTENT_LENGTH, length)
            .set(HttpHeaderNames.VARY, HttpHeaderNames.AUTHORIZATION); // what one token opened is not for others
        HttpResponses.send(ctx, request, response);
    }

    private void badRequest(ChannelHandlerContext ctx, FullHttpRequest request, String message) {
        error(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
        error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found",
            "no such stream file (the stream may not be live, or not for long enough)");
    }

    private void error(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String code,
        String message) {
        var response = HttpResponses.jsonResponse(status, Map.of("error", code, "message", message));
        cors.allow(response.headers()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpResponses.send(ctx, request, response);
    }

    /** A non-negative integer query parameter, or -1 if absent. */
    private static long number(QueryStringDecoder query, String name) {
        String value = first(query, name);
        if (value == null) {
            return -1;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new NumberFormatException(name);
        }
        return Long.parseLong(value);
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
