package dev.gatewise.files.access;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Protocol;
import dev.gatewise.access.SignedUrls;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.http.BearerToken;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file service's questions to the access check, over HTTP: its uploader may do anything with a file; those it
 * was shared with (see {@link FileSharing}) may read it; a signed URL (issued here, so checked here) reads it without
 * a token. Refusals are 401, 403 or 404, in the order a client can act on. Blocking (store lookups).
 */
public final class FileAccess {
    private static final Logger log = LoggerFactory.getLogger(FileAccess.class);
    private final FileSharing sharing;
    private final AccessCheck access;
    private final SignedUrls signedUrls;

    public FileAccess(FileSharing sharing, AccessCheck access, SignedUrls signedUrls) {
        this.sharing = sharing;
        this.access = access;
        this.signedUrls = signedUrls;
    }

    /** The user starting an upload; 401 without a valid token. */
    public String uploader(HttpRequest request) {
        return BearerToken.check(access, AccessRequest.of(Protocol.HTTP, Action.UPLOAD, null,
                BearerToken.credentials(request)));
    }

    /** The file, if the request's user uploaded it; 401, 404 or 403 if not. */
    public FileRecord owned(HttpRequest request, FileId id) {
        Optional<FileRecord> record = sharing.lookup(id);
        // Without a record there is no owner yet: only the token is checked before the 404.
        BearerToken.check(access, AccessRequest.of(Protocol.HTTP, Action.UPLOAD, id.toString(),
                BearerToken.credentials(request)).ownedBy(record.map(FileRecord::owner).orElse(null)));
        return record.orElseThrow(FileSharing::notFound);
    }

    /** The file, if the request may read it: a signed URL or the token of someone who can; 401, 404 or 403 if not. */
    public FileRecord readable(HttpRequest request, FileId id) {
        var query = new QueryStringDecoder(request.uri()).parameters();
        if (signedUrls.verify(id.value(), first(query.get("expires")), first(query.get("signature")))) {
            return sharing.find(id);
        }
        return readableWithToken(request, id);
    }

    /** The file, if the request's token is of someone who may read it; 401, 404 or 403 if not. */
    public FileRecord readableWithToken(HttpRequest request, FileId id) {
        Optional<FileRecord> record = sharing.lookup(id);
        if (record.isEmpty()) {
            BearerToken.user(request, access);
            throw FileSharing.notFound();
        }
        BearerToken.check(access, sharing.download(Protocol.HTTP, record.get(), BearerToken.credentials(request)));
        return record.get();
    }

    /**
     * Closes {@code channel} if the session of the request's token ends (a logout, a revocation, its expiry) before
     * the returned watch is closed: an upload in progress is cut, and its next request is refused with 401. Call
     * once the request's token was checked. Blocking (a store read).
     */
    public AccessCheck.Watch closeOnSessionEnd(HttpRequest request, Channel channel) {
        Optional<String> token = BearerToken.from(request);
        if (token.isEmpty()) {
            return () -> { };
        }
        AccessCheck.Watch watch = access.watch(token.get(), end -> {
            log.info("Closing the upload from {}: {}", channel.remoteAddress(), end.description());
            channel.close();
        });
        ChannelFutureListener unwatch = closed -> watch.close();
        channel.closeFuture().addListener(unwatch);
        return () -> {
            channel.closeFuture().removeListener(unwatch);
            watch.close();
        };
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
