package dev.gatewise.im.store.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.store.StoredJson;
import dev.gatewise.im.store.embedded.log.Log;
import dev.gatewise.im.store.embedded.log.LogRecord;
import dev.gatewise.im.store.embedded.log.RecordReader;
import dev.gatewise.im.store.embedded.log.RecordWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages as records of the log, one each, and in memory only an index: per conversation the log
 * position of every sequence number, and the dedupe index of client ids. Appends to one conversation
 * are serialized by a striped lock, under which the next sequence number is taken and the record
 * queued, so a conversation's records are in sequence order in the log. Readers see a message only
 * once its record is durable.
 *
 * <p>A message also implies what the old store wrote separately: its sender has read the conversation
 * up to it, and both peers of a direct conversation have it in their list. Those are set in memory from
 * the record (on append and at replay), not written again.
 */
final class EmbeddedMessageStore implements MessageStore {
    static final byte MESSAGE = 1;
    /** A conversation whose messages retention removed: its last sequence number, so numbering goes on. */
    static final byte CONVERSATION = 4;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMessageStore.class);
    private static final int STRIPES = 256;

    /** The sequence numbers of one conversation still in the log, and where each record is. */
    private static final class Conversation {
        long firstSeq = 1;
        long lastSeq;
        long[] positions = new long[4];
        int count;
        /** The {@link #CONVERSATION} record holding lastSeq when no message does, or -1. */
        long markerPosition = -1;

        void add(long seq, long position) {
            if (count == positions.length) {
                positions = Arrays.copyOf(positions, count * 2);
            }
            positions[count++] = position;
            lastSeq = seq;
        }

        long position(long seq) {
            return seq < firstSeq || seq > lastSeq ? -1 : positions[(int) (seq - firstSeq)];
        }

        /** Forgets the records before {@code end}; returns whether any remain. */
        boolean dropBefore(long end) {
            int gone = 0;
            while (gone < count && positions[gone] < end) {
                gone++;
            }
            if (gone > 0) {
                System.arraycopy(positions, gone, positions, 0, count - gone);
                count -= gone;
                firstSeq += gone;
            }
            return count > 0;
        }
    }

    private static final class Stripe {
        final Map<String, Conversation> conversations = new HashMap<>();
        final ClientIdIndex clientIds = new ClientIdIndex();
    }

    private final LogMaps maps;
    private final LogMap cursors;
    private final LogMap directIndex;
    private final Stripe[] stripes = new Stripe[STRIPES];

    EmbeddedMessageStore(LogMaps maps, LogMap cursors, LogMap directIndex) {
        this.maps = maps;
        this.cursors = cursors;
        this.directIndex = directIndex;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripe(String conversation) {
        return stripes[Math.floorMod(conversation.hashCode(), STRIPES)];
    }

    private Log log() {
        return maps.log();
    }

    @Override
    public CompletableFuture<AppendResult> append(NewMessage draft) {
        byte[] content = StoredJson.write(draft.content());
        long clientKey = ClientIdIndex.hash(draft.conversation(), draft.from(), draft.clientMsgId());
        Stripe stripe = stripe(draft.conversation());
        synchronized (stripe) {
            long earlier = stripe.clientIds.get(clientKey);
            if (earlier >= 0) {
                Message original = read(earlier);
                if (original != null && original.from().equals(draft.from())
                        && original.clientMsgId().equals(draft.clientMsgId())
                        && original.conversation().equals(draft.conversation())) {
                    // A duplicate waits too: the original may still be on its way to the file.
                    return log().whenDurable(earlier).thenApply(durable -> new AppendResult(original, true));
                }
            }
            Conversation conversation = stripe.conversations.computeIfAbsent(draft.conversation(),
                    c -> new Conversation());
            long seq = conversation.lastSeq + 1;
            var message = new Message(newId(), draft.conversation(), seq, draft.from(), draft.to(), draft.group(),
                    draft.kind(), draft.content(), draft.clientMsgId(), System.currentTimeMillis());
            Log.Appended appended = log().append(encode(message, content), true);
            conversation.add(seq, appended.position());
            stripe.clientIds.put(clientKey, appended.position());
            implied(message, appended.position());
            return appended.durable().thenApply(durable -> new AppendResult(message, false));
        }
    }

    /** Adds a message as it was stored elsewhere (an import), keeping its id, number and time. */
    void restore(Message message) {
        Stripe stripe = stripe(message.conversation());
        synchronized (stripe) {
            Conversation conversation = stripe.conversations.computeIfAbsent(message.conversation(),
                    c -> new Conversation());
            if (conversation.count == 0 && conversation.lastSeq == 0) {
                conversation.firstSeq = message.seq();
            }
            long position = log().append(encode(message, StoredJson.write(message.content())), false).position();
            conversation.add(message.seq(), position);
            stripe.clientIds.put(ClientIdIndex.hash(message.conversation(), message.from(), message.clientMsgId()),
                    position);
            implied(message, position);
        }
    }

    /** Random (type 4) UUIDs without SecureRandom's lock and cost: ids must be unique, not secret. */
    private static String newId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static RecordWriter encode(Message message, byte[] content) {
        return new RecordWriter(MESSAGE, 96 + content.length)
                .string(message.conversation()).varint(message.seq()).string(message.msgId())
                .string(message.from()).nullable(message.to()).nullable(message.group()).string(message.kind())
                .string(message.clientMsgId()).varint(message.ts()).bytes(content);
    }

    private static Message decode(RecordReader fields) {
        String conversation = fields.string();
        long seq = fields.varint();
        String msgId = fields.string();
        String from = fields.string();
        String to = fields.nullable();
        String group = fields.nullable();
        String kind = fields.string();
        String clientMsgId = fields.string();
        long ts = fields.varint();
        JsonNode content;
        try {
            content = dev.gatewise.im.protocol.FrameJson.MAPPER.readTree(fields.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored message", e);
        }
        return new Message(msgId, conversation, seq, from, to, group, kind, content, clientMsgId, ts);
    }

    /** The message whose record is at {@code position}, or null if retention removed it. */
    private Message read(long position) {
        LogRecord record = log().read(position);
        return record == null || record.type() != MESSAGE ? null : decode(record.fields());
    }

    /** What a message implies: its sender has read up to it; direct peers list the conversation. */
    private void implied(Message message, long position) {
        cursors.derive(Keys.of(message.from(), message.conversation(), CursorKind.READ.name()),
                current -> LogMap.asLong(current) >= message.seq() ? current : LogMap.longBytes(message.seq()),
                position);
        if (message.to() != null) {
            // Listed once: the value (the first message's time) is not read.
            byte[] ts = LogMap.longBytes(message.ts());
            directIndex.derive(Keys.of(message.from(), message.conversation()), current -> current != null ? current
                    : ts, position);
            directIndex.derive(Keys.of(message.to(), message.conversation()), current -> current != null ? current
                    : ts, position);
        }
    }

    /** A {@link #MESSAGE} or {@link #CONVERSATION} record at open. */
    void replay(byte type, RecordReader fields, long position) {
        if (type == CONVERSATION) {
            String id = fields.string();
            long lastSeq = fields.varint();
            Conversation conversation = stripe(id).conversations.computeIfAbsent(id, c -> new Conversation());
            if (conversation.count == 0 && lastSeq >= conversation.lastSeq) {
                conversation.lastSeq = lastSeq;
                conversation.firstSeq = lastSeq + 1;
                conversation.markerPosition = position;
            }
            return;
        }
        Message message = decode(fields);
        Stripe stripe = stripe(message.conversation());
        Conversation conversation = stripe.conversations.computeIfAbsent(message.conversation(),
                c -> new Conversation());
        if (conversation.count == 0 && conversation.lastSeq == 0) {
            // Retention removed the ones before.
            conversation.firstSeq = message.seq();
        } else if (message.seq() != conversation.lastSeq + 1) {
            log.error("Embedded store: message {} of {} follows seq {}; skipped", message.seq(),
                    message.conversation(), conversation.lastSeq);
            return;
        }
        conversation.add(message.seq(), position);
        stripe.clientIds.put(ClientIdIndex.hash(message.conversation(), message.from(), message.clientMsgId()),
                position);
        implied(message, position);
    }

    /**
     * Before the log's records in [{@code start}, {@code end}) are deleted: forgets the messages there,
     * and writes a {@link #CONVERSATION} record for every conversation left with none, so its numbering
     * goes on. Returns the position of the last record written, or -1.
     */
    long retire(long start, long end) {
        long last = -1;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (Map.Entry<String, Conversation> entry : stripe.conversations.entrySet()) {
                    Conversation conversation = entry.getValue();
                    boolean left = conversation.dropBefore(end);
                    if (!left && conversation.markerPosition < end) {
                        conversation.markerPosition = log().append(new RecordWriter(CONVERSATION, 32)
                                .string(entry.getKey()).varint(conversation.lastSeq), false).position();
                        last = conversation.markerPosition;
                    }
                }
                stripe.clientIds.removeIf(position -> position < end);
            }
        }
        return last;
    }

    @Override
    public List<Message> after(String conversation, long afterSeq, int limit) {
        long[] positions = positions(conversation, afterSeq + 1, limit);
        var messages = new ArrayList<Message>(positions.length);
        for (long position : positions) {
            Message message = read(position);
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** Positions of up to {@code limit} durable messages from {@code fromSeq} on. */
    private long[] positions(String id, long fromSeq, int limit) {
        Stripe stripe = stripe(id);
        long durable = log().durablePosition();
        synchronized (stripe) {
            Conversation conversation = stripe.conversations.get(id);
            if (conversation == null) {
                return new long[0];
            }
            long from = Math.max(fromSeq, conversation.firstSeq);
            var positions = new long[(int) Math.max(0, Math.min(limit, conversation.lastSeq - from + 1))];
            int n = 0;
            for (; n < positions.length; n++) {
                long position = conversation.position(from + n);
                if (position >= durable) {
                    break;
                }
                positions[n] = position;
            }
            return n == positions.length ? positions : Arrays.copyOf(positions, n);
        }
    }

    @Override
    public long lastSeq(String id) {
        Stripe stripe = stripe(id);
        long durable = log().durablePosition();
        synchronized (stripe) {
            Conversation conversation = stripe.conversations.get(id);
            if (conversation == null) {
                return 0;
            }
            long seq = conversation.lastSeq;
            while (seq >= conversation.firstSeq && conversation.position(seq) >= durable) {
                seq--;
            }
            return seq;
        }
    }

    @Override
    public Optional<Message> get(String id, long seq) {
        long position;
        Stripe stripe = stripe(id);
        synchronized (stripe) {
            Conversation conversation = stripe.conversations.get(id);
            position = conversation == null ? -1 : conversation.position(seq);
        }
        if (position < 0) {
            return Optional.empty();
        }
        log().awaitDurable(position);
        return Optional.ofNullable(read(position));
    }

    @Override
    public List<String> directConversations(String user) {
        String prefix = user + Keys.SEPARATOR;
        return directIndex.scan(prefix, prefix, Integer.MAX_VALUE).stream().map(e -> Keys.last(e.getKey())).toList();
    }
}
