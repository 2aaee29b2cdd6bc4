package dev.gatewise.im.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns frame bytes into {@link ClientFrame}s and {@link ServerFrame}s into bytes, classifying every failure. */
public final class FrameJson {
    /** Shared, strictly configured mapper: no scalar coercion, so {@code "seq":"5"} is a wrong type. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectReader CLIENT_READER = clientMapper().readerFor(ClientFrame.class);

    private FrameJson() {}

    /**
     * What clients send is read stricter still: no scalar becomes a string ({@code "clientMsgId": 5} or
     * {@code true} are wrong types, not {@code "5"}) and no fraction becomes an integer ({@code "afterSeq": 1.5}).
     */
    private static ObjectMapper clientMapper() {
        ObjectMapper strict = MAPPER.copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }

    public static byte[] encode(ServerFrame frame) {
        try {
            if (frame instanceof ServerFrame.Ack ack) {
                return HotFrameJson.ack(ack);
            }
            if (frame instanceof ServerFrame.Push push) {
                return HotFrameJson.push(push.message());
            }
            return MAPPER.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.type(), e);
        }
    }

    /**
     * Decodes one frame; throws {@link ProtocolException} saying exactly what is wrong with it. A frame
     * that binds as it is (nearly all) is parsed once, from its bytes; only a refused one goes the long
     * way, which tells its faults apart.
     */
    public static ClientFrame decode(byte[] utf8) {
        String text = isAscii(utf8) ? null : strictUtf8(utf8);
        try {
            ClientFrame frame = CLIENT_READER.readValue(utf8);
            if (frame.id() == null || frame.id().length() <= ClientFrame.MAX_ID_LENGTH) {
                return frame;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Told apart below.
        }
        return classify(text != null ? text : new String(utf8, StandardCharsets.US_ASCII));
    }

    /** Whether every byte is ASCII, so the bytes are valid UTF-8 without decoding them. */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** The text, or a {@link ErrorCode#INVALID_UTF8} refusal (Jackson alone would let some bad sequences by). */
    private static String strictUtf8(byte[] utf8) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.INVALID_UTF8, "frame is not valid UTF-8");
        }
    }

    private static ClientFrame classify(String text) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "frame is not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "frame must be a JSON object");
        }
        String requestId = tree.path("id").isTextual() ? tree.get("id").asText() : null;
        if (tree.has("id") && !tree.get("id").isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "id must be a string");
        }
        if (requestId != null && requestId.length() > ClientFrame.MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "id is longer than " + ClientFrame.MAX_ID_LENGTH
                    + " characters");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "type is required and must be a string", requestId);
        }
        try {
            return CLIENT_READER.readValue(tree);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + type.asText() + "'", requestId);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(ErrorCode.INVALID_FIELD, cause.getMessage(), requestId);
        } catch (MismatchedInputException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "wrong type for " + fieldPath(e), requestId);
        } catch (java.io.IOException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, e.getMessage(), requestId);
        }
    }

    private static String fieldPath(MismatchedInputException e) {
        var path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "a field" : path.toString();
    }
}
