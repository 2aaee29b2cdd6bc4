package dev.gatewise.im.session;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.SessionEnd;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that hears a session end on this node and tells everything riding on its token: chat sockets, RTMP
 * publishes, uploads, of every protocol. Keyed by the token's hash; each watch has its expiry timer.
 */
public final class SessionWatches {
    private static final Logger log = LoggerFactory.getLogger(SessionWatches.class);
    /** One timer thread for the process: expiries are rare events, and cancelled timers leave the queue. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Map<String, Set<Watch>> byToken = new ConcurrentHashMap<>();

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("session-expiry", true));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Watches the session of {@code tokenHash}; its expiry is set once known ({@link Watch#expireAt}). */
    Watch add(String tokenHash, Consumer<SessionEnd> ended) {
        var watch = new Watch(tokenHash, ended);
        byToken.computeIfAbsent(tokenHash, hash -> ConcurrentHashMap.newKeySet()).add(watch);
        return watch;
    }

    /** Tells every watch of the session that it ended. */
    public void end(String tokenHash, SessionEnd why) {
        Set<Watch> watches = byToken.remove(tokenHash);
        if (watches != null) {
            watches.forEach(watch -> watch.fire(why));
        }
    }

    /** How many watches are open (for tests and metrics). */
    public int size() {
        return byToken.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(Watch watch) {
        byToken.computeIfPresent(watch.tokenHash, (hash, watches) -> {
            watches.remove(watch);
            return watches.isEmpty() ? null : watches;
        });
    }

    /** One thing riding on a token. */
    final class Watch implements AccessCheck.Watch {
        private final String tokenHash;
        private final Consumer<SessionEnd> ended;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        private Watch(String tokenHash, Consumer<SessionEnd> ended) {
            this.tokenHash = tokenHash;
            this.ended = ended;
        }

        /** Ends the session at {@code expiresAt} (epoch ms; at once if past). */
        void expireAt(long expiresAt) {
            timer = TIMER.schedule(() -> fire(SessionEnd.EXPIRED),
                    Math.max(0, expiresAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (done.get()) {
                timer.cancel(false);
            }
        }

        void fire(SessionEnd why) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            stop();
            try {
                ended.accept(why);
            } catch (RuntimeException e) {
                log.warn("Could not end what rode on a session ({})", why, e);
            }
        }

        @Override
        public void close() {
            if (done.compareAndSet(false, true)) {
                stop();
            }
        }

        private void stop() {
            forget(this);
            ScheduledFuture<?> current = timer;
            if (current != null) {
                current.cancel(false);
            }
        }
    }
}
