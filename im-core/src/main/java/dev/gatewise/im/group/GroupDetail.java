package dev.gatewise.im.group;

import java.util.Map;

/** A group as its members see it: {@code members} maps each member to their role's wire name. */
public record GroupDetail(String group, String name, String owner, long createdAt, Map<String, String> members) {}
