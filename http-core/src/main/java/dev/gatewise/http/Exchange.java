package dev.gatewise.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * One request as a route sees it: the connection, the whole request, the values of the path pattern's
 * {@code {name}} segments, and the decoded path and query.
 */
public record Exchange(ChannelHandlerContext ctx, FullHttpRequest request, Map<String, String> params,
                       QueryStringDecoder query) {

    /** The value of a {@code {name}} segment. */
    public String param(String name) {
        return params.get(name);
    }

    /** The decoded path, without the query. */
    public String path() {
        return query.path();
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
