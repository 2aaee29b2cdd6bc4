package dev.gatewise.im.protocol;

/** A request the server refuses; becomes an error frame answering the request's id. */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final String requestId;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }

    public ErrorFrame toFrame() {
        return new ErrorFrame(requestId, code, getMessage());
    }
}
