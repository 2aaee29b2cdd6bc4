package dev.gatewise.media.live;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.access.SignedUrls;
import dev.gatewise.access.UserNames;
import dev.gatewise.media.stream.LiveStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may watch a stream: whoever may read the chat it is announced in. Published with {@code &group=ID}, the
 * group's members; with {@code &to=NAME}, the publisher and that user; with neither, the publisher alone; with
 * {@code &public=1} (besides or instead), anyone, without a token. The rule itself is the access check's
 * ({@link Action#PLAY}); this names the stream's publisher and conversation in the question, and signs and verifies
 * the links that let a player in without a header ({@link SignedUrls}, resource {@code live/NAME}).
 *
 * <p>It remembers the last {@value #REMEMBERED} streams that ended on this node (it is a {@link LiveStreamListener}),
 * so their files, kept for a while after the end, follow the same rule. A link is valid for the stream's name, but
 * not for a later publish of that name: one signed before the publish it is used on began is refused.
 */
public final class StreamViewers implements LiveStreamListener {
    private static final int REMEMBERED = 256;
    /** Nodes' clocks differ a little: a link signed on one node this long before a publish on another still opens. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(30);

    private final LiveStreamRegistry live;
    private final AccessCheck access;
    private final SignedUrls signed;
    private final Map<String, Audience> ended = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Audience> eldest) {
            return size() > REMEMBERED;
        }
    };

    public StreamViewers(LiveStreamRegistry live, AccessCheck access, SignedUrls signed) {
        this.live = live;
        this.access = access;
        this.signed = signed;
    }

    /** Which conversation a stream is announced in, and whether anyone may watch it: what its publish named. */
    public record Audience(String publisher, Map<String, String> params, Instant startedAt) {

        public static Audience of(LiveStreamInfo info) {
            return new Audience(info.publisher(), info.params(), info.startedAt());
        }

        public boolean open() {
            String value = params.get("public");
            return value != null && (value.isEmpty() || value.equals("1") || value.equalsIgnoreCase("true"));
        }

        /** The chat conversations whose readers may watch (the {@code &to=} name folded as the publish's check did). */
        public Set<String> conversations() {
            String group = params.get("group");
            String to = params.get("to");
            if (group != null) {
                return Set.of(AccessRequest.group(group));
            }
            return to == null ? Set.of() : Set.of(AccessRequest.direct(publisher, UserNames.normalize(to)));
        }

        AccessRequest request(Protocol protocol, String stream, Credentials credentials) {
            return AccessRequest.of(protocol, Action.PLAY, stream, credentials).ownedBy(publisher).in(conversations());
        }
    }

    /** The audience of a stream live or recently ended on this node. */
    public Optional<Audience> audience(String stream) {
        Optional<LiveStreamInfo> info = live.find(stream);
        if (info.isPresent()) {
            return info.map(Audience::of);
        }
        synchronized (ended) {
            return Optional.ofNullable(ended.get(stream));
        }
    }

    /**
     * Who may watch {@code stream} with {@code credentials}: null for a public stream (not looked at). A stream this
     * node does not know is nobody's (without a signed link). Blocking (the store).
     *
     * @throws AccessDenied if they may not
     */
    public String check(Protocol protocol, String stream, Credentials credentials) {
        Optional<Audience> audience = audience(stream);
        if (audience.isPresent() && audience.get().open()) {
            return null;
        }
        return access.check(audience.map(a -> a.request(protocol, stream, credentials))
                .orElseGet(() -> AccessRequest.of(protocol, Action.PLAY, stream, credentials)));
    }

    /** Whether {@code user}, signed in, may watch the stream. Blocking. */
    public boolean mayWatch(String user, String stream, Audience audience) {
        if (audience.open()) {
            return true;
        }
        try {
            access.authorize(user, audience.request(Protocol.HTTP, stream, Credentials.none()));
            return true;
        } catch (AccessDenied e) {
            return false;
        }
    }

    /** A link to the stream for a player without headers; only for someone who {@link #mayWatch} it. */
    public SignedUrls.Signed sign(String stream) {
        return signed.sign(resource(stream));
    }

    /** Whether {@code token} ({@link SignedUrls.Signed#token()}) opens the stream now. */
    public boolean opens(String stream, String token) {
        if (!signed.verifyToken(resource(stream), token)) {
            return false;
        }
        long signedAt = signed.signedAt(Long.parseLong(token.substring(0, token.indexOf('.'))));
        return audience(stream).map(a -> signedAt >= a.startedAt().minus(CLOCK_SLACK).toEpochMilli()).orElse(true);
    }

    @Override
    public void streamEnded(LiveStream stream, boolean clean) {
        synchronized (ended) {
            ended.put(stream.name(), new Audience(stream.publisher(), stream.params(), stream.startedAt()));
        }
    }

    /** What a stream's links are signed for. */
    public static String resource(String stream) {
        return "live/" + stream;
    }
}
