package dev.gatewise.files.access;

import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.FileRecords;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.delivery.ConversationAccess;
import dev.gatewise.im.http.ApiException;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.session.BearerToken;
import dev.gatewise.im.session.TokenService;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Who may do what with a file: its uploader may do anything; members of a conversation it was sent to may read it;
 * a signed URL reads it without a token. Blocking (store lookups): call off the event loop.
 */
public final class FileAccess {
    private final FileRecords records;
    private final ConversationAccess conversations;
    private final TokenService tokens;
    private final SignedUrls signedUrls;

    public FileAccess(FileRecords records, ConversationAccess conversations, TokenService tokens,
                      SignedUrls signedUrls) {
        this.records = records;
        this.conversations = conversations;
        this.tokens = tokens;
        this.signedUrls = signedUrls;
    }

    /** The user whose session token the request carries; 401 without a valid one. */
    public String user(HttpRequest request) {
        return BearerToken.from(request).flatMap(tokens::authenticate).orElseThrow(() ->
                new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                        "send a valid session token as 'Authorization: Bearer TOKEN'"));
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
        if (record.owner().equals(user)) {
            return true;
        }
        for (String conversation : records.sharedIn(new FileId(record.id()))) {
            ConversationId id = ConversationId.parse(conversation);
            if (id != null && conversations.allows(user, id)) {
                return true;
            }
        }
        return false;
    }

    public FileRecord find(FileId id) {
        return records.find(id).orElseThrow(() ->
                new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such file"));
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
