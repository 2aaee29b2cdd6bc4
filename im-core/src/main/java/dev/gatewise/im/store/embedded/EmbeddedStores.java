package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.AccountStore;
import dev.gatewise.im.store.AttemptCounters;
import dev.gatewise.im.store.CursorStore;
import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.store.RouteStore;
import dev.gatewise.im.store.StoreSet;
import dev.gatewise.im.store.TokenStore;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.NodeBus;
import dev.gatewise.im.store.NodeStore;
import dev.gatewise.im.store.embedded.log.Log;
import dev.gatewise.im.store.embedded.log.RecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default stores: one append-only log in the data directory ({@code DATA_DIR/store/}), replayed
 * into memory at start. Nothing to set up, and every write acknowledged to a client has reached the
 * OS (and, with {@code fsync}, the disk). See docs/architecture.md, "The embedded store".
 */
public final class EmbeddedStores implements ChatStores {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStores.class);
    /** The size at which a log segment is closed: the unit retention deletes. */
    public static final long SEGMENT_BYTES = 64L << 20;

    private final LogMaps maps = new LogMaps();
    private final Log messageLog;
    private final Retention retention;
    private final ScheduledExecutorService retainer;
    private final AccountStore accounts;
    private final TokenStore tokens;
    private final EmbeddedMessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;
    private final RouteStore routes = new MemoryRouteStore();
    private final NodeStore nodes = new LocalNodeStore();
    private final NodeBus bus = new LocalNodeBus();
    private final StoreSet parts;
    private final AttemptCounters attempts = new MemoryAttemptCounters();

    /**
     * @param fsync whether each group commit also forces the log to disk: without it an acknowledged
     *              write survives a crash of the process; with it, also a crash of the machine
     */
    public EmbeddedStores(Path dataDir, boolean fsync) {
        this(dataDir, fsync, Duration.ZERO, SEGMENT_BYTES);
    }

    /**
     * @param retention    messages older than this are deleted, a segment at a time; zero keeps them all
     * @param segmentBytes the size at which a segment is closed and a new one begun
     */
    public EmbeddedStores(Path dataDir, boolean fsync, Duration retention, long segmentBytes) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path dir = dataDir.resolve("store");
        boolean fresh = !Files.isDirectory(dir);
        this.messages = new EmbeddedMessageStore(maps, maps.hashed("cursors"), maps.map("directIndex"));
        maps.hashed("tokens");
        long started = System.nanoTime();
        this.messageLog = Log.open(dir, fsync, segmentBytes, this::replay);
        maps.attach(messageLog);
        this.accounts = new EmbeddedAccountStore(maps.map("accounts"));
        this.tokens = new EmbeddedTokenStore(maps.hashed("tokens"));
        this.cursors = new EmbeddedCursorStore(maps.hashed("cursors"));
        this.groups = new EmbeddedGroupStore(maps.map("groups"), maps.map("groupMembers"),
                maps.map("memberships"));
        this.parts = new StoreSet(accounts, tokens, messages, cursors, groups, routes, nodes, bus, attempts);
        Path oldStore = dataDir.resolve("chat.mv.db");
        if (fresh && Files.exists(oldStore)) {
            MvStoreImport.run(oldStore, maps, messages);
        }
        this.retention = new Retention(messageLog, maps, messages, retention);
        this.retainer = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "embedded-store-retention");
            thread.setDaemon(true);
            return thread;
        });
        if (!retention.isZero()) {
            retainer.scheduleWithFixedDelay(this.retention::run, 1, 1, TimeUnit.MINUTES);
        }
        log.info("Embedded store open at {} in {} ms (fsync {}, retention {})", dir.toAbsolutePath(),
                (System.nanoTime() - started) / 1_000_000, fsync ? "on" : "off",
                retention.isZero() ? "none" : retention);
    }

    private void replay(long position, byte type, RecordReader fields) {
        if (type == LogMap.PUT || type == LogMap.REMOVE) {
            maps.replay(type, fields, position);
        } else if (type == EmbeddedMessageStore.MESSAGE || type == EmbeddedMessageStore.CONVERSATION) {
            messages.replay(type, fields, position);
        } else {
            log.warn("Embedded store: unknown record type {} at log position {}; skipped", type, position);
        }
    }

    /** Deletes what is older than the retention now (the scheduler does this every minute). */
    public void applyRetention() {
        retention.run();
    }

    @Override
    public StoreSet parts() {
        return parts;
    }

    @Override
    public boolean answersFromMemory() {
        return true;
    }

    @Override
    public boolean backlogged() {
        return messageLog.backlogged();
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        return new EmbeddedKeyValueStore(maps.map("kv." + namespace));
    }

    @Override
    public void close() {
        bus.close();
        retainer.shutdownNow();
        messageLog.close();
    }
}
