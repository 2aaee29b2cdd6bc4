package dev.gatewise.files.storage;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A file's id: 128 random bits in URL-safe Base64 (22 characters). Ids arrive in URLs, so every id
 * is checked against this exact shape before it names a path or a store key (no traversal).
 */
public record FileId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public FileId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a file id");
        }
    }

    public static FileId random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new FileId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static boolean isValid(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
