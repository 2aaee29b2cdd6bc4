package dev.gatewise.teamtalk.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a message says to a TeamTalk client and back. TeamTalk has text only: an image is a text holding its URL
 * between two markers. So a text is a {@code text} message; a marked URL of one of our own files becomes a
 * {@code file} message naming it (the file service checks and completes it); our file messages go out as marked URLs
 * for images and as "[file NAME] URL" otherwise, with a URL that opens without a token (TeamTalk clients have none), voice messages as their
 * duration and such a link to their playable copy; the server's own kinds (group events, live streams) as a line of text,
 * so a TeamTalk client sees every sequence number of a conversation.
 */
public final class MessageText {
    public static final String IMAGE_PREFIX = "&$#@~^@[{:";
    public static final String IMAGE_SUFFIX = ":}]&$~@#@";
    private static final Pattern IMAGE = Pattern.compile(Pattern.quote(IMAGE_PREFIX) + "(.+?)"
            + Pattern.quote(IMAGE_SUFFIX));
    private static final Pattern FILE_PATH = Pattern.compile("/files/([A-Za-z0-9_-]{16,64})(?:[?#].*)?");

    private final String filesBaseUrl;
    private final UnaryOperator<String> downloadPaths;

    /**
     * @param filesBaseUrl where clients reach {@code /files} (scheme, host, port), or empty
     * @param downloadPaths a file id to the path that downloads it without a token (a signed URL)
     */
    public MessageText(String filesBaseUrl, UnaryOperator<String> downloadPaths) {
        this.filesBaseUrl = filesBaseUrl.endsWith("/") ? filesBaseUrl.substring(0, filesBaseUrl.length() - 1)
                : filesBaseUrl;
        this.downloadPaths = downloadPaths;
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
            case "voice" -> voice(content);
            case "system" -> "[" + content.path("event").asText("group changed").replace('_', ' ') + "]";
            case "live" -> "[live stream " + content.path("stream").asText() + " "
                    + content.path("event").asText() + "] " + link(content.path("hls").asText());
            default -> "[" + kind + " message]";
        };
    }

    private String file(JsonNode content) {
        String id = content.path("id").asText();
        String url = link(id.isEmpty() ? content.path("url").asText() : downloadPaths.apply(id));
        if (content.path("contentType").asText().startsWith("image/") && !filesBaseUrl.isEmpty()) {
            return IMAGE_PREFIX + url + IMAGE_SUFFIX;
        }
        String name = content.path("name").asText("file");
        return url.isEmpty() ? "[file " + name + "]" : "[file " + name + "] " + url;
    }

    /**
     * A voice message TeamTalk clients cannot play inline (see {@link TeamTalkAudio}) as a line with its duration and
     * a link to its AAC copy, which opens without a token as file links do (the signature names the file).
     */
    private String voice(JsonNode content) {
        long seconds = Math.round(content.path("durationMs").asLong() / 1000.0);
        String line = "[voice message " + seconds / 60 + ":" + String.format("%02d", seconds % 60) + "]";
        String id = content.path("id").asText();
        if (id.isEmpty()) {
            return line;
        }
        String download = downloadPaths.apply(id);
        int query = download.indexOf('?');
        String playable = query < 0 ? download + "/playable"
                : download.substring(0, query) + "/playable" + download.substring(query);
        return line + " " + link(playable);
    }

    private String link(String path) {
        return filesBaseUrl.isEmpty() || !path.startsWith("/") ? path : filesBaseUrl + path;
    }

    /** A message to store: its kind and JSON content. */
    public record Draft(String kind, ObjectNode content) {}
}
