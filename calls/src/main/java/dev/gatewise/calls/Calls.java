package dev.gatewise.calls;

import dev.gatewise.calls.turn.TurnApi;
import dev.gatewise.calls.turn.TurnCredentials;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Route;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.protocol.ClientFrame;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The calls module on one chat node: handles {@code call} frames, owns the {@code call} message kind, and serves
 * {@code GET /api/turn}.
 */
public final class Calls {
    private final TurnApi turn;
    private final BlockingApi blocking;

    public Calls(ChatNode node, CallSettings settings) {
        var services = node.services();
        var history = new CallHistory(node);
        var service = new CallService(new CallStore(services.stores().keyValue("calls")), history, node.fanout(),
                services.stores().routes(), services.accounts(), node.access(), services.workers(),
                settings.getRingTimeout(), Clock.systemUTC());
        node.registerKind(CallHistory.KIND, history);
        node.handleFrames(ClientFrame.Call.class, service::handle);
        var turnSettings = settings.getTurn();
        Optional<TurnCredentials> credentials = turnSettings.getSecret() == null || turnSettings.getSecret().isBlank()
                ? Optional.empty()
                : Optional.of(new TurnCredentials(turnSettings.getSecret(), turnSettings.getUrls(),
                        turnSettings.getTtl(), Clock.systemUTC()));
        this.turn = new TurnApi(credentials, node.access());
        // Issuing a credential is a token lookup: the chat workers may block on the store.
        this.blocking = new BlockingApi(services.workers());
    }

    public List<Route> routes() {
        return turn.routes(blocking);
    }
}
