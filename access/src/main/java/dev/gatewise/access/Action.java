package dev.gatewise.access;

/** What someone wants to do. */
public enum Action {
    /** Open a session: a chat or TeamTalk connection, or a REST login. */
    LOGIN,
    /** Call the REST API as a signed-in user. */
    API,
    /** Go live on a stream (resource: its name; conversations: where it is announced). */
    PUBLISH,
    /** Watch a stream: RTMP play, HLS read (resource: its name). */
    PLAY,
    /** Start an upload (no owner yet) or add to one (owner: its uploader). */
    UPLOAD,
    /** Read a file (owner: its uploader; conversations: where it was shared). */
    DOWNLOAD,
    /** Start or join a call in a conversation. */
    CALL
}
