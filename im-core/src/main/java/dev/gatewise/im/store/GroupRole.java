package dev.gatewise.im.store;

import java.util.Locale;

/** A member's standing in a group: the owner and admins manage it. */
public enum GroupRole {
    OWNER,
    ADMIN,
    MEMBER;

    public boolean canManage() {
        return this != MEMBER;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GroupRole fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
