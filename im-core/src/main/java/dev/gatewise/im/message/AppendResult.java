package dev.gatewise.im.message;

/** The stored message, and whether it was stored earlier under the same sender and client id. */
public record AppendResult(Message message, boolean duplicate) {}
