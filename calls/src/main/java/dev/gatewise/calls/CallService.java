package dev.gatewise.calls;

import dev.gatewise.access.UserNames;
import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.delivery.Fanout;
import dev.gatewise.im.store.RouteStore;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of 1:1 calls, ringing → active → ended, driven by {@code call} frames, the ring timeout and
 * dropped connections. The state is in the shared store, so caller and callee may sit on different nodes; frames go
 * through the cluster's fan-out, to the callee's every device while ringing and then only between the caller's
 * device and the one that answered. Runs on the connection's worker thread; blocks on the store.
 */
public final class CallService {
    private static final Logger log = LoggerFactory.getLogger(CallService.class);
    /** A call older than this holds no one's slot any more, whatever the store says (its node died mid-call). */
    private static final Duration MAX_CALL = Duration.ofHours(12);

    private final CallStore store;
    private final CallHistory history;
    private final Fanout fanout;
    private final RouteStore routes;
    private final AccountService accounts;
    private final AccessCheck access;
    private final ScheduledExecutorService timers;
    private final Duration ringTimeout;
    private final Clock clock;

    CallService(CallStore store, CallHistory history, Fanout fanout, RouteStore routes, AccountService accounts,
                AccessCheck access, ScheduledExecutorService timers, Duration ringTimeout, Clock clock) {
        this.store = store;
        this.history = history;
        this.fanout = fanout;
        this.routes = routes;
        this.accounts = accounts;
        this.access = access;
        this.timers = timers;
        this.ringTimeout = ringTimeout;
        this.clock = clock;
    }

    public void handle(Connection connection, ClientFrame.Call frame, long arrivedNanos) {
        switch (frame.action()) {
            case "invite" -> invite(connection, frame);
            case "ringing" -> ringing(connection, frame);
            case "accept" -> accept(connection, frame);
            case "reject", "busy" -> decline(connection, frame);
            case "cancel", "hangup" -> hangup(connection, frame);
            case "signal" -> signal(connection, frame);
            default -> throw new IllegalStateException("ClientFrame.Call let through " + frame.action());
        }
        if (frame.id() != null) {
            connection.send(new ServerFrame.Ok(frame.id()));
        }
    }

    private void invite(Connection caller, ClientFrame.Call frame) {
        String callee = UserNames.normalize(frame.to());
        if (callee.equals(caller.user())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "you cannot call yourself", frame.id());
        }
        if (!accounts.exists(callee)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no user '" + frame.to() + "'", frame.id());
        }
        authorize(caller.user(), frame, callee);
        Call call = new Call(frame.callId(), caller.user(), caller.device(), callee, frame.media(),
                clock.millis(), null, 0);
        if (!store.create(call)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "callId '" + frame.callId() + "' is already used",
                    frame.id());
        }
        if (!store.takeSlot(caller.user(), call.callId(), this::over)) {
            store.discard(call.callId());
            throw new ProtocolException(ErrorCode.TOO_MANY_CALLS, "you are already in a call", frame.id());
        }
        watchDisconnect(caller, call.callId());
        if (routes.online(List.of(callee)).isEmpty()) {
            end(call, "missed", "offline", CallFrames.withReason("missed", call.callId(), "offline"), null);
            return;
        }
        if (!store.takeSlot(callee, call.callId(), this::over)) {
            end(call, "missed", "busy", CallFrames.of("busy", call.callId()), null);
            return;
        }
        fanout.toUsers(List.of(callee), CallFrames.invite(call), null, 0);
        timers.schedule(() -> unasked("time out call " + call.callId(), () -> timeout(call.callId())),
                ringTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ringing(Connection callee, ClientFrame.Call frame) {
        Call call = find(frame);
        if (!call.callee().equals(callee.user())) {
            throw notInCall(frame);
        }
        if (!call.active()) {
            fanout.toDevice(call.caller(), call.callerDevice(), CallFrames.of("ringing", call.callId()));
        }
    }

    private void accept(Connection callee, ClientFrame.Call frame) {
        Call call = find(frame);
        if (!call.callee().equals(callee.user())) {
            throw notInCall(frame);
        }
        authorize(callee.user(), frame, call.caller());
        if (!store.claimAnswer(call.callId())) {
            // Another device was first; this one stops ringing like the rest.
            callee.push(CallFrames.of("answered-elsewhere", call.callId()));
            return;
        }
        Call active = call.accepted(callee.device(), clock.millis());
        store.save(active);
        if (store.ended(call.callId())) {
            // Cancelled or timed out while this device answered: whoever ended it told every device already, and
            // the record just saved must not outlive the call.
            store.discard(call.callId());
            return;
        }
        watchDisconnect(callee, call.callId());
        fanout.toDevice(call.caller(), call.callerDevice(), CallFrames.of("accept", call.callId()));
        fanout.toUsers(List.of(call.callee()), CallFrames.of("answered-elsewhere", call.callId()), callee, 0);
    }

    /** {@code reject} or {@code busy} from a device of the callee while it rings. */
    private void decline(Connection callee, ClientFrame.Call frame) {
        Call call = find(frame);
        if (!call.callee().equals(callee.user()) || call.active()) {
            throw notInCall(frame);
        }
        boolean busy = frame.action().equals("busy");
        if (end(call, busy ? "missed" : "rejected", busy ? "busy" : "rejected",
                CallFrames.of(frame.action(), call.callId()), null)) {
            fanout.toUsers(List.of(call.callee()), CallFrames.of("answered-elsewhere", call.callId()), callee, 0);
        }
    }

    /** {@code cancel} (the caller, while it rings) or {@code hangup} (either party, any time). */
    private void hangup(Connection party, ClientFrame.Call frame) {
        Call call = find(frame);
        boolean caller = call.isCaller(party.user(), party.device());
        if (!caller && !(call.isCallee(party.user(), party.device()) && frame.action().equals("hangup"))) {
            throw notInCall(frame);
        }
        leave(call, caller, "hangup");
    }

    private void signal(Connection party, ClientFrame.Call frame) {
        Call call = find(frame);
        boolean caller = call.isCaller(party.user(), party.device());
        if (!call.active() || !(caller || call.isCallee(party.user(), party.device()))) {
            throw notInCall(frame);
        }
        EncodedFrame signal = frame.sdp() != null ? CallFrames.signal(call.callId(), "sdp", frame.sdp())
                : CallFrames.signal(call.callId(), "candidate", frame.candidate());
        if (caller) {
            fanout.toDevice(call.callee(), call.calleeDevice(), signal);
        } else {
            fanout.toDevice(call.caller(), call.callerDevice(), signal);
        }
    }

    /** One party leaves: before an answer the caller's leaving is a cancel (a missed call), after it a hangup. */
    private void leave(Call call, boolean byCaller, String reason) {
        if (!call.active()) {
            if (byCaller) {
                end(call, "missed", "cancelled", null, CallFrames.withReason("cancel", call.callId(), reason));
            } else {
                end(call, "rejected", reason, CallFrames.withReason("reject", call.callId(), reason), null);
            }
            return;
        }
        EncodedFrame frame = CallFrames.withReason("hangup", call.callId(), reason);
        end(call, "ended", reason, byCaller ? null : frame, byCaller ? frame : null);
    }

    private void timeout(String callId) {
        store.find(callId).filter(call -> !call.active()).ifPresent(call -> {
            var missed = CallFrames.withReason("missed", callId, "timeout");
            end(call, "missed", "timeout", missed, missed);
        });
    }

    /** A party's connection closed: it left the call. */
    private void watchDisconnect(Connection party, String callId) {
        party.channel().closeFuture().addListener(closed -> party.worker().execute(() ->
                unasked("end call " + callId + " of " + party, () -> store.find(callId).ifPresent(call -> {
                    boolean caller = call.isCaller(party.user(), party.device());
                    // Only the caller's device and the answering one are in a call; a ringing device may go.
                    if (caller || (call.active() && call.isCallee(party.user(), party.device()))) {
                        leave(call, caller, "disconnected");
                    }
                }))));
    }

    /**
     * Ends the call once (a second attempt, from another device or node, does nothing): tells the caller's device
     * and the callee (its answering device, or while ringing all of them), records the call in the conversation,
     * and frees both parties. Returns whether this attempt ended it.
     */
    private boolean end(Call seen, String result, String reason, EncodedFrame toCaller, EncodedFrame toCallee) {
        if (!store.claimEnd(seen.callId())) {
            return false;
        }
        // An answer may have landed after the caller's look.
        Call call = store.find(seen.callId()).orElse(seen);
        long duration = 0;
        if (call.active() && !result.equals("ended")) {
            result = "ended";
        }
        if (call.active()) {
            duration = Math.max(0, (clock.millis() - call.acceptedAt()) / 1000);
        }
        if (toCaller != null) {
            fanout.toDevice(call.caller(), call.callerDevice(), toCaller);
        }
        if (toCallee != null) {
            if (call.active()) {
                fanout.toDevice(call.callee(), call.calleeDevice(), toCallee);
            } else {
                fanout.toUsers(List.of(call.callee()), toCallee, null, 0);
            }
        }
        history.record(call, result, reason, duration);
        store.release(call);
        return true;
    }

    /**
     * Work no frame asked for (a timer, a closed socket), so no one to answer: a failure (the store away) is logged,
     * and the call's slots free themselves later (see {@link #over}).
     */
    private static void unasked(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("Could not {}: {}", what, e.toString());
        }
    }

    /** Whether a call holding a user's slot is over (gone, or its node died without ending it). */
    private boolean over(Optional<Call> holder) {
        if (holder.isEmpty()) {
            return true;
        }
        Call call = holder.get();
        long age = clock.millis() - call.createdAt();
        return call.active() ? age > MAX_CALL.toMillis() : age > ringTimeout.plusSeconds(15).toMillis();
    }

    /** The one access check: a call is an action in the direct conversation of its two users. */
    private void authorize(String user, ClientFrame.Call frame, String peer) {
        String conversation = ConversationId.direct(user, peer).value();
        try {
            access.authorize(user, AccessRequest.of(Protocol.CHAT, Action.CALL, frame.callId(), Credentials.none())
                    .in(Set.of(conversation)));
        } catch (AccessDenied e) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, e.getMessage(), frame.id());
        }
    }

    private Call find(ClientFrame.Call frame) {
        return store.find(frame.callId()).orElseThrow(() ->
                new ProtocolException(ErrorCode.NOT_FOUND, "no call '" + frame.callId() + "' (it may have ended)",
                        frame.id()));
    }

    private static ProtocolException notInCall(ClientFrame.Call frame) {
        return new ProtocolException(ErrorCode.FORBIDDEN, "this device is not in call '" + frame.callId() + "'"
                + " (or may not " + frame.action() + " it now)", frame.id());
    }
}
