package dev.gatewise.media.rtmp.session;

import java.util.Map;

/**
 * What a client's connect command asks for: the application (the first path segment of the URL) and any query that
 * came with it. Some clients put rtmp://host/live?token=abc's query in {@code app}, others only in {@code tcUrl}.
 *
 * @param app the application name, without query or trailing slash
 * @param query the query parameters found in app or tcUrl
 */
public record ConnectRequest(String app, Map<String, String> query) {

    /**
     * Reads the connect command's object.
     *
     * @throws IllegalArgumentException if it names no application or has a malformed query
     */
    public static ConnectRequest from(Object commandObject) {
        if (!(commandObject instanceof Map<?, ?> properties) || !(properties.get("app") instanceof String app)) {
            throw new IllegalArgumentException("connect without an application name");
        }
        String tcUrl = properties.get("tcUrl") instanceof String url ? url : "";
        String query = "";
        int question = app.indexOf('?');
        if (question >= 0) {
            query = app.substring(question + 1);
            app = app.substring(0, question);
        } else if (tcUrl.indexOf('?') >= 0) {
            query = tcUrl.substring(tcUrl.indexOf('?') + 1);
        }
        while (app.endsWith("/")) {
            app = app.substring(0, app.length() - 1);
        }
        return new ConnectRequest(app, StreamRequest.parseQuery(query));
    }
}
