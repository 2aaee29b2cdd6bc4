package dev.gatewise.hls;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the HTTP route serving {@code /hls/} needs: which request paths name a packager file, where that file is, and
 * the headers to send it with. Only these paths resolve (anything else, traversal included, is rejected by shape
 * before a {@link Path} is ever built):
 *
 * <ul>
 *   <li>{@code STREAM/index.m3u8}: the stream's low-latency (fMP4) media playlist, or its master playlist when there
 *   are renditions; {@code STREAM/ts.m3u8}: the same in classic MPEG-TS HLS
 *   <li>{@code STREAM/RENDITION/index.m3u8}, {@code STREAM/RENDITION/ts.m3u8}: a rendition's media playlists
 *   ({@code src} or a rung's name)
 *   <li>{@code [RENDITION/]seg-N.ts}, {@code seg-N.m4s}, {@code init-N.mp4}, {@code part-N-I.m4s}: MPEG-TS segments,
 *   fMP4 segments, initialization segments and partial segments (parts are served while live only, from memory or
 *   their segment's file: see {@link dev.gatewise.hls.live.LivePart})
 *   <li>{@code STREAM/thumb.jpg}: the latest thumbnail
 * </ul>
 *
 * Whether the file exists is for the caller to check when it opens it (it may be deleted at any moment).
 */
public final class HlsFiles {

    /** A kind of file, with its content type and cache policy. */
    public enum Kind {
        /** Playlists change every segment: players must refetch them. */
        PLAYLIST("application/vnd.apple.mpegurl", "max-age=1"),
        /** A segment's name is never reused for other content, so it can be cached for good. */
        SEGMENT("video/mp2t", "public, max-age=86400, immutable"),
        /** fMP4 segments, partial segments and initialization segments: never reused either. */
        MP4("video/mp4", "public, max-age=86400, immutable"),
        /** Refreshed every few seconds. */
        THUMBNAIL("image/jpeg", "max-age=5");

        private final String contentType;
        private final String cacheControl;

        Kind(String contentType, String cacheControl) {
            this.contentType = contentType;
            this.cacheControl = cacheControl;
        }

        /** The value for the {@code Content-Type} header. */
        public String contentType() {
            return contentType;
        }

        /** The value for the {@code Cache-Control} header. */
        public String cacheControl() {
            return cacheControl;
        }
    }

    /**
     * A resolved request: the file on disk and its kind.
     *
     * @param rendition the path of its rendition below {@code /hls/} ({@code STREAM} or {@code STREAM/RENDITION}),
     *     to look it up among the {@link dev.gatewise.hls.live.LivePlaylists}
     * @param name the file's name in the rendition's directory
     */
    public record HlsFile(Path path, Kind kind, String rendition, String name) {

        /** Whether it is a rendition's low-latency media playlist (or the stream's master playlist). */
        public boolean lowLatencyPlaylist() {
            return name.equals("index.m3u8");
        }

        /** Whether it is a classic (MPEG-TS) playlist or segment: made, on request, while players ask for them. */
        public boolean classic() {
            return name.equals("ts.m3u8") || kind == Kind.SEGMENT;
        }

        /** Whether it is a partial segment, served by its live rendition only (never a file of its own). */
        public boolean part() {
            return name.startsWith("part-");
        }
    }

    private static final String STREAM_NAME = "[A-Za-z0-9_-]{1,64}";
    private static final Pattern STREAM = Pattern.compile(STREAM_NAME);
    private static final Pattern REQUEST = Pattern.compile(
        "(" + STREAM_NAME + ")/(?:([a-z0-9][a-z0-9_-]{0,31})/)?(index\\.m3u8|ts\\.m3u8|seg-[0-9]{1,19}\\.(?:ts|m4s)"
            + "|init-[0-9]{1,19}\\.mp4|part-[0-9]{1,19}-[0-9]{1,9}\\.m4s|thumb\\.jpg)");

    private final Path root;

    /** @param root the packager's root directory ({@link HlsSettings#getRoot()}) */
    public HlsFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Whether a stream name can be packaged: the relay's own rule, letters, digits, {@code _} and {@code -}. */
    public static boolean isValidStreamName(String name) {
        return name != null && STREAM.matcher(name).matches();
    }

    /**
     * Resolves a request path relative to {@code /hls/}, e.g. {@code live1/index.m3u8} (a leading slash is allowed,
     * a query string is not: strip it first).
     *
     * @return the file and its kind, or empty if the path names nothing the packager writes
     */
    public Optional<HlsFile> resolve(String requestPath) {
        if (requestPath == null) {
            return Optional.empty();
        }
        String relative = requestPath.startsWith("/") ? requestPath.substring(1) : requestPath;
        Matcher m = REQUEST.matcher(relative);
        if (!m.matches()) {
            return Optional.empty();
        }
        String file = m.group(3);
        Kind kind = file.endsWith(".m3u8") ? Kind.PLAYLIST : file.endsWith(".ts") ? Kind.SEGMENT
            : file.endsWith(".jpg") ? Kind.THUMBNAIL : Kind.MP4;
        if (kind == Kind.THUMBNAIL && m.group(2) != null) {
            return Optional.empty();
        }
        Path path = root.resolve(relative).normalize();
        // The pattern already rules out '..' and absolute paths; this guards the guard.
        String rendition = m.group(2) == null ? m.group(1) : m.group(1) + "/" + m.group(2);
        return path.startsWith(root) ? Optional.of(new HlsFile(path, kind, rendition, file)) : Optional.empty();
    }
}
