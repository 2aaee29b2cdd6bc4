package dev.gatewise.files.access;

import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.http.ApiException;
import dev.gatewise.im.session.BearerToken;
import dev.gatewise.im.session.TokenService;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Who may do what with a file over HTTP: its uploader may do anything; those it was shared with (see
 * {@link FileSharing}) may read it; a signed URL reads it without a token. Blocking (store lookups).
 */
public final class FileAccess {
    private final FileSharing sharing;
    private final TokenService tokens;
    private final SignedUrls signedUrls;

    public FileAccess(FileSharing sharing, TokenService tokens, SignedUrls signedUrls) {
        this.sharing = sharing;
        this.tokens = tokens;
        this.signedUrls = signedUrls;
    }

    /** The user whose session token the request carries; 401 without a valid one. */
    public String user(HttpRequest request) {
        return BearerToken.user(request, tokens);
    }

    /** The file, if the request may read it: a signed URL or the token of someone who can; 401, 403 or 404 if not. */
    public FileRecord readable(HttpRequest request, FileId id) {
        var query = new QueryStringDecoder(request.uri()).parameters();
        boolean signed = signedUrls.verify(id, first(query.get("expires")), first(query.get("signature")));
        String user = signed ? null : user(request);
        FileRecord record = find(id);
        if (!signed && !canRead(user, record)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", "this file was not shared with you");
        }
        return record;
    }

    /** The file, if {@code user} uploaded it; 403 or 404 if not. */
    public FileRecord owned(String user, FileId id) {
        FileRecord record = find(id);
        if (!record.owner().equals(user)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", "only the uploader may do this");
        }
        return record;
    }

    public boolean canRead(String user, FileRecord record) {
        return sharing.canRead(user, record);
    }

    public FileRecord find(FileId id) {
        return sharing.find(id);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
