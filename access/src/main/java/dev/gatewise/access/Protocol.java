package dev.gatewise.access;

/** Where a request comes in; a rule may one day depend on it (and the logs name it). */
public enum Protocol {
    /** The chat sockets: TCP and WebSocket. */
    CHAT,
    /** TeamTalk clients (a protocol adapter over the same services). */
    TEAMTALK,
    /** The REST API and file transfers on the HTTP port. */
    HTTP,
    RTMP,
    HLS
}
