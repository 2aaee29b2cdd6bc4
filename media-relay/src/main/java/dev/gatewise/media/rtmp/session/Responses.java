package dev.gatewise.media.rtmp.session;

import dev.gatewise.media.rtmp.amf.Amf0Writer;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the command messages the server sends: answers to commands and status notifications. */
public final class Responses {
    public static final String STATUS = "status";
    public static final String ERROR = "error";

    private Responses() {}

    /** {@code _result} for connect: what ffmpeg, OBS and Flash expect of a media server. */
    public static RtmpMessage connectSuccess(double transactionId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,0,1,123");
        properties.put("capabilities", 31);
        Map<String, Object> information = status(STATUS, "NetConnection.Connect.Success", "Connection succeeded.");
        information.put("objectEncoding", 0);
        return command(0, "_result", transactionId, properties, information);
    }

    public static RtmpMessage result(double transactionId, Object value) {
        return command(0, "_result", transactionId, null, value);
    }

    public static RtmpMessage error(double transactionId, String code, String description) {
        return command(0, "_error", transactionId, null, status(ERROR, code, description));
    }

    public static RtmpMessage onStatus(int streamId, String level, String code, String description) {
        return command(streamId, "onStatus", 0, null, status(level, code, description));
    }

    /** A data message such as {@code onMetaData} or {@code |RtmpSampleAccess}. */
    public static RtmpMessage data(int streamId, long timestamp, Object... values) {
        ByteBuf payload = Unpooled.buffer();
        Amf0Writer.writeAll(payload, values);
        return new RtmpMessage(MessageType.DATA_AMF0, streamId, timestamp, payload);
    }

    private static RtmpMessage command(int streamId, String name, double transactionId, Object commandObject,
            Object information) {
        ByteBuf payload = Unpooled.buffer();
        Amf0Writer.writeAll(payload, name, transactionId, commandObject, information);
        return new RtmpMessage(MessageType.COMMAND_AMF0, streamId, 0, payload);
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("level", level);
        status.put("code", code);
        status.put("description", description);
        return status;
    }
}
