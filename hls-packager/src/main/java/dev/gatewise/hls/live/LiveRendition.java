package dev.gatewise.hls.live;

import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * What players of one rendition being published are served from memory: its latest low-latency playlist (full and
 * as a delta update), where its listed parts are ({@link LivePart}: the open segment's in memory, the others in
 * their segments' files), and the requests waiting for either. The rendition's worker publishes; HTTP event loops
 * read and wait. A waiting request is a future, completed by the worker's next publish that satisfies it, so waiting
 * holds no thread; its time limit is the caller's.
 *
 * <p>Thread-safe.
 */
public final class LiveRendition {

    /**
     * One published state of the playlist.
     *
     * @param playlist what it lists, rendered when a player first asks
     * @param publishable whether players may see it yet (three segments, or ended)
     */
    public record Snapshot(LowLatencyPlaylist.Contents playlist, LowLatencyPlaylist.Position position,
        boolean publishable) {

        /** The playlist's target duration. */
        public long targetMillis() {
            return playlist.targetMillis();
        }

        /** The longest a part lasts. */
        public long partTargetMillis() {
            return playlist.partTargetMillis();
        }

        /** The whole playlist. */
        public String full() {
            return playlist.full();
        }

        /** The delta update ({@code _HLS_skip=YES}), the same text when there is nothing to skip. */
        public String delta() {
            return playlist.delta();
        }
    }

    private record Waiter(Predicate<LiveRendition> ready, CompletableFuture<LiveRendition> future) {}

    private final String stream;
    private final String rendition;
    // Guarded by itself: a part's buffer is released under the lock that hands out references to it.
    private final Map<String, LivePart> parts = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final ClassicRequests classicRequests;
    private volatile Snapshot snapshot;
    private volatile boolean classicShown;

    /**
     * @param rendition its directory below the stream's ({@code src} or a rung's name), or null without renditions
     */
    LiveRendition(String stream, String rendition, Snapshot first, ClassicRequests classicRequests) {
        this.stream = stream;
        this.rendition = rendition;
        this.snapshot = first;
        this.classicRequests = classicRequests;
    }

    public String stream() {
        return stream;
    }

    /** Its directory below the stream's, or null when the stream has no renditions. */
    public String rendition() {
        return rendition;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** When players last asked for the stream's classic files. */
    public ClassicRequests classicRequests() {
        return classicRequests;
    }

    /** Whether its classic playlist ({@code ts.m3u8}) is on disk and may be shown: MPEG-TS is being made. */
    public boolean classicShown() {
        return classicShown;
    }

    /**
     * Its classic playlist may be shown now, or no longer (call before deleting it); completes the waiting requests
     * that satisfies.
     */
    public void showClassic(boolean shown) {
        classicShown = shown;
        wake();
    }

    /** Whether a part is still served, by its file name. */
    public boolean hasPart(String name) {
        synchronized (parts) {
            return parts.containsKey(name);
        }
    }

    /**
     * A part still served, by its file name. One in memory comes as a reference of its own, which the caller releases
     * (sending it does): its buffer may be released here at any moment after.
     */
    public Optional<LivePart> part(String name) {
        synchronized (parts) {
            LivePart part = parts.get(name);
            return Optional.ofNullable(part instanceof LivePart.InMemory memory
                ? new LivePart.InMemory(memory.bytes().retainedDuplicate()) : part);
        }
    }

    /**
     * Holds a new part in memory, taking over the caller's reference to its (direct, see {@link LivePart}) buffer;
     * call before publishing the playlist that lists it.
     */
    public void addPart(String name, ByteBuf fragment) {
        synchronized (parts) {
            release(parts.put(name, new LivePart.InMemory(fragment)));
        }
    }

    /**
     * The file holding these parts is on disk: they are served from it from now on and their bytes leave memory.
     * Each part moves in one step, so it is never missing between the two; one removed meanwhile stays removed.
     */
    public void partsWritten(Map<String, LivePart.InFile> ranges) {
        synchronized (parts) {
            ranges.forEach((name, range) -> release(parts.replace(name, range)));
        }
    }

    public void removePart(String name) {
        synchronized (parts) {
            release(parts.remove(name));
        }
    }

    /** Drops every part (the stream has ended or failed; its playlist no longer lists parts). */
    public void clearParts() {
        synchronized (parts) {
            parts.values().forEach(LiveRendition::release);
            parts.clear();
        }
    }

    private static void release(LivePart part) {
        if (part instanceof LivePart.InMemory memory) {
            memory.bytes().release();
        }
    }

    /** Publishes a new state and completes the waiting requests it satisfies. */
    public void publish(Snapshot next) {
        snapshot = next;
        wake();
    }

    /** Completes the waiting requests the rendition's state now satisfies. */
    private void wake() {
        List<CompletableFuture<LiveRendition>> ready = new ArrayList<>();
        synchronized (waiters) {
            for (Iterator<Waiter> i = waiters.iterator(); i.hasNext(); ) {
                Waiter waiter = i.next();
                if (waiter.future().isDone()) {
                    i.remove();
                } else if (waiter.ready().test(this)) {
                    i.remove();
                    ready.add(waiter.future());
                }
            }
        }
        ready.forEach(future -> future.complete(this));
    }

    /**
     * Completes (with this rendition) once the condition holds, at once if it does now. Cancel or complete the future
     * to stop waiting: it is then forgotten at the next publish.
     */
    public CompletableFuture<LiveRendition> when(Predicate<LiveRendition> condition) {
        CompletableFuture<LiveRendition> future = new CompletableFuture<>();
        synchronized (waiters) {
            if (!condition.test(this)) {
                waiters.add(new Waiter(condition, future));
                return future;
            }
        }
        future.complete(this);
        return future;
    }

    /** How many requests are waiting (for metrics and tests). */
    public int waiting() {
        synchronized (waiters) {
            waiters.removeIf(waiter -> waiter.future().isDone());
            return waiters.size();
        }
    }
}
