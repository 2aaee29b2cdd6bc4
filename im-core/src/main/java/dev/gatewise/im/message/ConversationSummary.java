package dev.gatewise.im.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of a user's recent-conversations list: the conversation, its last message, and where each reader is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationSummary(String conversation, String peer, String group, String name, Message lastMessage,
                                  long lastSeq, long readSeq, long unread, Long peerReadSeq, Long peerDeliveredSeq) {}
