package dev.gatewise.im.session;

/** A freshly issued token, the only time the server ever holds it in clear. */
public record LoginToken(String token, String user, long expiresAt) {}
