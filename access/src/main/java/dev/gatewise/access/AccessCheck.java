package dev.gatewise.access;

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
}
