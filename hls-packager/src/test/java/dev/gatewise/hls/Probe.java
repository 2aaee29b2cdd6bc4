package dev.gatewise.hls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Debian's ffprobe says about a file ({@code -show_streams -show_format -of json}), reduced to what the tests
 * check.
 *
 * @param streams the elementary streams in file order
 * @param duration the container's duration in seconds
 */
record Probe(List<Stream> streams, double duration) {

    /** One elementary stream: codec name, picture size (0 for audio). */
    record Stream(String codec, int width, int height) {}

    // From one stream's "index" to the next stream's or to the format section (streams nest "disposition" objects).
    private static final Pattern STREAM = Pattern.compile("\"index\": \\d+,.*?(?=\"index\": |\"format\": )",
        Pattern.DOTALL);
    private static final Pattern CODEC = Pattern.compile("\"codec_name\": \"([^\"]+)\"");
    private static final Pattern WIDTH = Pattern.compile("\"width\": (\\d+)");
    private static final Pattern HEIGHT = Pattern.compile("\"height\": (\\d+)");
    private static final Pattern DURATION = Pattern.compile(
        "\"format\": \\{.*?\"duration\": \"([0-9.]+)\"", Pattern.DOTALL);

    static Probe of(Path file) {
        String json = Processes.run(List.of("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json",
            file.toString()));
        List<Stream> streams = new ArrayList<>();
        Matcher stream = STREAM.matcher(json);
        while (stream.find()) {
            String text = stream.group();
            streams.add(new Stream(find(CODEC, text, "?"), Integer.parseInt(find(WIDTH, text, "0")),
                Integer.parseInt(find(HEIGHT, text, "0"))));
        }
        return new Probe(streams, Double.parseDouble(find(DURATION, json, "0")));
    }

    private static String find(Pattern pattern, String text, String otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    List<String> codecs() {
        return streams.stream().map(Stream::codec).toList();
    }

    Stream video() {
        return streams.stream().filter(s -> s.codec().equals("h264")).findFirst().orElseThrow();
    }
}
