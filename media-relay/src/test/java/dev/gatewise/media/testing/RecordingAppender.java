package dev.gatewise.media.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A logback appender that keeps every WARN and ERROR event, for tests that check what was logged. */
public final class RecordingAppender extends AppenderBase<ILoggingEvent> {
    private static final List<ILoggingEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            EVENTS.add(event);
        }
    }

    /** The formatted WARN and ERROR messages logged so far. */
    public static List<String> warnings() {
        return EVENTS.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Netty's reports of buffers that were garbage collected without being released. */
    public static List<String> leaks() {
        return EVENTS.stream()
                .filter(e -> e.getLoggerName().startsWith("io.netty.util.ResourceLeakDetector"))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
