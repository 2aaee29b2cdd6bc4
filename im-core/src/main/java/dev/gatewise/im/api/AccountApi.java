package dev.gatewise.im.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.account.AccountException;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.http.ApiException;
import dev.gatewise.im.http.ApiResponse;
import dev.gatewise.im.http.BlockingApi;
import dev.gatewise.im.http.HttpResponses;
import dev.gatewise.im.http.WholeRequestRoute;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.session.BearerToken;
import dev.gatewise.im.session.LoginToken;
import dev.gatewise.im.session.TokenService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Accounts over REST: {@code POST /api/users} registers, {@code POST /api/sessions} logs in and
 * returns the token, {@code DELETE /api/sessions} logs out, {@code GET /api/users?q=} finds users.
 */
public final class AccountApi implements WholeRequestRoute {
    private final AccountService accounts;
    private final TokenService tokens;
    private final BlockingApi blocking;

    public AccountApi(AccountService accounts, TokenService tokens, BlockingApi blocking) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.blocking = blocking;
    }

    @Override
    public String prefix() {
        return "/api";
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        var query = new QueryStringDecoder(request.uri());
        String path = query.path();
        HttpMethod method = request.method();
        if (path.equals("/api/users") && method.equals(HttpMethod.POST)) {
            blocking.run(ctx, request, () -> register(request));
        } else if (path.equals("/api/users") && method.equals(HttpMethod.GET)) {
            blocking.run(ctx, request, () -> search(request, query));
        } else if (path.equals("/api/users/me") && method.equals(HttpMethod.GET)) {
            blocking.run(ctx, request, () -> ApiResponse.ok(Map.of("username", BearerToken.user(request, tokens))));
        } else if (path.equals("/api/sessions") && method.equals(HttpMethod.POST)) {
            blocking.run(ctx, request, () -> login(request));
        } else if (path.equals("/api/sessions") && method.equals(HttpMethod.DELETE)) {
            blocking.run(ctx, request, () -> logout(request));
        } else {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found",
                    "no API at " + method + " " + path);
            request.release();
        }
    }

    private ApiResponse register(FullHttpRequest request) {
        Credentials credentials = credentials(request);
        try {
            String name = accounts.register(credentials.username(), credentials.password());
            return new ApiResponse(HttpResponseStatus.CREATED, Map.of("username", name));
        } catch (AccountException e) {
            throw e.reason() == AccountException.Reason.TAKEN
                    ? new ApiException(HttpResponseStatus.CONFLICT, "username_taken", e.getMessage())
                    : new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", e.getMessage());
        }
    }

    private ApiResponse login(FullHttpRequest request) {
        Credentials credentials = credentials(request);
        LoginToken token = accounts.login(credentials.username(), credentials.password()).orElseThrow(() ->
                new ApiException(HttpResponseStatus.UNAUTHORIZED, "invalid_credentials",
                        "wrong username or password"));
        return ApiResponse.ok(Map.of("token", token.token(), "expiresAt", token.expiresAt(), "user", token.user()));
    }

    private ApiResponse logout(FullHttpRequest request) {
        BearerToken.user(request, tokens);
        tokens.revoke(BearerToken.from(request).orElseThrow());
        return new ApiResponse(HttpResponseStatus.NO_CONTENT, null);
    }

    private ApiResponse search(FullHttpRequest request, QueryStringDecoder query) {
        BearerToken.user(request, tokens);
        String prefix = query.parameters().getOrDefault("q", List.of("")).get(0);
        int limit = 20;
        List<String> limitParam = query.parameters().get("limit");
        if (limitParam != null) {
            try {
                limit = Math.max(1, Math.min(100, Integer.parseInt(limitParam.get(0))));
            } catch (NumberFormatException e) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", "limit must be a number");
            }
        }
        return ApiResponse.ok(Map.of("users", accounts.search(prefix, limit)));
    }

    private static Credentials credentials(FullHttpRequest request) {
        JsonNode body;
        try {
            body = FrameJson.MAPPER.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", "the body must be JSON");
        }
        if (body == null || !body.path("username").isTextual() || !body.path("password").isTextual()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request",
                    "the body must be {\"username\": string, \"password\": string}");
        }
        return new Credentials(body.get("username").asText(), body.get("password").asText());
    }

    private record Credentials(String username, String password) {}
}
