package dev.gatewise.im.store.embedded;

import dev.gatewise.im.message.Message;
import dev.gatewise.im.store.StoredJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the data of the store this one replaced (an H2 MVStore file, {@code chat.mv.db}) into a new
 * log, once, then renames the old file to {@code chat.mv.db.imported}. Conversations' client-id index
 * and the direct-conversation index are not copied: the messages imply them.
 */
final class MvStoreImport {
    private static final Logger log = LoggerFactory.getLogger(MvStoreImport.class);

    private MvStoreImport() {}

    static void run(Path file, LogMaps maps, EmbeddedMessageStore messages) {
        log.info("Embedded store: importing {} into the log", file);
        long count = 0;
        try (MVStore old = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            for (String name : old.getMapNames()) {
                switch (name) {
                    case "messages" -> {
                        for (byte[] bytes : bytesMap(old, name).values()) {
                            messages.restore(StoredJson.read(bytes, Message.class));
                            count++;
                        }
                    }
                    case "cursors" -> longMap(old, name).forEach((key, seq) -> copy(maps, name, key,
                            LogMap.longBytes(seq)));
                    case "groupMembers", "memberships" -> stringMap(old, name).forEach((key, value) ->
                            copy(maps, name, key, value.getBytes(StandardCharsets.US_ASCII)));
                    case "sequences", "sentByClientId", "directIndex" -> { }
                    default -> bytesMap(old, name).forEach((key, value) -> copy(maps, name, key, value));
                }
            }
        }
        // The log is one ordered stream: once its end is durable, so is everything copied.
        maps.log().awaitDurable(maps.log().append(new dev.gatewise.im.store.embedded.log.RecordWriter(LogMap.REMOVE,
                8).string("import").string("done"), false).position());
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".imported"));
        } catch (IOException e) {
            throw new UncheckedIOException("imported " + file + " but cannot rename it", e);
        }
        log.info("Embedded store: imported {} messages; the old file is now {}.imported", count, file.getFileName());
    }

    private static void copy(LogMaps maps, String name, String key, byte[] value) {
        maps.map(name).change(key, current -> value);
    }

    private static MVMap<String, byte[]> bytesMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    private static MVMap<String, Long> longMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE)
                .valueType(LongDataType.INSTANCE));
    }

    private static MVMap<String, String> stringMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }
}
