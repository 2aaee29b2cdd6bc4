package dev.gatewise.im.store;

/** A registered user; {@code passwordHash} is a self-describing KDF string, never the password. */
public record Account(String username, String passwordHash, long createdAt) {}
