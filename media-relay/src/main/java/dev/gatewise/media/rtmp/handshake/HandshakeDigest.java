package dev.gatewise.media.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "complex" handshake Flash Player and Flash Media Server introduced: C1 and S1 carry an HMAC-SHA256 digest at a
 * position their own bytes determine, and S2 is signed with a key derived from the client's digest. Clients that
 * send such a C1 get an S1 and S2 they can verify; ffmpeg checks them when it plays.
 */
final class HandshakeDigest {
    static final int PACKET_SIZE = 1536;
    private static final int DIGEST_SIZE = 32;
    /** The two places a digest's position can be read from (the two schemes), and the span it may take. */
    private static final int[] SCHEME_BASES = {8, 772};
    private static final int POSITION_MODULUS = 728;
    /** What the server reports as its version: Flash Media Server 4.5 (clients look for 3 or more). */
    private static final byte[] SERVER_VERSION = {4, 5, 0, 1};
    private static final byte[] KEY_TAIL = {
        (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, 0x4A, (byte) 0x80, 0x68, (byte) 0xBE, (byte) 0xE8,
        0x2E, 0x00, (byte) 0xD0, (byte) 0xD1, 0x02, (byte) 0x9E, 0x7E, 0x57,
        0x6E, (byte) 0xEC, 0x5D, 0x2D, 0x29, (byte) 0x80, 0x6F, (byte) 0xAB,
        (byte) 0x93, (byte) 0xB8, (byte) 0xE6, 0x36, (byte) 0xCF, (byte) 0xEB, 0x31, (byte) 0xAE};
    private static final byte[] PLAYER_KEY = "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Genuine Adobe Flash Media Server 001"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_FULL_KEY = concat(SERVER_KEY, KEY_TAIL);

    private HandshakeDigest() {}

    /** Where C1's digest is, if it has a valid one under either scheme; else -1 (a plain handshake). */
    static int clientDigestPosition(byte[] c1) {
        for (int base : SCHEME_BASES) {
            int position = digestPosition(c1, base);
            byte[] expected = digestExcluding(c1, position, PLAYER_KEY);
            if (MessageDigest.isEqual(expected, slice(c1, position, DIGEST_SIZE))) {
                return position;
            }
        }
        return -1;
    }

    /** S1 with the server's digest placed by the scheme the client used. */
    static byte[] serverS1(int clientDigestPosition) {
        byte[] s1 = randomPacket();
        s1[0] = s1[1] = s1[2] = s1[3] = 0;
        System.arraycopy(SERVER_VERSION, 0, s1, 4, SERVER_VERSION.length);
        int base = clientDigestPosition >= SCHEME_BASES[1] + 4 ? SCHEME_BASES[1] : SCHEME_BASES[0];
        int position = digestPosition(s1, base);
        System.arraycopy(digestExcluding(s1, position, SERVER_KEY), 0, s1, position, DIGEST_SIZE);
        return s1;
    }

    /** S2: random bytes signed with a key made from the client's digest. */
    static byte[] serverS2(byte[] c1, int clientDigestPosition) {
        byte[] s2 = randomPacket();
        byte[] key = hmac(SERVER_FULL_KEY, slice(c1, clientDigestPosition, DIGEST_SIZE));
        byte[] signature = hmac(key, slice(s2, 0, PACKET_SIZE - DIGEST_SIZE));
        System.arraycopy(signature, 0, s2, PACKET_SIZE - DIGEST_SIZE, DIGEST_SIZE);
        return s2;
    }

    private static int digestPosition(byte[] packet, int base) {
        int sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += packet[base + i] & 0xFF;
        }
        return sum % POSITION_MODULUS + base + 4;
    }

    /** The HMAC of the packet without the 32 bytes at {@code position}, where the digest goes. */
    private static byte[] digestExcluding(byte[] packet, int position, byte[] key) {
        byte[] message = new byte[PACKET_SIZE - DIGEST_SIZE];
        System.arraycopy(packet, 0, message, 0, position);
        System.arraycopy(packet, position + DIGEST_SIZE, message, position, PACKET_SIZE - position - DIGEST_SIZE);
        return hmac(key, message);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] randomPacket() {
        byte[] packet = new byte[PACKET_SIZE];
        ThreadLocalRandom.current().nextBytes(packet);
        return packet;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
