package dev.gatewise.teamtalk.wire;

import com.google.protobuf.MessageLite;

/**
 * One TeamTalk packet: the 16-byte big-endian header (u32 length including the header, u16 version, u16 flag, u16
 * service id, u16 command id, u16 seq, u16 reserved) and its protobuf body.
 */
public record Packet(int service, int command, int seq, byte[] body) {
    public static final int HEADER_BYTES = 16;

    public static Packet of(Command command, int seq, MessageLite body) {
        return new Packet(command.service(), command.id(), seq, body.toByteArray());
    }

    /** The command, if it is one this server knows. */
    public Command known() {
        return Command.of(service, command);
    }

    @Override
    public String toString() {
        return "packet " + service + "/" + command + " seq " + seq + " (" + body.length + " bytes)";
    }
}
