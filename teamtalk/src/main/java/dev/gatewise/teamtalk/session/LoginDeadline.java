package dev.gatewise.teamtalk.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A connection must be signed in within the login timeout from its accept, whatever it sends (or not) meanwhile. */
public final class LoginDeadline {
    private static final Logger log = LoggerFactory.getLogger(LoginDeadline.class);
    private static final AttributeKey<Future<?>> KEY = AttributeKey.valueOf("teamtalk.login-deadline");

    private LoginDeadline() {}

    public static void start(Channel channel, Duration timeout) {
        channel.attr(KEY).set(channel.eventLoop().schedule(() -> {
            log.info("Closing TeamTalk connection {}: no login within {} ms", channel.remoteAddress(),
                    timeout.toMillis());
            channel.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS));
        channel.closeFuture().addListener(closed -> met(channel));
    }

    static void met(Channel channel) {
        Future<?> deadline = channel.attr(KEY).getAndSet(null);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
