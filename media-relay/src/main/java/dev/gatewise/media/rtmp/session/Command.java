package dev.gatewise.media.rtmp.session;

import java.util.List;

/**
 * An RTMP command message: a name, a transaction id the answer must carry, a command object (often null) and
 * arguments.
 *
 * @param streamId the message stream it came on (0 for connection commands such as connect and createStream)
 */
public record Command(String name, double transactionId, Object commandObject, List<Object> arguments, int streamId) {

    /** The argument at {@code index} if there is one and it is a string, else null. */
    public String stringArgument(int index) {
        return index < arguments.size() && arguments.get(index) instanceof String value ? value : null;
    }

    /** Whether the sender expects an answer; transaction id 0 means it does not. */
    public boolean expectsAnswer() {
        return transactionId != 0;
    }
}
