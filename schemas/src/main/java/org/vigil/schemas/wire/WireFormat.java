package org.vigil.schemas.wire;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes and decodes the 5-byte header of Confluent's Schema Registry wire format: magic byte 0, then the
 * schema id as a 4-byte big-endian int, then the Avro binary body.
 *
 * <p>Written by hand because Confluent's serializer artifacts are not published on Maven Central.
 */
public final class WireFormat {

    /** The only magic byte Confluent has defined. */
    public static final byte MAGIC_BYTE = 0;

    /** Magic byte plus the 4-byte schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Writes the header for {@code schemaId} at the buffer's position. */
    public static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Returns a fresh 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE);
        writeHeader(buffer, schemaId);
        return buffer.array();
    }

    /**
     * Reads the schema id from a framed payload, checking its length and magic byte.
     *
     * @throws SerializationException if the payload is shorter than the header or its magic byte is not 0
     */
    public static int schemaId(byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("Payload of " + payload.length
                    + " bytes is shorter than the " + HEADER_SIZE + "-byte Confluent wire-format header");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x: payload is not in Confluent wire format (expected 0x00)",
                    payload[0]));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
