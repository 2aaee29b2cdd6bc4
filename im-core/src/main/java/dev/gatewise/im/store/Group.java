package dev.gatewise.im.store;

/** A group's own attributes; its members are kept apart because there can be many. */
public record Group(String id, String name, String owner, long createdAt) {
    public String conversation() {
        return "g:" + id;
    }
}
