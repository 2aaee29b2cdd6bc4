package dev.gatewise.im.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;

/** Checks shared by the frame constructors; each failure names the field. */
final class Fields {
    private Fields() {}

    static String require(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    static <T> T present(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    static int page(Integer limit) {
        if (limit == null) {
            return 50;
        }
        if (limit < 1 || limit > ClientFrame.MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + ClientFrame.MAX_PAGE);
        }
        return limit;
    }

    static void exactlyOne(String firstName, String first, String secondName, String second) {
        if ((first == null) == (second == null)) {
            throw new IllegalArgumentException("exactly one of " + firstName + " and " + secondName + " is required");
        }
        require(first != null ? firstName : secondName, first != null ? first : second, ClientFrame.MAX_ID_LENGTH);
    }

    /** Refuses a JSON value nested more than {@code max} levels deep (the value itself is level 1). */
    static void maxDepth(String name, JsonNode value, int max) {
        if (deeperThan(value, max)) {
            throw new IllegalArgumentException(name + " is nested more than " + max + " levels deep");
        }
    }

    private static boolean deeperThan(JsonNode node, int levels) {
        if (!node.isContainerNode()) {
            return false;
        }
        if (levels == 0) {
            return true;
        }
        for (JsonNode child : node) {
            if (deeperThan(child, levels - 1)) {
                return true;
            }
        }
        return false;
    }

    /** A list of user names without blanks or repeats, at most {@code max} long. */
    static List<String> names(String name, List<String> values, int max) {
        present(name, values);
        if (values.size() > max) {
            throw new IllegalArgumentException(name + " has more than " + max + " entries");
        }
        var unique = new LinkedHashSet<String>();
        for (String value : values) {
            unique.add(require(name + " entry", value, ClientFrame.MAX_ID_LENGTH));
        }
        return List.copyOf(unique);
    }
}
