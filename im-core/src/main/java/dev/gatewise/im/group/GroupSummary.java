package dev.gatewise.im.group;

/** One of a user's groups: their role in it and how many members it has. */
public record GroupSummary(String group, String name, String role, int memberCount) {}
