package dev.gatewise.teamtalk.session;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gatewise.im.session.Connection;
import dev.gatewise.teamtalk.wire.Packet;

/** One command of a signed-in connection; returns the answer (with the request's seq), or null when none is due. */
@FunctionalInterface
public interface CommandHandler {
    Packet handle(Connection connection, Packet request, long arrivedNanos) throws InvalidProtocolBufferException;
}
