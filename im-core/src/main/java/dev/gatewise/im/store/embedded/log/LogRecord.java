package dev.gatewise.im.store.embedded.log;

/** A record read back from the log: its type and its fields. */
public record LogRecord(byte type, RecordReader fields) {}
