package dev.gatewise.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Map;

/** Takes a request whose body streams (an upload): the head first, then each piece of the body. Event loop. */
@FunctionalInterface
public interface BodyHandler {

    /** Starts on a request's head; the returned body gets the pieces (null: they are dropped). */
    Body start(ChannelHandlerContext ctx, HttpRequest request, Map<String, String> params) throws Exception;

    /** Where the pieces of one body go; each piece is owned by the body, the last is a {@code LastHttpContent}. */
    @FunctionalInterface
    interface Body {
        void content(HttpContent content);
    }
}
