package dev.gatewise.teamtalk.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** What TeamTalk clients are shown for the kinds they have no message type of their own for. */
class MessageTextTest {
    private final MessageText texts = new MessageText("http://files.example.com:8080/",
            id -> "/files/" + id + "?expires=1&signature=s");

    @Test
    void aVoiceMessageIsItsDurationAndASignedLinkToThePlayableCopy() {
        var content = JsonNodeFactory.instance.objectNode().put("id", "q2T0aaaaaaaaaaaaaaaaaa")
                .put("durationMs", 74_600).put("playable", "/files/q2T0aaaaaaaaaaaaaaaaaa/playable");
        assertThat(texts.toClient("voice", content)).isEqualTo("[voice message 1:15] "
                + "http://files.example.com:8080/files/q2T0aaaaaaaaaaaaaaaaaa/playable?expires=1&signature=s");
        assertThat(new MessageText("", id -> "/files/" + id).toClient("voice", content))
                .isEqualTo("[voice message 1:15] /files/q2T0aaaaaaaaaaaaaaaaaa/playable");
    }
}
