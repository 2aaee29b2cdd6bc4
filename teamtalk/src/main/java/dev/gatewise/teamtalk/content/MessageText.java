package dev.gatewise.teamtalk.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a message says to a TeamTalk client and back. TeamTalk has text only: an image is a text holding its URL
 * between two markers. So a text is a {@code text} message; a marked URL of one of our own files becomes a
 * {@code file} message naming it (the file service checks and completes it); our file messages go out as marked URLs
 * for images and as "name: URL" otherwise; the server's own kinds (group events, live streams) as a line of text,
 * so a TeamTalk client sees every sequence number of a conversation.
 */
public final class MessageText {
    public static final String IMAGE_PREFIX = "&$#@~^@[{:";
    public static final String IMAGE_SUFFIX = ":}]&$~@#@";
    private static final Pattern IMAGE = Pattern.compile(Pattern.quote(IMAGE_PREFIX) + "(.+?)"
            + Pattern.quote(IMAGE_SUFFIX));
    private static final Pattern FILE_PATH = Pattern.compile("/files/([A-Za-z0-9_-]{16,64})(?:[?#].*)?");

    private final String filesBaseUrl;

    /** @param filesBaseUrl where clients reach {@code /files} (scheme, host, port), or empty */
    public MessageText(String filesBaseUrl) {
        this.filesBaseUrl = filesBaseUrl.endsWith("/") ? filesBaseUrl.substring(0, filesBaseUrl.length() - 1)
                : filesBaseUrl;
    }

    /** A message a TeamTalk client wrote, as the engine's kind and content. */
    public Draft fromClient(String text) {
        Matcher image = IMAGE.matcher(text);
        if (!filesBaseUrl.isEmpty() && image.matches() && image.group(1).startsWith(filesBaseUrl)) {
            Matcher file = FILE_PATH.matcher(image.group(1).substring(filesBaseUrl.length()));
            if (file.matches()) {
                return new Draft("file", JsonNodeFactory.instance.objectNode().put("id", file.group(1)));
            }
        }
        return new Draft("text", JsonNodeFactory.instance.objectNode().put("text", text));
    }

    /** The text a TeamTalk client shows for a stored message. */
    public String toClient(String kind, JsonNode content) {
        return switch (kind) {
            case "text" -> content.path("text").asText();
            case "file" -> file(content);
            case "system" -> "[" + content.path("event").asText("group changed").replace('_', ' ') + "]";
            case "live" -> "[live stream " + content.path("stream").asText() + " "
                    + content.path("event").asText() + "] " + link(content.path("hls").asText());
            default -> "[" + kind + " message]";
        };
    }

    private String file(JsonNode content) {
        String url = link(content.path("url").asText());
        if (content.path("contentType").asText().startsWith("image/") && !filesBaseUrl.isEmpty()) {
            return IMAGE_PREFIX + url + IMAGE_SUFFIX;
        }
        String name = content.path("name").asText("file");
        return url.isEmpty() ? "[file " + name + "]" : "[file " + name + "] " + url;
    }

    private String link(String path) {
        return filesBaseUrl.isEmpty() || !path.startsWith("/") ? path : filesBaseUrl + path;
    }

    /** A message to store: its kind and JSON content. */
    public record Draft(String kind, ObjectNode content) {}
}
