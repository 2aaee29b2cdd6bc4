package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Groups as their members see them: create, fan-out, catch-up, management rules, leaving. */
class GroupChatTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(s -> s.setMaxGroupMembers(5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode say(ChatClient client, String group, String id, String text) {
        return client.request(id, frame("send", "group", group, "clientMsgId", id, "content", Map.of("text", text)));
    }

    static void assertError(JsonNode frame, String code) {
        assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.get("code").asText()).as(frame.toString()).isEqualTo(code);
    }

    static boolean isSystem(JsonNode frame, String event) {
        return frame.path("type").asText().equals("push") && frame.at("/message/kind").asText().equals("system")
                && frame.at("/message/content/event").asText().equals(event);
    }

    @Test
    void membersChatAndOfflineMembersCatchUp() throws Exception {
        var owner = server.user("owner");
        var ann = server.user("ann");
        var ben = server.user("ben");
        var offline = server.user("away");
        try (var ownerPhone = server.tcpAs(owner, "phone"); var ownerLaptop = server.wsAs(owner, "laptop");
             var annClient = server.wsAs(ann, "d"); var benClient = server.tcpAs(ben, "d")) {
            JsonNode created = ownerPhone.request("c", frame("group_create", "name", "crew",
                    "members", List.of(ann.name(), ben.name(), offline.name())));
            assertThat(created.get("type").asText()).isEqualTo("group");
            assertThat(created.get("owner").asText()).isEqualTo(owner.name());
            assertThat(created.get("members")).hasSize(4);
            assertThat(created.at("/members/" + owner.name()).asText()).isEqualTo("owner");
            assertThat(created.at("/members/" + ann.name()).asText()).isEqualTo("member");
            String group = created.get("group").asText();
            for (ChatClient client : List.of(ownerLaptop, annClient, benClient)) {
                JsonNode event = client.await(f -> isSystem(f, "group_created"));
                assertThat(event.at("/message/seq").asLong()).isEqualTo(1);
                assertThat(event.at("/message/group").asText()).isEqualTo(group);
            }

            JsonNode ack = say(annClient, group, "a1", "hello crew");
            assertThat(ack.get("seq").asLong()).isEqualTo(2);
            assertThat(ack.get("conversation").asText()).isEqualTo("g:" + group);
            for (ChatClient client : List.of(ownerPhone, ownerLaptop, benClient)) {
                assertThat(client.await(f -> f.at("/message/content/text").asText().equals("hello crew"))
                        .at("/message/from").asText()).isEqualTo(ann.name());
            }
            annClient.assertNone(f -> f.at("/message/content/text").asText().equals("hello crew"),
                    Duration.ofMillis(200));
            say(benClient, group, "b1", "hi ann");
            say(ownerPhone, group, "o1", "welcome");

            try (var late = server.tcpAs(offline, "d")) {
                JsonNode list = late.request("l", frame("conversations"));
                JsonNode entry = list.get("conversations").get(0);
                assertThat(entry.get("group").asText()).isEqualTo(group);
                assertThat(entry.get("name").asText()).isEqualTo("crew");
                assertThat(entry.get("unread").asLong()).isEqualTo(4);
                JsonNode sync = late.request("s", frame("sync", "conversation", "g:" + group));
                assertThat(sync.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
                assertThat(sync.get("messages").get(3).at("/content/text").asText()).isEqualTo("welcome");
            }
        }
    }

    @Test
    void onlyMembersSendAndRead() throws Exception {
        var owner = server.user("owner");
        var outsider = server.user("outsider");
        try (var ownerClient = server.tcpAs(owner, "d"); var outsiderClient = server.tcpAs(outsider, "d")) {
            String group = ownerClient.request("c", frame("group_create", "name", "private")).get("group").asText();
            assertError(say(outsiderClient, group, "x", "let me in"), "forbidden");
            assertError(say(outsiderClient, "nosuchgroup", "y", "hello?"), "not_found");
            assertError(outsiderClient.request("s", frame("sync", "conversation", "g:" + group)), "forbidden");
            assertError(outsiderClient.request("h", frame("history", "conversation", "g:" + group)), "forbidden");
            assertError(outsiderClient.request("i", frame("group_info", "group", group)), "forbidden");
            assertError(outsiderClient.request("t", frame("typing", "group", group)), "forbidden");
            assertError(ownerClient.request("sys", frame("send", "group", group, "clientMsgId", "s", "kind", "system",
                    "content", Map.of("event", "fake"))), "forbidden");
            assertError(ownerClient.request("bad", frame("group_create", "name", "x", "members", List.of("ghost-user"))),
                    "not_found");
        }
    }

    @Test
    void ownerAndAdminsManageMembersWithinTheRules() throws Exception {
        var owner = server.user("owner");
        var admin = server.user("admin");
        var member = server.user("member");
        var joiner = server.user("joiner");
        try (var ownerClient = server.tcpAs(owner, "d"); var adminClient = server.tcpAs(admin, "d");
             var memberClient = server.wsAs(member, "d"); var joinerClient = server.tcpAs(joiner, "d")) {
            String group = ownerClient.request("c", frame("group_create", "name", "club",
                    "members", List.of(admin.name(), member.name()))).get("group").asText();

            assertError(adminClient.request("r0", frame("group_role", "group", group, "user", member.name(),
                    "role", "admin")), "forbidden");
            JsonNode promoted = ownerClient.request("r1", frame("group_role", "group", group, "user", admin.name(),
                    "role", "admin"));
            assertThat(promoted.at("/members/" + admin.name()).asText()).isEqualTo("admin");
            assertThat(memberClient.await(f -> isSystem(f, "admin_added")).at("/message/content/users/0").asText())
                    .isEqualTo(admin.name());

            assertError(memberClient.request("a0", frame("group_add", "group", group, "users",
                    List.of(joiner.name()))), "forbidden");
            JsonNode added = adminClient.request("a1", frame("group_add", "group", group, "users",
                    List.of(joiner.name())));
            assertThat(added.at("/members/" + joiner.name()).asText()).isEqualTo("member");
            assertThat(joinerClient.await(f -> isSystem(f, "members_added"))).isNotNull();
            assertThat(joinerClient.request("l", frame("group_list")).get("groups").get(0).get("memberCount").asInt())
                    .isEqualTo(4);

            assertError(adminClient.request("x0", frame("group_remove", "group", group, "users",
                    List.of(owner.name()))), "forbidden");
            var otherAdmin = server.user("admin");
            ownerClient.request("a2", frame("group_add", "group", group, "users", List.of(otherAdmin.name())));
            ownerClient.request("r2", frame("group_role", "group", group, "user", otherAdmin.name(), "role", "admin"));
            assertError(adminClient.request("x1", frame("group_remove", "group", group, "users",
                    List.of(otherAdmin.name()))), "forbidden");

            JsonNode removed = adminClient.request("x2", frame("group_remove", "group", group, "users",
                    List.of(joiner.name())));
            assertThat(removed.get("members").has(joiner.name())).isFalse();
            // The removed member hears of it, and can no longer read.
            assertThat(joinerClient.await(f -> isSystem(f, "members_removed"))).isNotNull();
            assertError(joinerClient.request("s", frame("sync", "conversation", "g:" + group)), "forbidden");
            assertThat(joinerClient.request("l2", frame("group_list")).get("groups")).isEmpty();

            // The size limit (5 here) holds.
            var extra = new ArrayList<String>();
            for (int i = 0; i < 2; i++) {
                extra.add(server.user("extra").name());
            }
            assertError(ownerClient.request("big", frame("group_add", "group", group, "users", extra)), "forbidden");
        }
    }

    @Test
    void leavingAndAnOwnerHandingOver() throws Exception {
        var owner = server.user("owner");
        var admin = server.user("admin");
        var member = server.user("member");
        try (var ownerClient = server.tcpAs(owner, "d"); var adminClient = server.tcpAs(admin, "d");
             var memberClient = server.tcpAs(member, "d")) {
            String group = ownerClient.request("c", frame("group_create", "name", "team",
                    "members", List.of(admin.name(), member.name()))).get("group").asText();
            ownerClient.request("r", frame("group_role", "group", group, "user", admin.name(), "role", "admin"));

            assertThat(memberClient.request("bye", frame("group_leave", "group", group)).get("type").asText())
                    .isEqualTo("ok");
            assertThat(memberClient.await(f -> isSystem(f, "member_left"))).isNotNull();
            assertError(say(memberClient, group, "m", "still here?"), "forbidden");

            ownerClient.request("bye", frame("group_leave", "group", group));
            JsonNode info = adminClient.request("i", frame("group_info", "group", group));
            assertThat(info.get("owner").asText()).isEqualTo(admin.name());
            assertThat(info.get("members")).hasSize(1);
            assertThat(say(adminClient, group, "a", "my group now").get("type").asText()).isEqualTo("ack");
        }
    }
}
