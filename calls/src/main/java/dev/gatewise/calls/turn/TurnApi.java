package dev.gatewise.calls.turn;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/turn}: TURN credentials for the bearer of a session token. */
public final class TurnApi {
    private final Optional<TurnCredentials> credentials;
    private final AccessCheck access;

    /** @param credentials empty when no TURN server is configured */
    public TurnApi(Optional<TurnCredentials> credentials, AccessCheck access) {
        this.credentials = credentials;
        this.access = access;
    }

    public List<Route> routes(BlockingApi blocking) {
        return new Routes().get("/api/turn", blocking.json(exchange -> {
            String user = BearerToken.user(exchange.request(), access);
            return ApiResponse.ok(credentials.orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                    "not_found", "this server has no TURN relay configured")).issue(user));
        })).list();
    }
}
