package dev.gatewise.teamtalk.login;

import dev.gatewise.im.account.PasswordListener;
import dev.gatewise.im.account.PasswordVerifier;
import dev.gatewise.im.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * TeamTalk clients send the MD5 hex of the password, never the password. So that an account registered through
 * {@code /api/users} logs in from them with the same password, we keep, per user, an Argon2id hash of
 * md5hex(password), made whenever the account service sees the password proven right (registration, and every
 * password login of an account that has none yet). Neither the password nor its bare MD5 is stored. An account that
 * existed before this module and never logged in since has no such hash: it logs in once through the API or the web
 * page first. The access check runs {@link #verify} for TeamTalk logins, throttled as every password login is.
 * Blocking and deliberately slow: call off the event loop.
 */
public final class Md5Credentials implements PasswordListener, PasswordVerifier {
    private final KeyValueStore store;
    private final PasswordEncoder hashes = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Compared against when there is no hash, so a miss costs as much time as a wrong password. */
    private final String decoy = hashes.encode(md5Hex("decoy password for unknown users"));

    public Md5Credentials(KeyValueStore store) {
        this.store = store;
    }

    @Override
    public void accepted(String username, String password) {
        if (store.get(username).isEmpty()) {
            store.put(username, hashes.encode(md5Hex(password)).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Whether {@code md5Hex} (either case) is the MD5 of the user's password. */
    @Override
    public boolean verify(String username, String md5Hex) {
        var stored = store.get(username).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        boolean matches = hashes.matches(md5Hex.toLowerCase(Locale.ROOT), stored.orElse(decoy));
        return stored.isPresent() && matches;
    }

    public static String md5Hex(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
