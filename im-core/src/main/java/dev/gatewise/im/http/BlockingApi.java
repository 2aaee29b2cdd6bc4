package dev.gatewise.im.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.function.Function;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an API request's work (store calls, password hashing) off the event loop and answers it. */
public final class BlockingApi {
    private static final Logger log = LoggerFactory.getLogger(BlockingApi.class);

    private final Executor executor;

    public BlockingApi(Executor executor) {
        this.executor = executor;
    }

    /** Answers a GET-only endpoint: other methods get 405; {@code work} runs on the API executor. */
    public void get(ChannelHandlerContext ctx, FullHttpRequest request, Function<FullHttpRequest, ApiResponse> work) {
        if (!request.method().equals(HttpMethod.GET)) {
            HttpResponses.error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "only GET here");
            request.release();
            return;
        }
        run(ctx, request, () -> work.apply(request));
    }

    /** Runs {@code work} on the API executor; releases the request when done. */
    public void run(ChannelHandlerContext ctx, FullHttpRequest request, Callable<ApiResponse> work) {
        try {
            executor.execute(() -> {
                try {
                    ApiResponse response = work.call();
                    if (response.body() == null) {
                        HttpResponses.send(ctx, request, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                response.status(), Unpooled.EMPTY_BUFFER));
                    } else {
                        HttpResponses.json(ctx, request, response.status(), response.body());
                    }
                } catch (ApiException e) {
                    HttpResponses.error(ctx, request, e.status(), e.code(), e.getMessage());
                } catch (Exception e) {
                    log.error("{} {} failed", request.method(), request.uri(), e);
                    HttpResponses.error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                            "internal error");
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                    "the server is overloaded; try again shortly");
            request.release();
        }
    }
}
