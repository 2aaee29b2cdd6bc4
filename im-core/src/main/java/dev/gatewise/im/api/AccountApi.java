package dev.gatewise.im.api;

import dev.gatewise.access.UserNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.access.AccessCheck;
import dev.gatewise.im.account.AccountException;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.account.LoginThrottledException;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.ClientAddress;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.session.LoginToken;
import dev.gatewise.im.session.TokenService;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Accounts over REST: {@code POST /api/users} registers, {@code POST /api/sessions} logs in and
 * returns the token, {@code DELETE /api/sessions} logs out ({@code ?all=true}: every session of the user), {@code GET
 * /api/users?q=} finds users, and an administrator's {@code DELETE /api/users/NAME/sessions} revokes a user's
 * sessions. What rides on a token that ends (sockets, publishes, uploads) is closed on every node.
 */
public final class AccountApi {
    private final AccountService accounts;
    private final TokenService tokens;
    private final AccessCheck access;
    private final BlockingApi blocking;
    private final ClientAddress clients;
    private final List<String> admins;

    /** @param admins the users who may revoke anyone's sessions */
    public AccountApi(AccountService accounts, TokenService tokens, AccessCheck access, BlockingApi blocking,
                      ClientAddress clients, List<String> admins) {
        this.admins = List.copyOf(admins);
        this.accounts = accounts;
        this.tokens = tokens;
        this.access = access;
        this.blocking = blocking;
        this.clients = clients;
    }

    /** The routes; any other method or path under {@code /api} is a 404 naming it. */
    public List<Route> routes() {
        return new Routes()
                .post("/api/users", blocking.json(this::register))
                .get("/api/users", blocking.json(this::search))
                .get("/api/users/me", blocking.json(exchange ->
                        ApiResponse.ok(Map.of("username", BearerToken.user(exchange.request(), access)))))
                .post("/api/sessions", blocking.json(this::login))
                .delete("/api/sessions", blocking.json(this::logout))
                .delete("/api/users/{name}/sessions", blocking.json(this::revoke))
                .any("/api/users", AccountApi::noSuchApi)
                .any("/api/users/me", AccountApi::noSuchApi)
                .any("/api/sessions", AccountApi::noSuchApi)
                .any("/api/**", AccountApi::noSuchApi)
                .list();
    }

    private static void noSuchApi(Exchange exchange) {
        throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found",
                "no API at " + exchange.request().method() + " " + exchange.path());
    }

    private ApiResponse register(Exchange exchange) {
        UserPassword credentials = credentials(exchange.request());
        try {
            String name = accounts.register(credentials.username(), credentials.password());
            return new ApiResponse(HttpResponseStatus.CREATED, Map.of("username", name));
        } catch (AccountException e) {
            throw switch (e.reason()) {
                case TAKEN -> new ApiException(HttpResponseStatus.CONFLICT, "username_taken", e.getMessage());
                case INVALID_USERNAME -> new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_username",
                        e.getMessage());
                case INVALID -> new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", e.getMessage());
            };
        }
    }

    private ApiResponse login(Exchange exchange) {
        UserPassword credentials = credentials(exchange.request());
        LoginToken token;
        try {
            token = accounts.login(credentials.username(), credentials.password(), clients.of(exchange))
                    .orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "invalid_credentials",
                            "wrong username or password"));
        } catch (LoginThrottledException e) {
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited", e.getMessage(),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
        return ApiResponse.ok(Map.of("token", token.token(), "expiresAt", token.expiresAt(), "user", token.user()));
    }

    private ApiResponse logout(Exchange exchange) {
        FullHttpRequest request = exchange.request();
        String user = BearerToken.user(request, access);
        String all = exchange.queryParam("all");
        if (all != null && !all.equals("true") && !all.equals("false")) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", "all must be true or false");
        }
        if ("true".equals(all)) {
            tokens.revokeAll(user);
        } else {
            tokens.revoke(BearerToken.from(request).orElseThrow());
        }
        return new ApiResponse(HttpResponseStatus.NO_CONTENT, null);
    }

    /** An administrator revokes every session of a user: {@code 200 {"revoked": N}}. */
    private ApiResponse revoke(Exchange exchange) {
        String admin = BearerToken.user(exchange.request(), access);
        if (!admins.contains(admin)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "only administrators (gateway.chat.admins) revoke other users' sessions");
        }
        String name = UserNames.normalize(exchange.param("name"));
        if (!accounts.exists(name)) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no user '" + exchange.param("name")
                    + "'");
        }
        return ApiResponse.ok(Map.of("user", name, "revoked", tokens.revokeAll(name)));
    }

    private ApiResponse search(Exchange exchange) {
        BearerToken.user(exchange.request(), access);
        String prefix = exchange.queryParam("q") == null ? "" : exchange.queryParam("q");
        int limit = 20;
        String limitParam = exchange.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Math.max(1, Math.min(100, Integer.parseInt(limitParam)));
            } catch (NumberFormatException e) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", "limit must be a number");
            }
        }
        return ApiResponse.ok(Map.of("users", accounts.search(prefix, limit)));
    }

    private static UserPassword credentials(FullHttpRequest request) {
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
        return new UserPassword(body.get("username").asText(), body.get("password").asText());
    }

    private record UserPassword(String username, String password) {}
}
