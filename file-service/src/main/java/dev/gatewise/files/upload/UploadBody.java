package dev.gatewise.files.upload;

import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One request body streamed into an upload. The body is read from the socket only as fast as the disk takes it:
 * reading pauses while more than a few megabytes wait for the disk thread, so a fast client cannot fill the heap.
 * Disk work runs on one thread per request ({@code disk}), in arrival order; the event loop only hands pieces over.
 */
public final class UploadBody {
    private static final long PAUSE_ABOVE = 4 * 1024 * 1024;
    private static final long RESUME_BELOW = 1024 * 1024;

    /** Opens the upload for this request (checks, creation); null when the request carries no bytes to write. */
    @FunctionalInterface
    public interface Opening {
        Append open() throws Exception;
    }

    /** Builds the answer once the body is committed; {@code append} is null if the request had no body. */
    @FunctionalInterface
    public interface Answer {
        FullHttpResponse answer(Append append, FileRecord committed) throws Exception;
    }

    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final EventExecutor disk;
    private final Uploads uploads;
    private final Answer answer;
    private final BiConsumer<HttpRequest, Exception> refusal;
    private final AtomicLong queued = new AtomicLong();
    private final GenericFutureListener<Future<? super Void>> onClose;
    private volatile boolean refused;
    // Touched on the disk thread only:
    private Append append;
    private boolean finished;

    /**
     * Starts handling {@code request}: reading pauses until {@code opening} has run on {@code disk}.
     *
     * @param refusal sends the error answer for a refused request (the connection is closed after it, as the rest
     *                of the body is not read)
     */
    public UploadBody(ChannelHandlerContext ctx, HttpRequest request, EventExecutor disk, Uploads uploads,
                      Opening opening, Answer answer, BiConsumer<HttpRequest, Exception> refusal) {
        this.ctx = ctx;
        this.request = request;
        this.disk = disk;
        this.uploads = uploads;
        this.answer = answer;
        this.refusal = refusal;
        this.onClose = f -> disk.execute(this::disconnected);
        ctx.channel().config().setAutoRead(false);
        ctx.channel().closeFuture().addListener(onClose);
        disk.execute(() -> {
            try {
                append = opening.open();
                if (HttpUtil.is100ContinueExpected(request)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                ctx.channel().config().setAutoRead(true);
            } catch (Exception e) {
                refuse(e);
            }
        });
    }

    /** A piece of the body, on the event loop; this takes ownership of it. */
    public void content(HttpContent content) {
        if (refused) {
            content.release();
            return;
        }
        int size = content.content().readableBytes();
        if (queued.addAndGet(size) > PAUSE_ABOVE) {
            ctx.channel().config().setAutoRead(false);
        }
        disk.execute(() -> {
            try {
                if (!refused && !finished) {
                    if (append != null && size > 0) {
                        uploads.write(append, content.content());
                    } else if (size > 0) {
                        throw new UploadException.BadRequest("this request takes no body");
                    }
                    if (content instanceof LastHttpContent) {
                        finish();
                    }
                }
            } catch (Exception e) {
                refuse(e);
            } finally {
                content.release();
                if (queued.addAndGet(-size) < RESUME_BELOW && !refused && !finished) {
                    ctx.channel().config().setAutoRead(true);
                }
            }
        });
    }

    private void finish() throws Exception {
        finished = true;
        ctx.channel().closeFuture().removeListener(onClose);
        Append done = append;
        append = null;
        FileRecord committed = done == null ? null : uploads.commit(done);
        FullHttpResponse response = answer.answer(done, committed);
        HttpResponses.send(ctx, request, response);
    }

    private void refuse(Exception e) {
        if (refused) {
            return;
        }
        refused = true;
        finished = true;
        if (append != null) {
            uploads.abandon(append);
            append = null;
        }
        HttpUtil.setKeepAlive(request, false);
        refusal.accept(request, e);
        ctx.channel().config().setAutoRead(true); // drain what the client still sends until the close
    }

    private void disconnected() {
        if (!finished && append != null) {
            uploads.abandon(append);
            append = null;
        }
        finished = true;
    }
}
