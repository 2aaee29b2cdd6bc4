package dev.gatewise.teamtalk.content;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * TeamTalk's text encryption, byte for byte as its clients do it: the UTF-8 text, zero bytes, and a big-endian u32
 * length in the last four bytes of the last 16-byte block (a whole extra block when fewer than four bytes are left),
 * AES-256-ECB without padding under the key every client ships, then Base64. It hides nothing (the key is public);
 * it is what the clients expect.
 */
public final class TextCipher {
    /** The key compiled into TeamTalk's clients and servers. */
    private static final byte[] KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK = 16;

    private final SecretKeySpec key = new SecretKeySpec(KEY, "AES");

    /** The Base64 text (as bytes) a client puts in {@code msg_data}. */
    public byte[] encrypt(String text) {
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        int blocks = plain.length / BLOCK + 1;
        if (plain.length % BLOCK > BLOCK - 4) {
            blocks++;
        }
        byte[] padded = Arrays.copyOf(plain, blocks * BLOCK);
        ByteBuffer.wrap(padded).putInt(padded.length - 4, plain.length);
        return Base64.getEncoder().encode(run(Cipher.ENCRYPT_MODE, padded));
    }

    /**
     * The text of a client's {@code msg_data}. The length suffix is not trusted: TeamTalk's web client counts every
     * non-ASCII character as three bytes, so its suffix is too long for accents and emoji. The text is what precedes
     * the zero padding.
     */
    public String decrypt(byte[] base64) {
        byte[] cipher;
        try {
            cipher = Base64.getDecoder().decode(trimmed(base64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message data is not Base64");
        }
        if (cipher.length == 0 || cipher.length % BLOCK != 0) {
            throw new IllegalArgumentException("message data of " + cipher.length + " bytes is not whole AES blocks");
        }
        byte[] plain = run(Cipher.DECRYPT_MODE, cipher);
        int end = plain.length - 4;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        return new String(plain, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] trimmed(byte[] base64) {
        int end = base64.length;
        while (end > 0 && (base64[end - 1] == '\n' || base64[end - 1] == '\r' || base64[end - 1] == 0)) {
            end--;
        }
        return end == base64.length ? base64 : Arrays.copyOf(base64, end);
    }

    private byte[] run(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(mode, key);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is part of every JDK", e);
        }
    }
}
