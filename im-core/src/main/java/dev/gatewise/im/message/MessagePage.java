package dev.gatewise.im.message;

import java.util.List;

/**
 * A page of a conversation's messages, in order.
 *
 * @param hasMore whether there are more in the direction the page was asked for
 * @param lastSeq the conversation's newest sequence number
 */
public record MessagePage(String conversation, List<Message> messages, boolean hasMore, long lastSeq) {}
