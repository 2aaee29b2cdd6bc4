package dev.gatewise.media.rtmp.session;

import java.util.List;

/**
 * An RTMP data message, such as {@code @setDataFrame("onMetaData", {...})}.
 *
 * @param values the AMF0 values it carries, the handler name first
 * @param streamId the message stream it came on
 */
public record DataMessage(List<Object> values, int streamId) {}
