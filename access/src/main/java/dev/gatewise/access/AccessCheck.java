package dev.gatewise.access;

import java.util.function.Consumer;

/**
 * The one access check, for every protocol and action (after MediaMTX's auth manager: one call with protocol,
 * action, resource and credentials). Blocking: it may read the stores, so it never runs on an event loop.
 */
public interface AccessCheck {

    /**
     * Who presents the request's credentials, if they may do what it asks; null only for an action open to anyone,
     * where credentials are not looked at.
     *
     * @throws AccessDenied if not
     */
    String check(AccessRequest request);

    /**
     * The same rules for a user already signed in on this connection (a chat or TeamTalk session, a message's
     * sender): the request's credentials are not looked at.
     *
     * @throws AccessDenied if not
     */
    void authorize(String user, AccessRequest request);

    /**
     * Tells {@code ended}, once, when the session of {@code token} ends, on whichever node: a logout, its expiry (a
     * timer, not a store poll), a revocation. For what rides on a token after {@link #check} let it in (a chat
     * socket, an RTMP publish, an upload): a session that ended meanwhile is told at once. {@code ended} runs on
     * whichever thread ends the session, so it must not block (write a last frame and close). Close the returned
     * watch when what rides on the token ends first. Blocking: it reads the store.
     */
    Watch watch(String token, Consumer<SessionEnd> ended);

    /** A {@link #watch} that is no longer wanted. */
    @FunctionalInterface
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
