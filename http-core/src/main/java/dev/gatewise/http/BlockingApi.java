package dev.gatewise.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request's blocking work (store calls, password hashing, opening files) off the event loop and answers it;
 * a refusal is a status with the JSON body every route answers with, and a full executor a 503.
 */
public final class BlockingApi {
    private static final Logger log = LoggerFactory.getLogger(BlockingApi.class);

    private final Executor executor;

    public BlockingApi(Executor executor) {
        this.executor = executor;
    }

    /** Work that sends its own answer (a file, say); may throw {@link ApiException} to refuse. */
    @FunctionalInterface
    public interface Answer {
        void send() throws Exception;
    }

    /** Work that returns the answer to send as JSON; may throw {@link ApiException} to refuse. */
    @FunctionalInterface
    public interface Work {
        ApiResponse apply(Exchange exchange) throws Exception;
    }

    /** A route's handler that runs {@code work} on the API executor and sends its JSON answer. */
    public Handler json(Work work) {
        return exchange -> run(exchange.ctx(), exchange.request(), () -> work.apply(exchange));
    }

    /** Runs {@code work} on the API executor and sends what it returns; releases the request when done. */
    public void run(ChannelHandlerContext ctx, FullHttpRequest request, Callable<ApiResponse> work) {
        answer(ctx, request, () -> {
            ApiResponse response = work.call();
            if (response.body() == null) {
                HttpResponses.send(ctx, request, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        response.status(), Unpooled.EMPTY_BUFFER));
            } else {
                HttpResponses.json(ctx, request, response.status(), response.body());
            }
        });
    }

    /** Runs {@code work} on the API executor; refusals are sent as they are; releases the request when done. */
    public void answer(ChannelHandlerContext ctx, FullHttpRequest request, Answer work) {
        answer(ctx, request, work, (refused, e) -> HttpResponses.send(ctx, refused, refusal(refused, e)));
    }

    /**
     * Runs {@code work} on the API executor; a refusal (what it throws, or a 503 when the executor is full) goes to
     * {@code refuse}, which sends it with headers of its own. Releases the request when done.
     */
    public void answer(ChannelHandlerContext ctx, FullHttpRequest request, Answer work,
                       BiConsumer<FullHttpRequest, Exception> refuse) {
        try {
            executor.execute(() -> {
                try {
                    work.send();
                } catch (Exception e) {
                    refuse.accept(request, e);
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException e) {
            refuse.accept(request, new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                    "the server is overloaded; try again shortly"));
            request.release();
        }
    }

    /**
     * The answer to a failed request: an {@link ApiException}'s status and reason, or, for anything else (a bug,
     * logged here), 500.
     */
    public static FullHttpResponse refusal(HttpRequest request, Exception e) {
        ApiException refusal;
        if (e instanceof ApiException api) {
            refusal = api;
        } else {
            log.error("{} {} failed", request.method(), request.uri(), e);
            refusal = new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
        }
        FullHttpResponse response = HttpResponses.jsonResponse(refusal.status(), Map.of("error", refusal.code(),
                "message", refusal.getMessage()));
        refusal.headers().forEach(response.headers()::set);
        return response;
    }
}
