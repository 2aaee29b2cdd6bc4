package dev.gatewise.files;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.files.access.FileAccess;
import dev.gatewise.access.SignedUrls;
import dev.gatewise.files.download.Downloads;
import dev.gatewise.files.meta.FileNames;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.upload.Append;
import dev.gatewise.files.upload.Tus;
import dev.gatewise.files.upload.UploadBody;
import dev.gatewise.files.upload.UploadException;
import dev.gatewise.files.upload.Uploads;
import dev.gatewise.files.voice.VoiceJobs;
import dev.gatewise.files.meta.Voice;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.FileResponse;
import dev.gatewise.http.HttpResponses;
import dev.gatewise.http.BodyHandler;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.Handler;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /files}: tus 1.0 uploads ({@code OPTIONS}, {@code POST /files}, {@code HEAD}/{@code PATCH}/{@code DELETE
 * /files/ID}), one-shot uploads ({@code POST /files?name=} without {@code Tus-Resumable}), downloads
 * ({@code GET}/{@code HEAD /files/ID}), and per file {@code /info}, {@code /thumbnail} and {@code POST /url} (a signed
 * URL). Upload bodies stream to disk; everything that touches the store or the disk runs on the disk executors.
 * Every answer, refusals included, carries the tus and CORS headers.
 */
public final class FilesRoutes {
    private static final String PREFIX = "/files";

    private final Uploads uploads;
    private final Downloads downloads;
    private final VoiceJobs voice;
    private final FileAccess access;
    private final SignedUrls signedUrls;
    private final FileSettings settings;
    private final EventExecutorGroup disk;
    private final BlockingApi blocking;

    public FilesRoutes(Uploads uploads, Downloads downloads, VoiceJobs voice, FileAccess access, SignedUrls signedUrls,
                       FileSettings settings, EventExecutorGroup disk) {
        this.uploads = uploads;
        this.downloads = downloads;
        this.voice = voice;
        this.access = access;
        this.signedUrls = signedUrls;
        this.settings = settings;
        this.disk = disk;
        this.blocking = new BlockingApi(disk);
    }

    public List<Route> routes() {
        return new Routes()
                .streaming(HttpMethod.POST, PREFIX, this::create)
                .streaming(HttpMethod.PATCH, PREFIX + "/{id}", this::append)
                .read(PREFIX + "/{id}", onDisk(this::read))
                .delete(PREFIX + "/{id}", onDisk(exchange -> {
                    uploads.delete(access.owned(exchange.request(), fileId(exchange)));
                    send(exchange, tusAnswer(HttpResponseStatus.NO_CONTENT, null));
                }))
                .read(PREFIX + "/{id}/thumbnail", onDisk(exchange ->
                        downloads.thumbnail(readable(exchange)).send(exchange.ctx(), exchange.request())))
                .get(PREFIX + "/{id}/info", onDisk(exchange -> send(exchange, HttpResponses.jsonResponse(
                        HttpResponseStatus.OK, FileInfo.of(readable(exchange))))))
                .read(PREFIX + "/{id}/playable", onDisk(exchange ->
                        downloads.playable(readable(exchange)).send(exchange.ctx(), exchange.request())))
                .post(PREFIX + "/{id}/voice", onDisk(this::voice))
                .post(PREFIX + "/{id}/url", onDisk(this::signedUrl))
                .any(PREFIX + "/**", tus(exchange -> {
                    throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such file");
                }))
                .preflight(tus(exchange -> {
                    send(exchange, options());
                    exchange.request().release();
                }))
                .list();
    }

    // --- uploads with a body: tus creation and PATCH, one-shot POST

    private BodyHandler.Body append(ChannelHandlerContext ctx, HttpRequest request, Map<String, String> params) {
        return body(ctx, request, () -> patch(request, fileId(params.get("id"))),
                (append, committed) -> tusAnswer(HttpResponseStatus.NO_CONTENT, committed));
    }

    /** tus creation (with or without a first piece) or a one-shot upload. */
    private BodyHandler.Body create(ChannelHandlerContext ctx, HttpRequest request, Map<String, String> params) {
        UploadBody.Opening opening;
        UploadBody.Answer answer;
        if (Tus.isTus(request)) {
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
        return body(ctx, request, opening, answer);
    }

    /** An upload whose body is cut, connection and all, if the session of its token ends while it streams. */
    private BodyHandler.Body body(ChannelHandlerContext ctx, HttpRequest request, UploadBody.Opening opening,
                                  UploadBody.Answer answer) {
        var session = new AtomicReference<AccessCheck.Watch>();
        UploadBody.Opening watched = () -> {
            Append append = opening.open();
            if (append != null) {
                session.set(access.closeOnSessionEnd(request, ctx.channel()));
            }
            return append;
        };
        UploadBody.Answer decorated = (append, committed) -> {
            unwatch(session);
            FullHttpResponse response = answer.answer(append, committed);
            Tus.decorate(response.headers());
            return response;
        };
        return new UploadBody(ctx, request, disk.next(), uploads, watched, decorated, (req, e) -> {
            unwatch(session);
            refuse(ctx, req, e);
        })::content;
    }

    private static void unwatch(AtomicReference<AccessCheck.Watch> session) {
        AccessCheck.Watch watch = session.getAndSet(null);
        if (watch != null) {
            watch.close();
        }
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
        FileRecord record = access.owned(request, id);
        return uploads.open(record, offset, Tus.number(request.headers(), Tus.UPLOAD_LENGTH), checksumOf(request));
    }

    private FileRecord tusCreate(HttpRequest request) throws Exception {
        requireTus(request);
        String user = access.uploader(request);
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
        String user = access.uploader(request);
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

    /** A download, or with {@code Tus-Resumable} on HEAD, an upload's status. */
    private void read(Exchange exchange) throws Exception {
        FileId id = fileId(exchange);
        FullHttpRequest request = exchange.request();
        if (request.method().equals(HttpMethod.HEAD) && Tus.isTus(request)) {
            send(exchange, tusStatus(request, id));
        } else {
            downloads.file(access.readable(request, id)).send(exchange.ctx(), request);
            uploads.metrics().downloaded();
        }
    }

    private void signedUrl(Exchange exchange) {
        FileId id = fileId(exchange);
        access.readableWithToken(exchange.request(), id);
        SignedUrls.Signed signed = signedUrls.sign(id.value());
        send(exchange, HttpResponses.jsonResponse(HttpResponseStatus.OK, Map.of(
                "url", PREFIX + "/" + id + "?" + signed.query(),
                "thumbnail", PREFIX + "/" + id + "/thumbnail?" + signed.query(),
                "playable", PREFIX + "/" + id + "/playable?" + signed.query(),
                "expiresAt", signed.expiresAt())));
    }

    /**
     * {@code POST /files/ID/voice}: the uploader asks for the file to be processed as a voice clip; answered when it
     * is done (200 with its description, or the refusal), at once if it was done before.
     */
    private void voice(Exchange exchange) {
        FileRecord record = access.owned(exchange.request(), fileId(exchange));
        if (!record.complete()) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "upload_incomplete",
                    "the upload is at " + record.offset() + " bytes; finish it first");
        }
        ChannelHandlerContext ctx = exchange.ctx();
        HttpRequest request = exchange.request();
        voice.process(record).whenComplete((done, failure) -> {
            if (failure != null) {
                refuse(ctx, request, failure instanceof Exception e ? e : new IllegalStateException(failure));
            } else if (done.voice().isReady()) {
                send(ctx, request, HttpResponses.jsonResponse(HttpResponseStatus.OK, FileInfo.of(done)));
            } else {
                refuse(ctx, request, voiceRefusal(done.voice()));
            }
        });
    }

    private static ApiException voiceRefusal(Voice failed) {
        HttpResponseStatus status = switch (failed.error()) {
            case "not_audio" -> HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
            case "too_long" -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case "unreadable" -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        return new ApiException(status, failed.error(), failed.message());
    }

    private FileRecord readable(Exchange exchange) {
        return access.readable(exchange.request(), fileId(exchange));
    }

    /** Runs {@code work} (store and disk) on a disk thread; refusals carry the tus headers too. */
    private Handler onDisk(Handler work) {
        return tus(exchange -> blocking.answer(exchange.ctx(), exchange.request(), () -> work.handle(exchange),
                (refused, e) -> refuse(exchange.ctx(), refused, e)));
    }

    /** Refuses what {@code handler} throws with the tus headers. */
    private static Handler tus(Handler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (Exception e) {
                refuse(exchange.ctx(), exchange.request(), e);
                exchange.request().release();
            }
        };
    }

    private FullHttpResponse options() {
        FullHttpResponse response = Tus.CORS.preflight();
        HttpHeaders h = response.headers();
        h.set("Tus-Version", Tus.VERSION);
        h.set("Tus-Extension", Tus.EXTENSIONS);
        h.set("Tus-Max-Size", settings.getMaxFileSize());
        h.set("Tus-Checksum-Algorithm", "sha256,sha1,md5");
        return response;
    }

    private FullHttpResponse tusStatus(HttpRequest request, FileId id) throws IOException {
        requireTus(request);
        FileRecord record = uploads.status(access.owned(request, id));
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

    private static void send(Exchange exchange, FullHttpResponse response) {
        send(exchange.ctx(), exchange.request(), response);
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

    /** The id in {@code /files/ID[/action]}; 404 for anything that is not a well-formed id (no traversal). */
    private static FileId fileId(Exchange exchange) {
        return fileId(exchange.param("id"));
    }

    private static FileId fileId(String id) {
        if (!FileId.isValid(id)) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such file");
        }
        return new FileId(id);
    }
}
