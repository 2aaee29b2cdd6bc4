package dev.gatewise.access;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.regex.Pattern;

/**
 * What a user name may be, and its one canonical form. The name as typed is checked first (no spaces, control or
 * format characters, no compatibility characters such as the Kelvin sign U+212A), then normalised (Unicode NFKC
 * with case folding), and the result must be in the allowed set: 3-32 of {@code a-z 0-9 _ . -}, starting with a
 * letter or digit (so names are safe in conversation ids and store keys). Two names whose UTS #39 confusable
 * skeletons match ({@code paypal}, {@code paypa1}) are one name to registration.
 *
 * <p>Here, in the contract every module may use, so that whatever names a user (a chat frame's {@code to}, a group
 * member, an RTMP publish's {@code &to=}) folds it by the one rule.
 */
public final class UserNames {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");
    /** Longer input is refused before it is normalised (normalising may grow a string). */
    private static final int MAX_INPUT = 64;
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();

    private UserNames() {}

    /** The canonical name for {@code raw}; throws {@link InvalidUserNameException} naming what is wrong. */
    public static String canonical(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("username is missing");
        }
        if (raw.length() > MAX_INPUT) {
            throw invalid("username must be at most 32 characters");
        }
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.CONTROL
                    || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.SURROGATE) {
                throw invalid(String.format("username must not contain spaces or control characters (U+%04X at %d)",
                        c, i));
            }
            i += Character.charCount(c);
        }
        if (!NFKC.isNormalized(raw)) {
            throw invalid("username contains a compatibility character (such as U+212A KELVIN SIGN); type '"
                    + NFKC.normalize(raw) + "' instead");
        }
        String name = NFKC_CASEFOLD.normalize(raw);
        if (!ALLOWED.matcher(name).matches()) {
            throw invalid("username must be 3-32 characters: letters a-z (any case), digits, '_', '.', '-', "
                    + "starting with a letter or digit");
        }
        return name;
    }

    /** Whether {@code raw} is a name an account could have. */
    public static boolean isValid(String raw) {
        try {
            canonical(raw);
            return true;
        } catch (InvalidUserNameException e) {
            return false;
        }
    }

    /**
     * The canonical form of a name that refers to a user (a recipient, a member). A name no account can have comes
     * back as given, so that looking it up finds no one.
     */
    public static String normalize(String raw) {
        return isValid(raw) ? canonical(raw) : raw;
    }

    /** The form of a search prefix: folded as names are, not checked (a prefix may be short). */
    public static String prefix(String raw) {
        return raw == null ? "" : NFKC_CASEFOLD.normalize(raw);
    }

    /** The UTS #39 confusable skeleton of a canonical name: confusable names share it. */
    public static String skeleton(String name) {
        return SPOOF.getSkeleton(name);
    }

    private static InvalidUserNameException invalid(String message) {
        return new InvalidUserNameException(message);
    }
}
