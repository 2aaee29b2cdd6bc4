package dev.gatewise.im.http;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Predicate;

/**
 * Aggregates request bodies up to a limit (413 beyond it), except for requests a streaming route
 * takes piece by piece, which pass through untouched.
 */
final class SelectiveAggregator extends HttpObjectAggregator {
    private final Predicate<HttpRequest> streams;
    private boolean passingThrough;

    SelectiveAggregator(int maxBodyBytes, Predicate<HttpRequest> streams) {
        super(maxBodyBytes);
        this.streams = streams;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            passingThrough = streams.test(request);
        } else if (!(msg instanceof HttpContent)) {
            return super.acceptInboundMessage(msg);
        }
        return !passingThrough && super.acceptInboundMessage(msg);
    }
}
