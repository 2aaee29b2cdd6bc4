package dev.gatewise.im.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.message.Message;
import org.junit.jupiter.api.Test;

/** The hand-written ack and push say exactly what Jackson would. */
class HotFrameJsonTest {
    static JsonNode tree(byte[] json) throws Exception {
        return FrameJson.MAPPER.readTree(json);
    }

    @Test
    void anAckIsJacksonsAck() throws Exception {
        for (var ack : new ServerFrame.Ack[] {
                new ServerFrame.Ack("r1", "c\"1\\\n\u0001", "m1", "dm:a:b", 7, 1234, false),
                new ServerFrame.Ack(null, "c2 ünï 表情 😀", "m2", "g:x", 1, 0, true)}) {
            assertThat(tree(HotFrameJson.ack(ack))).isEqualTo(tree(FrameJson.MAPPER.writeValueAsBytes(ack)));
        }
    }

    @Test
    void aPushIsJacksonsPush() throws Exception {
        JsonNode content = FrameJson.MAPPER.readTree("{\"text\":\"hé \\\"there\\\" \\u0002 😀\",\"n\":[1,{\"a\":null}]}");
        for (var message : new Message[] {
                new Message("m1", "dm:a:b", 3, "a", "b", null, "text", content, "c1", 99),
                new Message("m2", "g:crew", 4, "a", null, "crew", "file", content, "c\\2", 100)}) {
            var push = new ServerFrame.Push(message);
            assertThat(tree(HotFrameJson.push(message))).isEqualTo(tree(FrameJson.MAPPER.writeValueAsBytes(push)));
        }
    }
}
