package dev.gatewise.calls.turn;

import dev.gatewise.http.ApiException;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.im.session.BearerToken;
import dev.gatewise.im.session.TokenService;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/turn}: TURN credentials for the bearer of a session token. */
public final class TurnApi {
    private final Optional<TurnCredentials> credentials;
    private final TokenService tokens;

    /** @param credentials empty when no TURN server is configured */
    public TurnApi(Optional<TurnCredentials> credentials, TokenService tokens) {
        this.credentials = credentials;
        this.tokens = tokens;
    }

    public List<Route> routes(BlockingApi blocking) {
        return new Routes().get("/api/turn", blocking.json(exchange -> {
            String user = BearerToken.user(exchange.request(), tokens);
            return ApiResponse.ok(credentials.orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                    "not_found", "this server has no TURN relay configured")).issue(user));
        })).list();
    }
}
