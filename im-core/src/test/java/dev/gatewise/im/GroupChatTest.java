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

/** Groups as their members see them: create, fan-out, catch-up, management rules, leaving, the size limit. */
class GroupChatTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode say(ChatClient client, String group, String id, String text) {
        return client.request(id, frame("send", "group", group, "clientMsgId", id, "content", Map.of("text", text)));
    }

    static String create(ChatClient client, String name, String... members) {
        JsonNode created = client.request("create-" + name, frame("group_create", "name", name,
                "members", List.of(members)));
        assertThat(created.get("type").asText()).as(created.toString()).isEqualTo("group");
        return created.get("group").asText();
    }

    static void assertError(JsonNode frame, String code) {
        assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.get("code").asText()).as(frame.toString()).isEqualTo(code);
    }

    static boolean isSystem(JsonNode frame, String event) {
        return frame.path("type").asText().equals("push") && frame.at("/message/kind").asText().equals("system")
                && frame.at("/message/content/event").asText().equals(event);
    }

    static boolean isText(JsonNode frame, String text) {
        return frame.path("type").asText().equals("push") && frame.at("/message/content/text").asText().equals(text);
    }

    static JsonNode summaryOf(ChatClient client, String conversation) {
        for (JsonNode entry : client.request("conv-" + conversation, frame("conversations")).get("conversations")) {
            if (entry.get("conversation").asText().equals(conversation)) {
                return entry;
            }
        }
        throw new AssertionError("no " + conversation + " in the conversations list");
    }

    @Test
    void creatingAGroupAnnouncesItToEveryMember() throws Exception {
        var owner = server.user("owner");
        var ann = server.user("ann");
        var ben = server.user("ben");
        try (var ownerPhone = server.tcpAs(owner, "phone"); var ownerLaptop = server.wsAs(owner, "laptop");
             var annClient = server.wsAs(ann, "d"); var benClient = server.tcpAs(ben, "d")) {
            JsonNode created = ownerPhone.request("c", frame("group_create", "name", "crew",
                    "members", List.of(ann.name(), ben.name().toUpperCase())));
            assertThat(created.get("type").asText()).isEqualTo("group");
            assertThat(created.get("id").asText()).isEqualTo("c");
            assertThat(created.get("name").asText()).isEqualTo("crew");
            assertThat(created.get("owner").asText()).isEqualTo(owner.name());
            assertThat(created.get("createdAt").asLong()).isPositive();
            assertThat(created.get("members").properties()).extracting(Map.Entry::getKey)
                    .containsExactlyInAnyOrder(owner.name(), ann.name(), ben.name());
            assertThat(created.at("/members/" + owner.name()).asText()).isEqualTo("owner");
            assertThat(created.at("/members/" + ann.name()).asText()).isEqualTo("member");
            assertThat(created.at("/members/" + ben.name()).asText()).isEqualTo("member");
            String group = created.get("group").asText();

            // Every device of every member hears of it, the creator's own devices included.
            for (ChatClient client : List.of(ownerPhone, ownerLaptop, annClient, benClient)) {
                JsonNode message = client.await(f -> isSystem(f, "group_created")).get("message");
                assertThat(message.get("seq").asLong()).isEqualTo(1);
                assertThat(message.get("conversation").asText()).isEqualTo("g:" + group);
                assertThat(message.get("group").asText()).isEqualTo(group);
                assertThat(message.get("from").asText()).isEqualTo(owner.name());
                assertThat(message.at("/content/by").asText()).isEqualTo(owner.name());
                assertThat(message.at("/content/name").asText()).isEqualTo("crew");
                assertThat(message.at("/content/users")).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder(owner.name(), ann.name(), ben.name());
            }

            JsonNode info = benClient.request("i", frame("group_info", "group", group));
            assertThat(info.get("type").asText()).isEqualTo("group");
            assertThat(info.get("members")).isEqualTo(created.get("members"));
        }
    }

    @Test
    void messagesReachEveryDeviceButTheSendingOneAndOfflineMembersCatchUp() throws Exception {
        var owner = server.user("owner");
        var ann = server.user("ann");
        var ben = server.user("ben");
        var away = server.user("away");
        try (var ownerPhone = server.tcpAs(owner, "phone"); var ownerLaptop = server.wsAs(owner, "laptop");
             var annPhone = server.tcpAs(ann, "phone"); var annWeb = server.wsAs(ann, "web");
             var benClient = server.tcpAs(ben, "d")) {
            String group = create(ownerPhone, "crew", ann.name(), ben.name(), away.name());
            String conversation = "g:" + group;
            for (ChatClient client : List.of(ownerPhone, ownerLaptop, annPhone, annWeb, benClient)) {
                client.await(f -> isSystem(f, "group_created"));
            }

            JsonNode ack = say(annPhone, group, "a1", "hello crew");
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("seq").asLong()).isEqualTo(2);
            assertThat(ack.get("conversation").asText()).isEqualTo(conversation);
            assertThat(ack.get("duplicate").asBoolean()).isFalse();
            for (ChatClient client : List.of(ownerPhone, ownerLaptop, annWeb, benClient)) {
                JsonNode message = client.await(f -> isText(f, "hello crew")).get("message");
                assertThat(message.get("from").asText()).isEqualTo(ann.name());
                assertThat(message.get("group").asText()).isEqualTo(group);
                assertThat(message.get("msgId").asText()).isEqualTo(ack.get("msgId").asText());
                assertThat(message.get("seq").asLong()).isEqualTo(2);
            }
            // The sending connection has its ack; a push of its own message would be a duplicate.
            annPhone.assertNone(f -> isText(f, "hello crew"), Duration.ofMillis(200));

            say(benClient, group, "b1", "hi ann");
            say(ownerLaptop, group, "o1", "welcome");
            for (ChatClient client : List.of(ownerPhone, annPhone, annWeb)) {
                client.await(f -> isText(f, "welcome"));
            }

            try (var late = server.tcpAs(away, "d")) {
                JsonNode entry = summaryOf(late, conversation);
                assertThat(entry.get("group").asText()).isEqualTo(group);
                assertThat(entry.get("name").asText()).isEqualTo("crew");
                assertThat(entry.get("lastSeq").asLong()).isEqualTo(4);
                assertThat(entry.get("unread").asLong()).isEqualTo(4);
                assertThat(entry.at("/lastMessage/content/text").asText()).isEqualTo("welcome");

                JsonNode sync = late.request("s", frame("sync", "conversation", conversation));
                assertThat(sync.get("type").asText()).isEqualTo("sync_result");
                assertThat(sync.get("messages")).extracting(m -> m.get("seq").asLong())
                        .containsExactly(1L, 2L, 3L, 4L);
                assertThat(sync.get("messages")).extracting(m -> m.get("from").asText())
                        .containsExactly(owner.name(), ann.name(), ben.name(), owner.name());
                assertThat(sync.get("hasMore").asBoolean()).isFalse();
                assertThat(sync.get("lastSeq").asLong()).isEqualTo(4);

                JsonNode page = late.request("p", frame("sync", "conversation", conversation, "afterSeq", 1,
                        "limit", 2));
                assertThat(page.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(2L, 3L);
                assertThat(page.get("hasMore").asBoolean()).isTrue();

                late.request("r", frame("read", "conversation", conversation, "seq", 3));
                assertThat(summaryOf(late, conversation).get("unread").asLong()).isEqualTo(1);
            }
            // Writing counts as reading up to one's own message.
            assertThat(summaryOf(annWeb, conversation).get("unread").asLong()).isEqualTo(2);
            assertThat(summaryOf(ownerPhone, conversation).get("unread").asLong()).isZero();
        }
    }

    @Test
    void onlyMembersSendAndRead() throws Exception {
        var owner = server.user("owner");
        var outsider = server.user("outsider");
        try (var ownerClient = server.tcpAs(owner, "d"); var outsiderClient = server.tcpAs(outsider, "d")) {
            String group = create(ownerClient, "private");
            assertError(say(outsiderClient, group, "x", "let me in"), "forbidden");
            assertError(say(outsiderClient, "nosuchgroup", "y", "hello?"), "not_found");
            assertError(outsiderClient.request("s", frame("sync", "conversation", "g:" + group)), "forbidden");
            assertError(outsiderClient.request("h", frame("history", "conversation", "g:" + group)), "forbidden");
            assertError(outsiderClient.request("i", frame("group_info", "group", group)), "forbidden");
            assertError(outsiderClient.request("i2", frame("group_info", "group", "nosuchgroup")), "not_found");
            assertError(outsiderClient.request("t", frame("typing", "group", group)), "forbidden");
            assertError(outsiderClient.request("a", frame("group_add", "group", group, "users",
                    List.of(outsider.name()))), "forbidden");
            assertError(ownerClient.request("sys", frame("send", "group", group, "clientMsgId", "s", "kind", "system",
                    "content", Map.of("event", "fake"))), "forbidden");
            assertError(ownerClient.request("bad", frame("group_create", "name", "x", "members", List.of("ghost-user"))),
                    "not_found");
            // Nothing the outsider tried reached the group.
            JsonNode sync = ownerClient.request("s2", frame("sync", "conversation", "g:" + group));
            assertThat(sync.get("messages")).extracting(m -> m.at("/content/event").asText())
                    .containsExactly("group_created");
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
            String group = create(ownerClient, "club", admin.name(), member.name());

            // Only the owner changes roles.
            assertError(memberClient.request("r0", frame("group_role", "group", group, "user", admin.name(),
                    "role", "admin")), "forbidden");
            JsonNode promoted = ownerClient.request("r1", frame("group_role", "group", group, "user", admin.name(),
                    "role", "admin"));
            assertThat(promoted.get("type").asText()).isEqualTo("group");
            assertThat(promoted.at("/members/" + admin.name()).asText()).isEqualTo("admin");
            assertThat(memberClient.await(f -> isSystem(f, "admin_added")).at("/message/content/users/0").asText())
                    .isEqualTo(admin.name());
            assertError(adminClient.request("r2", frame("group_role", "group", group, "user", member.name(),
                    "role", "admin")), "forbidden");
            assertError(ownerClient.request("r3", frame("group_role", "group", group, "user", joiner.name(),
                    "role", "admin")), "not_found");

            // A plain member neither adds nor removes.
            assertError(memberClient.request("a0", frame("group_add", "group", group, "users",
                    List.of(joiner.name()))), "forbidden");
            assertError(memberClient.request("x0", frame("group_remove", "group", group, "users",
                    List.of(admin.name()))), "forbidden");

            JsonNode added = adminClient.request("a1", frame("group_add", "group", group, "users",
                    List.of(joiner.name())));
            assertThat(added.at("/members/" + joiner.name()).asText()).isEqualTo("member");
            JsonNode joinedEvent = joinerClient.await(f -> isSystem(f, "members_added")).get("message");
            assertThat(joinedEvent.at("/content/by").asText()).isEqualTo(admin.name());
            assertThat(joinedEvent.at("/content/users")).extracting(JsonNode::asText).containsExactly(joiner.name());
            JsonNode listed = joinerClient.request("l", frame("group_list"));
            assertThat(listed.get("type").asText()).isEqualTo("group_list_result");
            assertThat(listed.get("groups")).hasSize(1);
            assertThat(listed.at("/groups/0/group").asText()).isEqualTo(group);
            assertThat(listed.at("/groups/0/name").asText()).isEqualTo("club");
            assertThat(listed.at("/groups/0/role").asText()).isEqualTo("member");
            assertThat(listed.at("/groups/0/memberCount").asInt()).isEqualTo(4);
            assertThat(ownerClient.request("lo", frame("group_list")).at("/groups/0/role").asText()).isEqualTo("owner");
            assertThat(adminClient.request("la", frame("group_list")).at("/groups/0/role").asText()).isEqualTo("admin");

            // Nobody removes the owner, and only the owner removes an admin.
            assertError(adminClient.request("x1", frame("group_remove", "group", group, "users",
                    List.of(owner.name()))), "forbidden");
            var otherAdmin = server.user("admin");
            ownerClient.request("a2", frame("group_add", "group", group, "users", List.of(otherAdmin.name())));
            ownerClient.request("r4", frame("group_role", "group", group, "user", otherAdmin.name(), "role", "admin"));
            assertError(adminClient.request("x2", frame("group_remove", "group", group, "users",
                    List.of(otherAdmin.name()))), "forbidden");
            JsonNode info = ownerClient.request("i", frame("group_info", "group", group));
            assertThat(info.get("members")).hasSize(5);

            // An admin removes a plain member, who hears of it and can no longer read or write.
            JsonNode removed = adminClient.request("x3", frame("group_remove", "group", group, "users",
                    List.of(joiner.name())));
            assertThat(removed.get("members").has(joiner.name())).isFalse();
            JsonNode removedEvent = joinerClient.await(f -> isSystem(f, "members_removed")).get("message");
            assertThat(removedEvent.at("/content/users")).extracting(JsonNode::asText).containsExactly(joiner.name());
            assertThat(memberClient.await(f -> isSystem(f, "members_removed"))).isNotNull();
            assertError(joinerClient.request("s", frame("sync", "conversation", "g:" + group)), "forbidden");
            assertError(joinerClient.request("h", frame("history", "conversation", "g:" + group)), "forbidden");
            assertError(say(joinerClient, group, "j", "am I still here?"), "forbidden");
            assertError(joinerClient.request("ji", frame("group_info", "group", group)), "forbidden");
            assertThat(joinerClient.request("l2", frame("group_list")).get("groups")).isEmpty();
            // Later messages are not pushed to the removed member.
            say(memberClient, group, "m", "after the removal");
            adminClient.await(f -> isText(f, "after the removal"));
            joinerClient.assertNone(f -> isText(f, "after the removal"), Duration.ofMillis(200));

            // The owner removes an admin, and demotes the other.
            JsonNode ownerRemoves = ownerClient.request("x4", frame("group_remove", "group", group, "users",
                    List.of(otherAdmin.name())));
            assertThat(ownerRemoves.get("members").has(otherAdmin.name())).isFalse();
            JsonNode demoted = ownerClient.request("r5", frame("group_role", "group", group, "user", admin.name(),
                    "role", "member"));
            assertThat(demoted.at("/members/" + admin.name()).asText()).isEqualTo("member");
            assertThat(adminClient.await(f -> isSystem(f, "admin_removed"))).isNotNull();
            assertError(adminClient.request("a3", frame("group_add", "group", group, "users",
                    List.of(joiner.name()))), "forbidden");

            // Members who were away read every change by sync, numbered without gaps.
            JsonNode sync = memberClient.request("ms", frame("sync", "conversation", "g:" + group));
            List<Long> seqs = new ArrayList<>();
            sync.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
            assertThat(seqs).hasSize(9);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(i + 1L);
            }
            assertThat(sync.get("messages")).extracting(m -> m.at("/content/event").asText()).containsExactly(
                    "group_created", "admin_added", "members_added", "members_added", "admin_added",
                    "members_removed", "", "members_removed", "admin_removed");
        }
    }

    @Test
    void leavingAndAnOwnerHandingOverToAnAdmin() throws Exception {
        var owner = server.user("owner");
        // Named so that the admin is not the first member by name: the heir must be chosen by role.
        var admin = server.user("zed");
        var member = server.user("abe");
        var other = server.user("bea");
        try (var ownerClient = server.tcpAs(owner, "d"); var adminClient = server.tcpAs(admin, "d");
             var memberClient = server.tcpAs(member, "d"); var otherClient = server.wsAs(other, "d")) {
            String group = create(ownerClient, "team", admin.name(), member.name(), other.name());
            ownerClient.request("r", frame("group_role", "group", group, "user", admin.name(), "role", "admin"));

            JsonNode left = otherClient.request("bye", frame("group_leave", "group", group));
            assertThat(left.get("type").asText()).isEqualTo("ok");
            assertThat(otherClient.await(f -> isSystem(f, "member_left")).at("/message/content/users/0").asText())
                    .isEqualTo(other.name());
            assertThat(memberClient.await(f -> isSystem(f, "member_left")).at("/message/content/users/0").asText())
                    .isEqualTo(other.name());
            assertError(say(otherClient, group, "o", "still here?"), "forbidden");
            assertError(otherClient.request("s", frame("sync", "conversation", "g:" + group)), "forbidden");
            assertError(otherClient.request("again", frame("group_leave", "group", group)), "forbidden");
            assertThat(otherClient.request("l", frame("group_list")).get("groups")).isEmpty();

            assertThat(ownerClient.request("bye", frame("group_leave", "group", group)).get("type").asText())
                    .isEqualTo("ok");
            JsonNode info = memberClient.request("i", frame("group_info", "group", group));
            assertThat(info.get("owner").asText()).isEqualTo(admin.name());
            assertThat(info.get("members")).hasSize(2);
            assertThat(info.at("/members/" + admin.name()).asText()).isEqualTo("owner");
            assertThat(info.at("/members/" + member.name()).asText()).isEqualTo("member");
            assertThat(adminClient.request("l", frame("group_list")).at("/groups/0/role").asText()).isEqualTo("owner");
            // The new owner runs the group: changes roles, and messages still flow.
            assertThat(adminClient.request("r2", frame("group_role", "group", group, "user", member.name(),
                    "role", "admin")).at("/members/" + member.name()).asText()).isEqualTo("admin");
            assertThat(say(adminClient, group, "a", "my group now").get("type").asText()).isEqualTo("ack");
            assertThat(memberClient.await(f -> isText(f, "my group now"))).isNotNull();
        }
    }

    @Test
    void anOwnerWithoutAdminsHandsTheGroupToAMember() throws Exception {
        var owner = server.user("owner");
        var member = server.user("member");
        try (var ownerClient = server.tcpAs(owner, "d"); var memberClient = server.tcpAs(member, "d")) {
            String group = create(ownerClient, "duo", member.name());
            ownerClient.request("bye", frame("group_leave", "group", group));
            JsonNode info = memberClient.request("i", frame("group_info", "group", group));
            assertThat(info.get("owner").asText()).isEqualTo(member.name());
            assertThat(info.get("members")).hasSize(1);
            assertThat(info.at("/members/" + member.name()).asText()).isEqualTo("owner");
        }
    }

    @Test
    void groupsHaveAMaximumSize() throws Exception {
        try (var small = new TestServer(s -> s.setMaxGroupMembers(3))) {
            var owner = small.user("owner");
            var a = small.user("amy");
            var b = small.user("bill");
            var c = small.user("cleo");
            try (var ownerClient = small.tcpAs(owner, "d")) {
                assertError(ownerClient.request("big", frame("group_create", "name", "big",
                        "members", List.of(a.name(), b.name(), c.name()))), "forbidden");
                assertThat(ownerClient.request("l", frame("group_list")).get("groups")).isEmpty();

                String group = create(ownerClient, "full", a.name(), b.name());
                assertError(ownerClient.request("add", frame("group_add", "group", group, "users",
                        List.of(c.name()))), "forbidden");
                JsonNode info = ownerClient.request("i", frame("group_info", "group", group));
                assertThat(info.get("members")).hasSize(3);
                assertThat(info.get("members").has(c.name())).isFalse();
                // Adding someone already in the group does not count twice.
                assertThat(ownerClient.request("same", frame("group_add", "group", group, "users",
                        List.of(a.name()))).get("members")).hasSize(3);

                // Once a place is free, it can be filled.
                ownerClient.request("x", frame("group_remove", "group", group, "users", List.of(b.name())));
                assertThat(ownerClient.request("add2", frame("group_add", "group", group, "users",
                        List.of(c.name()))).get("members").has(c.name())).isTrue();
            }
        }
    }
}
