package dev.gatewise.im.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gatewise.im.message.ConversationSummary;
import dev.gatewise.im.message.Message;
import java.util.List;
import java.util.Map;

/** Every frame the server sends. Answers to a request carry its {@code id}. */
@JsonPropertyOrder({"type", "id"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame permits ErrorFrame, ServerFrame.AuthOk, ServerFrame.Pong, ServerFrame.Ack,
        ServerFrame.Push, ServerFrame.MessagePage, ServerFrame.ConversationList, ServerFrame.Receipt,
        ServerFrame.PresenceStatus, ServerFrame.PresenceChange, ServerFrame.TypingNotice, ServerFrame.GroupDetail,
        ServerFrame.GroupSummaries, ServerFrame.Ok {

    @JsonProperty("type")
    String type();

    record AuthOk(String id, String user, String device, int protocol, int heartbeatSeconds, long serverTime)
            implements ServerFrame {
        public String type() {
            return "auth_ok";
        }
    }

    record Pong(String id, long serverTime) implements ServerFrame {
        public String type() {
            return "pong";
        }
    }

    /** The message is durably stored: from now on it is never lost. */
    record Ack(String id, String clientMsgId, String msgId, String conversation, long seq, long ts,
               boolean duplicate) implements ServerFrame {
        public String type() {
            return "ack";
        }
    }

    record Push(Message message) implements ServerFrame {
        public String type() {
            return "push";
        }
    }

    /** An answer to sync ({@code sync_result}) or history ({@code history_result}); messages oldest first. */
    record MessagePage(String type, String id, String conversation, List<Message> messages, boolean hasMore,
                       long lastSeq) implements ServerFrame {}

    record ConversationList(String id, List<ConversationSummary> conversations) implements ServerFrame {
        public String type() {
            return "conversations_result";
        }
    }


    /** {@code user} received ({@code delivered}) or read ({@code read}) the conversation up to {@code seq}. */
    record Receipt(String conversation, String user, String kind, long seq) implements ServerFrame {
        public String type() {
            return "receipt";
        }
    }

    record PresenceStatus(String id, Map<String, String> users) implements ServerFrame {
        public String type() {
            return "presence_result";
        }
    }

    record PresenceChange(String user, String status, long ts) implements ServerFrame {
        public String type() {
            return "presence";
        }
    }

    record TypingNotice(String conversation, String from) implements ServerFrame {
        public String type() {
            return "typing";
        }
    }

    record GroupDetail(String id, String group, String name, String owner, long createdAt,
                       Map<String, String> members) implements ServerFrame {
        public String type() {
            return "group";
        }
    }

    record GroupSummaries(String id, List<GroupSummary> groups) implements ServerFrame {
        public String type() {
            return "group_list_result";
        }
    }

    record GroupSummary(String group, String name, String role, int memberCount) {}

    record Ok(String id) implements ServerFrame {
        public String type() {
            return "ok";
        }
    }
}
