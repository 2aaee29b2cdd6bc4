package dev.gatewise.files;

import dev.gatewise.files.access.FileAccess;
import dev.gatewise.files.access.SignedUrls;
import dev.gatewise.files.download.Downloads;
import dev.gatewise.files.meta.FileNames;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.upload.Append;
import dev.gatewise.files.upload.Tus;
import dev.gatewise.files.upload.UploadBody;
import dev.gatewise.files.upload.UploadException;
import dev.gatewise.files.upload.Uploads;
import dev.gatewise.im.http.ApiException;
import dev.gatewise.im.http.BlockingApi;
import dev.gatewise.im.http.FileResponse;
import dev.gatewise.im.http.HttpResponses;
import dev.gatewise.im.http.HttpRoute;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.util.Date;
import java.util.Map;

/**
 * {@code /files}: tus 1.0 uploads ({@code OPTIONS}, {@code POST /files}, {@code HEAD}/{@code PATCH}/{@code DELETE
 * /files/ID}), one-shot uploads ({@code POST /files?name=} without {@code Tus-Resumable}), downloads
 * ({@code GET}/{@code HEAD /files/ID}), and per file {@code /info}, {@code /thumbnail} and {@code POST /url} (a signed
 * URL). Upload bodies stream to disk; everything that touches the store or the disk runs on the disk executors.
 */
public final class FilesRoute implements HttpRoute {
    private static final AttributeKey<UploadBody> BODY = AttributeKey.valueOf("gatewise.upload-body");
    private static final String PREFIX = "/files";

    private final Uploads uploads;
    private final Downloads downloads;
    private final FileAccess access;
    private final SignedUrls signedUrls;
    private final FileSettings settings;
    private final EventExecutorGroup disk;
    private final BlockingApi blocking;

    public FilesRoute(Uploads uploads, Downloads downloads, FileAccess access, SignedUrls signedUrls,
                      FileSettings settings, EventExecutorGroup disk) {
        this.uploads = uploads;
        this.downloads = downloads;
        this.access = access;
        this.signedUrls = signedUrls;
        this.settings = settings;
        this.disk = disk;
        this.blocking = new BlockingApi(disk);
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public boolean streamsBody(HttpRequest request) {
        HttpMethod method = request.method();
        return method.equals(HttpMethod.PATCH)
                || (method.equals(HttpMethod.POST) && isCollection(new QueryStringDecoder(request.uri()).path()));
    }

    @Override
    public void handle(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof FullHttpRequest request) {
            handleWhole(ctx, request);
        } else if (msg instanceof HttpRequest request) {
            startBody(ctx, request);
        } else if (msg instanceof HttpContent content) {
            UploadBody body = ctx.channel().attr(BODY).get();
            if (body == null) {
                content.release();
                return;
            }
            if (content instanceof LastHttpContent) {
                ctx.channel().attr(BODY).set(null);
            }
            body.content(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    // --- uploads with a body: tus creation and PATCH, one-shot POST

    private void startBody(ChannelHandlerContext ctx, HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        UploadBody.Opening opening;
        UploadBody.Answer answer;
        if (request.method().equals(HttpMethod.PATCH)) {
            opening = () -> patch(request, fileId(path, ""));
            answer = (append, committed) -> tusAnswer(HttpResponseStatus.NO_CONTENT, committed);
        } else if (Tus.isTus(request)) {
            FileRecord[] created = new FileRecord[1];
            opening = () -> {
                created[0] = tusCreate(request);
                return hasBody(request) ? uploads.open(created[0], 0, -1, checksumOf(request)) : null;
            };
            answer = (append, committed) -> {
                FileRecord now = committed != null ? committed : created[0];
                FullHttpResponse response = tusAnswer(HttpResponseStatus.CREATED, now);
                response.headers().set(HttpHeaderNames.LOCATION, PREFIX + "/" + now.id());
                return response;
            };
        } else {
            opening = () -> oneShot(request);
            answer = (append, committed) -> {
                if (committed == null || !committed.complete()) {
                    throw new UploadException.BadRequest("the body ended before Content-Length bytes");
                }
                FullHttpResponse response = HttpResponses.jsonResponse(HttpResponseStatus.CREATED,
                        FileInfo.of(committed));
                response.headers().set(HttpHeaderNames.LOCATION, PREFIX + "/" + committed.id());
                return response;
            };
        }
        UploadBody.Answer decorated = (append, committed) -> {
            FullHttpResponse response = answer.answer(append, committed);
            Tus.decorate(response.headers());
            return response;
        };
        ctx.channel().attr(BODY).set(new UploadBody(ctx, request, disk.next(), uploads, opening, decorated,
                (req, e) -> refuse(ctx, req, e)));
    }

    private Append patch(HttpRequest request, FileId id) throws Exception {
        requireTus(request);
        if (!Tus.OFFSET_CONTENT_TYPE.equals(contentType(request))) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "PATCH bodies must be " + Tus.OFFSET_CONTENT_TYPE);
        }
        long offset = Tus.number(request.headers(), Tus.UPLOAD_OFFSET);
        if (offset < 0) {
            throw new UploadException.BadRequest("Upload-Offset is required");
        }
        FileRecord record = access.owned(access.user(request), id);
        return uploads.open(record, offset, Tus.number(request.headers(), Tus.UPLOAD_LENGTH), checksumOf(request));
    }

    private FileRecord tusCreate(HttpRequest request) throws Exception {
        requireTus(request);
        String user = access.user(request);
        HttpHeaders headers = request.headers();
        long length = Tus.number(headers, Tus.UPLOAD_LENGTH);
        boolean deferred = "1".equals(headers.get(Tus.UPLOAD_DEFER_LENGTH));
        if ((length < 0) == !deferred) {
            throw new UploadException.BadRequest("send either Upload-Length or Upload-Defer-Length: 1");
        }
        if (hasBody(request) && !Tus.OFFSET_CONTENT_TYPE.equals(contentType(request))) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "a creation request's body must be " + Tus.OFFSET_CONTENT_TYPE);
        }
        String rawMetadata = headers.get(Tus.UPLOAD_METADATA);
        Map<String, String> metadata = Tus.metadata(rawMetadata);
        String name = metadata.getOrDefault("filename", metadata.get("name"));
        String type = metadata.getOrDefault("filetype", metadata.get("type"));
        return uploads.create(user, length, FileNames.name(name), FileNames.contentType(type), rawMetadata);
    }

    private Append oneShot(HttpRequest request) throws Exception {
        String user = access.user(request);
        long length = HttpUtil.getContentLength(request, -1L);
        if (length < 0) {
            throw new ApiException(HttpResponseStatus.LENGTH_REQUIRED, "length_required",
                    "a one-shot upload needs Content-Length; use tus for streams of unknown length");
        }
        var query = new QueryStringDecoder(request.uri()).parameters();
        String name = query.containsKey("name") ? query.get("name").get(0) : null;
        FileRecord record = uploads.create(user, length, FileNames.name(name), FileNames.contentType(
                contentType(request)), null);
        return length == 0 ? null : uploads.open(record, 0, -1, null);
    }

    // --- requests without a body

    private void handleWhole(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        try {
            if (method.equals(HttpMethod.OPTIONS)) {
                send(ctx, request, options());
                request.release();
                return;
            }
            if (isCollection(path)) {
                throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        "upload with POST (tus or one-shot), download with GET /files/ID");
            }
            String rest = path.substring(PREFIX.length() + 1);
            int slash = rest.indexOf('/');
            String action = slash < 0 ? "" : rest.substring(slash + 1);
            FileId id = fileId(path, action);
            if (action.isEmpty() && method.equals(HttpMethod.HEAD) && Tus.isTus(request)) {
                onDisk(ctx, request, () -> send(ctx, request, tusStatus(request, id)));
            } else if (action.isEmpty() && (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
                onDisk(ctx, request, () -> {
                    downloads.file(access.readable(request, id)).send(ctx, request);
                    uploads.metrics().downloaded();
                });
            } else if (action.isEmpty() && method.equals(HttpMethod.DELETE)) {
                onDisk(ctx, request, () -> {
                    uploads.delete(access.owned(access.user(request), id));
                    send(ctx, request, tusAnswer(HttpResponseStatus.NO_CONTENT, null));
                });
            } else if (action.equals("thumbnail") && (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
                onDisk(ctx, request, () -> downloads.thumbnail(access.readable(request, id)).send(ctx, request));
            } else if (action.equals("info") && method.equals(HttpMethod.GET)) {
                onDisk(ctx, request, () -> send(ctx, request, HttpResponses.jsonResponse(HttpResponseStatus.OK,
                        FileInfo.of(access.readable(request, id)))));
            } else if (action.equals("url") && method.equals(HttpMethod.POST)) {
                onDisk(ctx, request, () -> {
                    String user = access.user(request);
                    if (!access.canRead(user, access.find(id))) {
                        throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden",
                                "this file was not shared with you");
                    }
                    SignedUrls.Signed signed = signedUrls.sign(id);
                    send(ctx, request, HttpResponses.jsonResponse(HttpResponseStatus.OK, Map.of(
                            "url", PREFIX + "/" + id + "?" + signed.query(),
                            "thumbnail", PREFIX + "/" + id + "/thumbnail?" + signed.query(),
                            "expiresAt", signed.expiresAt())));
                });
            } else {
                throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        method + " is not supported on " + path);
            }
        } catch (ApiException e) {
            refuse(ctx, request, e);
            request.release();
        }
    }

    /** Runs {@code work} (store and disk) on a disk thread; refusals carry the tus headers too. */
    private void onDisk(ChannelHandlerContext ctx, FullHttpRequest request, BlockingApi.Answer work) {
        blocking.answer(ctx, request, work, (refused, e) -> refuse(ctx, refused, e));
    }

    private FullHttpResponse options() {
        FullHttpResponse response = empty(HttpResponseStatus.NO_CONTENT);
        HttpHeaders h = response.headers();
        h.set("Tus-Version", Tus.VERSION);
        h.set("Tus-Extension", Tus.EXTENSIONS);
        h.set("Tus-Max-Size", settings.getMaxFileSize());
        h.set("Tus-Checksum-Algorithm", "sha256,sha1,md5");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, POST, PATCH, DELETE, OPTIONS");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, Tus.CORS_REQUEST_HEADERS);
        h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
        return response;
    }

    private FullHttpResponse tusStatus(HttpRequest request, FileId id) throws IOException {
        requireTus(request);
        FileRecord record = uploads.status(access.owned(access.user(request), id));
        FullHttpResponse response = tusAnswer(HttpResponseStatus.OK, record);
        if (record.lengthKnown()) {
            response.headers().set(Tus.UPLOAD_LENGTH, record.length());
        } else {
            response.headers().set(Tus.UPLOAD_DEFER_LENGTH, 1);
        }
        if (record.uploadMetadata() != null) {
            response.headers().set(Tus.UPLOAD_METADATA, record.uploadMetadata());
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    /** An empty tus answer; with the upload's offset and expiry when {@code record} is given. */
    private static FullHttpResponse tusAnswer(HttpResponseStatus status, FileRecord record) {
        FullHttpResponse response = empty(status);
        if (record != null) {
            response.headers().set(Tus.UPLOAD_OFFSET, record.offset());
            if (!record.complete()) {
                response.headers().set(Tus.UPLOAD_EXPIRES, DateFormatter.format(new Date(record.expiresAt())));
            }
        }
        return response;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    private static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        Tus.decorate(response.headers());
        HttpResponses.send(ctx, request, response);
    }

    private static void refuse(ChannelHandlerContext ctx, HttpRequest request, Exception e) {
        FullHttpResponse response = BlockingApi.refusal(request, e);
        if (response.status().equals(HttpResponseStatus.PRECONDITION_FAILED)) {
            response.headers().set("Tus-Version", Tus.VERSION);
        }
        send(ctx, request, response);
    }

    private static void requireTus(HttpRequest request) {
        if (!Tus.VERSION.equals(request.headers().get(Tus.RESUMABLE))) {
            throw new ApiException(HttpResponseStatus.PRECONDITION_FAILED, "unsupported_version",
                    "this server speaks tus " + Tus.VERSION + " (send Tus-Resumable: " + Tus.VERSION + ")");
        }
    }

    private static String checksumOf(HttpRequest request) {
        return request.headers().get(Tus.UPLOAD_CHECKSUM);
    }

    private static String contentType(HttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return type == null ? null : type.split(";", 2)[0].trim();
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    private static boolean isCollection(String path) {
        return path.equals(PREFIX) || path.equals(PREFIX + "/");
    }

    /** The id in {@code /files/ID[/action]}; 404 for anything that is not a well-formed id (no traversal). */
    private static FileId fileId(String path, String action) {
        String rest = path.substring(Math.min(path.length(), PREFIX.length() + 1));
        String id = action.isEmpty() ? rest : rest.substring(0, Math.max(0, rest.length() - action.length() - 1));
        if (!FileId.isValid(id)) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such file");
        }
        return new FileId(id);
    }
}
