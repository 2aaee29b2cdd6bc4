package dev.gatewise.im.message;

/** The per-user, per-conversation positions that receipts move. */
public enum CursorKind {
    DELIVERED,
    READ
}
