package dev.gatewise.im.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Every frame a client may send, one record per {@code type}. Constructors validate what the
 * JSON cannot express (required fields, lengths); a failure becomes an {@code invalid_field} error.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.Auth.class, name = "auth"),
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = ClientFrame.Sync.class, name = "sync"),
    @JsonSubTypes.Type(value = ClientFrame.History.class, name = "history"),
    @JsonSubTypes.Type(value = ClientFrame.Conversations.class, name = "conversations"),
    @JsonSubTypes.Type(value = ClientFrame.Delivered.class, name = "delivered"),
    @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ClientFrame.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ClientFrame.GroupCreate.class, name = "group_create"),
    @JsonSubTypes.Type(value = ClientFrame.GroupAdd.class, name = "group_add"),
    @JsonSubTypes.Type(value = ClientFrame.GroupRemove.class, name = "group_remove"),
    @JsonSubTypes.Type(value = ClientFrame.GroupLeave.class, name = "group_leave"),
    @JsonSubTypes.Type(value = ClientFrame.GroupRole.class, name = "group_role"),
    @JsonSubTypes.Type(value = ClientFrame.GroupList.class, name = "group_list"),
    @JsonSubTypes.Type(value = ClientFrame.GroupInfo.class, name = "group_info"),
    @JsonSubTypes.Type(value = ClientFrame.Call.class, name = "call"),
})
public sealed interface ClientFrame {
    int MAX_PAGE = 200;
    int MAX_ID_LENGTH = 64;
    /**
     * How deep a message's content may nest (the content object is level 1). Every frame that carries the
     * message wraps it a few levels deeper, and must stay within the JSON nesting limit (1000) of the
     * server's encoder and of clients' parsers; a deeper message could be stored but never pushed or synced.
     */
    int MAX_CONTENT_DEPTH = 100;

    /** The client's request id, echoed by the answer (optional). */
    String id();

    record Auth(String id, String token, String device) implements ClientFrame {
        public Auth {
            Fields.require("token", token, 512);
            device = device == null || device.isBlank() ? null : Fields.require("device", device, MAX_ID_LENGTH);
        }
    }

    record Ping(String id) implements ClientFrame {}

    /** A message to one user ({@code to}) or to a group ({@code group}); exactly one of the two. */
    record Send(String id, String clientMsgId, String to, String group, String kind, JsonNode content)
            implements ClientFrame {
        public Send {
            Fields.require("clientMsgId", clientMsgId, MAX_ID_LENGTH);
            Fields.exactlyOne("to", to, "group", group);
            kind = kind == null ? "text" : Fields.require("kind", kind, 32);
            if (content == null || !content.isObject()) {
                throw new IllegalArgumentException("content must be a JSON object");
            }
            Fields.maxDepth("content", content, MAX_CONTENT_DEPTH);
            if (kind.equals("text") && !(content.path("text").isTextual() && !content.path("text").asText().isEmpty())) {
                throw new IllegalArgumentException("a text message needs content.text, a non-empty string");
            }
        }
    }

    /** Messages of a conversation after {@code afterSeq}, oldest first. */
    record Sync(String id, String conversation, Long afterSeq, Integer limit) implements ClientFrame {
        public Sync {
            Fields.require("conversation", conversation, 128);
            afterSeq = afterSeq == null ? 0L : Fields.nonNegative("afterSeq", afterSeq);
            limit = Fields.page(limit);
        }
    }

    /** Messages of a conversation before {@code beforeSeq} (latest when absent), newest last. */
    record History(String id, String conversation, Long beforeSeq, Integer limit) implements ClientFrame {
        public History {
            Fields.require("conversation", conversation, 128);
            beforeSeq = beforeSeq == null ? Long.MAX_VALUE : Fields.nonNegative("beforeSeq", beforeSeq);
            limit = Fields.page(limit);
        }
    }

    record Conversations(String id, Integer limit) implements ClientFrame {
        public Conversations {
            limit = Fields.page(limit);
        }
    }

    /** The client received the conversation's messages up to {@code seq}. */
    record Delivered(String id, String conversation, Long seq) implements ClientFrame {
        public Delivered {
            Fields.require("conversation", conversation, 128);
            Fields.nonNegative("seq", Fields.present("seq", seq));
        }
    }

    /** The user has read the conversation up to {@code seq}. */
    record Read(String id, String conversation, Long seq) implements ClientFrame {
        public Read {
            Fields.require("conversation", conversation, 128);
            Fields.nonNegative("seq", Fields.present("seq", seq));
        }
    }

    /** Asks who of {@code users} is online and subscribes this connection to their changes. */
    record Presence(String id, List<String> users) implements ClientFrame {
        public Presence {
            users = Fields.names("users", users, 500);
        }
    }

    record Typing(String id, String to, String group) implements ClientFrame {
        public Typing {
            Fields.exactlyOne("to", to, "group", group);
        }
    }

    record GroupCreate(String id, String name, List<String> members) implements ClientFrame {
        public GroupCreate {
            Fields.require("name", name, 100);
            members = members == null ? List.of() : Fields.names("members", members, 1000);
        }
    }

    record GroupAdd(String id, String group, List<String> users) implements ClientFrame {
        public GroupAdd {
            Fields.require("group", group, MAX_ID_LENGTH);
            users = Fields.names("users", users, 1000);
        }
    }

    record GroupRemove(String id, String group, List<String> users) implements ClientFrame {
        public GroupRemove {
            Fields.require("group", group, MAX_ID_LENGTH);
            users = Fields.names("users", users, 1000);
        }
    }

    record GroupLeave(String id, String group) implements ClientFrame {
        public GroupLeave {
            Fields.require("group", group, MAX_ID_LENGTH);
        }
    }

    /** Makes a member an admin or a plain member again; only the owner may. */
    record GroupRole(String id, String group, String user, String role) implements ClientFrame {
        public GroupRole {
            Fields.require("group", group, MAX_ID_LENGTH);
            Fields.require("user", user, MAX_ID_LENGTH);
            Fields.require("role", role, 16);
            if (!role.equals("admin") && !role.equals("member")) {
                throw new IllegalArgumentException("role must be admin or member");
            }
        }
    }

    record GroupList(String id) implements ClientFrame {}

    record GroupInfo(String id, String group) implements ClientFrame {
        public GroupInfo {
            Fields.require("group", group, MAX_ID_LENGTH);
        }
    }

    /**
     * Signalling of a 1:1 call (the calls module handles it). {@code to} and {@code media} come with {@code invite};
     * {@code sdp} ({@code {type, sdp}}) or {@code candidate} (an RTCIceCandidateInit) with {@code signal}.
     */
    record Call(String id, String action, String callId, String to, List<String> media, JsonNode sdp,
                JsonNode candidate) implements ClientFrame {
        /** Actions a client sends. */
        public static final List<String> ACTIONS =
                List.of("invite", "ringing", "accept", "reject", "cancel", "hangup", "busy", "signal");
        /** A video offer from Chromium is 5–10 KB; well above that is not a session description. */
        public static final int MAX_SDP_CHARS = 16 * 1024;

        public Call {
            Fields.require("action", action, 32);
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException("unknown call action '" + action + "'; one of " + ACTIONS);
            }
            Fields.require("callId", callId, MAX_ID_LENGTH);
            if (action.equals("invite")) {
                Fields.require("to", to, MAX_ID_LENGTH);
                media = media == null ? List.of("audio") : List.copyOf(media);
                if (!media.equals(List.of("audio")) && !media.equals(List.of("audio", "video"))) {
                    throw new IllegalArgumentException("media must be [\"audio\"] or [\"audio\",\"video\"]");
                }
            }
            if (action.equals("signal")) {
                if ((sdp == null) == (candidate == null)) {
                    throw new IllegalArgumentException("a signal carries exactly one of sdp and candidate");
                }
                if (sdp != null) {
                    checkSdp(sdp);
                } else {
                    checkCandidate(candidate);
                }
            }
        }

        private static void checkSdp(JsonNode sdp) {
            String type = sdp.path("type").asText("");
            if (!sdp.isObject() || !List.of("offer", "answer", "pranswer", "rollback").contains(type)
                    || !sdp.path("sdp").isTextual()) {
                throw new IllegalArgumentException("sdp must be {\"type\": offer|answer|pranswer|rollback, \"sdp\": TEXT}");
            }
            if (sdp.path("sdp").asText().length() > MAX_SDP_CHARS) {
                throw new IllegalArgumentException("sdp is longer than " + MAX_SDP_CHARS + " characters");
            }
        }

        private static void checkCandidate(JsonNode candidate) {
            if (!candidate.isObject() || !candidate.path("candidate").isTextual()
                    || candidate.path("candidate").asText().length() > 1024 || candidate.size() > 6) {
                throw new IllegalArgumentException("candidate must be an RTCIceCandidateInit with a candidate line");
            }
            Fields.maxDepth("candidate", candidate, 1);
        }
    }
}
