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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default stores: one H2 MVStore file in the data directory. Nothing to set up, and every write
 * acknowledged to a client has reached the file (and, with {@code fsync}, the disk).
 */
public final class EmbeddedStores implements ChatStores {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStores.class);

    private final MVStore store;
    private final GroupCommitter committer;
    private final ScheduledExecutorService compactor;
    private final AccountStore accounts;
    private final TokenStore tokens;
    private final MessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;
    private final RouteStore routes = new MemoryRouteStore();
    private final NodeStore nodes = new LocalNodeStore();
    private final NodeBus bus = new LocalNodeBus();
    private final StoreSet parts;
    private final AttemptCounters attempts = new MemoryAttemptCounters();

    /**
     * @param fsync whether each commit also forces the file to disk: without it an acknowledged write
     *              survives a crash of the process; with it, also a crash of the machine
     */
    public EmbeddedStores(Path dataDir, boolean fsync) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("chat.mv.db");
        // Commits are ours (see GroupCommitter): the store never commits on its own schedule.
        this.store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        this.committer = new GroupCommitter(store, fsync);
        this.accounts = new EmbeddedAccountStore(bytesMap("accounts"), committer);
        this.tokens = new EmbeddedTokenStore(bytesMap("tokens"), committer);
        this.messages = new EmbeddedMessageStore(bytesMap("messages"), longMap("sequences"),
                stringMap("sentByClientId"), longMap("directIndex"), committer);
        this.cursors = new EmbeddedCursorStore(longMap("cursors"));
        this.groups = new EmbeddedGroupStore(bytesMap("groups"), stringMap("groupMembers"),
                stringMap("memberships"), committer);
        this.parts = new StoreSet(accounts, tokens, messages, cursors, groups, routes, nodes, bus, attempts);
        this.compactor = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "embedded-store-compact");
            thread.setDaemon(true);
            return thread;
        });
        // Many small commits leave partly used chunks behind; rewrite them a little at a time.
        compactor.scheduleWithFixedDelay(this::compact, 1, 1, TimeUnit.MINUTES);
        log.info("Embedded store open at {} (fsync {})", file.toAbsolutePath(), fsync ? "on" : "off");
    }

    // Typed maps: the generic object type tags and re-detects every value it writes, which made it
    // most of a commit's cost.
    private MVMap<String, byte[]> bytesMap(String name) {
        return store.openMap(name, new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    private MVMap<String, Long> longMap(String name) {
        return store.openMap(name, new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE)
                .valueType(LongDataType.INSTANCE));
    }

    private MVMap<String, String> stringMap(String name) {
        return store.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

    private void compact() {
        try {
            store.compact(60, 16 << 20);
        } catch (RuntimeException e) {
            log.warn("Embedded store compaction failed; will try again", e);
        }
    }

    @Override
    public StoreSet parts() {
        return parts;
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        return new EmbeddedKeyValueStore(bytesMap("kv." + namespace), committer);
    }

    @Override
    public void close() {
        bus.close();
        compactor.shutdownNow();
        committer.close();
        store.close();
    }
}
