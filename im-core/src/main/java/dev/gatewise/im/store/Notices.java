package dev.gatewise.im.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The notices nodes send each other, in a compact binary form: a frame to push to some users or to one
 * device, a user's presence change, or sessions that ended (their tokens' hashes); and a bundle of
 * several, so the notices a node sends another in one flush travel as one publish.
 */
public final class Notices {
    static final byte FRAME = 'F';
    static final byte PRESENCE = 'P';
    static final byte DEVICE_FRAME = 'D';
    static final byte SESSIONS_ENDED = 'S';
    static final byte BUNDLE = 'B';

    private Notices() {}

    /** A frame (already JSON) for the recipient node to push to these users' connections. */
    public static byte[] frame(Collection<String> users, byte[] json) {
        return write(out -> {
            out.writeByte(FRAME);
            out.writeInt(users.size());
            for (String user : users) {
                out.writeUTF(user);
            }
            out.write(json);
        });
    }

    /** A frame (already JSON) for the recipient node to push to one device of a user. */
    public static byte[] deviceFrame(String user, String device, byte[] json) {
        return write(out -> {
            out.writeByte(DEVICE_FRAME);
            out.writeUTF(user);
            out.writeUTF(device);
            out.write(json);
        });
    }

    public static byte[] presence(String user, String status, long ts) {
        return write(out -> {
            out.writeByte(PRESENCE);
            out.writeUTF(user);
            out.writeUTF(status);
            out.writeLong(ts);
        });
    }

    /** Sessions that ended (logged out, revoked), by their tokens' hashes, with why (a {@code SessionEnd} name). */
    public static byte[] sessionsEnded(Collection<String> tokenHashes, String why) {
        return write(out -> {
            out.writeByte(SESSIONS_ENDED);
            out.writeUTF(why);
            out.writeInt(tokenHashes.size());
            for (String hash : tokenHashes) {
                out.writeUTF(hash);
            }
        });
    }

    /** Several notices as one, read back in the same order; a single notice is returned as it is. */
    public static byte[] bundle(List<byte[]> notices) {
        if (notices.size() == 1) {
            return notices.get(0);
        }
        return write(out -> {
            out.writeByte(BUNDLE);
            out.writeInt(notices.size());
            for (byte[] notice : notices) {
                out.writeInt(notice.length);
                out.write(notice);
            }
        });
    }

    /** Calls the matching method of {@code handler} for the notice (for each notice of a bundle, in order). */
    public static void read(byte[] notice, Handler handler) {
        read(notice, handler, true);
    }

    private static void read(byte[] notice, Handler handler, boolean mayBundle) {
        try (var in = new DataInputStream(new java.io.ByteArrayInputStream(notice))) {
            byte type = in.readByte();
            if (type == BUNDLE && mayBundle) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    int length = in.readInt();
                    byte[] inner = in.readNBytes(length);
                    if (inner.length != length) {
                        throw new IOException("a bundled notice of " + length + " bytes is cut short");
                    }
                    read(inner, handler, false);
                }
            } else if (type == FRAME) {
                int count = in.readInt();
                List<String> users = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    users.add(in.readUTF());
                }
                handler.frame(users, in.readAllBytes());
            } else if (type == DEVICE_FRAME) {
                handler.deviceFrame(in.readUTF(), in.readUTF(), in.readAllBytes());
            } else if (type == PRESENCE) {
                handler.presence(in.readUTF(), in.readUTF(), in.readLong());
            } else if (type == SESSIONS_ENDED) {
                String why = in.readUTF();
                int count = in.readInt();
                List<String> hashes = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    hashes.add(in.readUTF());
                }
                handler.sessionsEnded(hashes, why);
            } else {
                throw new IllegalArgumentException("unknown notice type " + type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("truncated notice", e);
        }
    }

    /** What a node does with each kind of notice; as a bus subscriber, it reads each notice it is given. */
    public interface Handler extends java.util.function.Consumer<byte[]> {
        @Override
        default void accept(byte[] notice) {
            try {
                read(notice, this);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Notices.class)
                        .warn("Dropped a malformed notice from another node: {}", e.toString());
            }
        }

        void frame(List<String> users, byte[] json);

        void deviceFrame(String user, String device, byte[] json);

        void presence(String user, String status, long ts);

        void sessionsEnded(List<String> tokenHashes, String why);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
