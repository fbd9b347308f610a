package org.vigil.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.header(7)).containsExactly(0, 0, 0, 0, 7);
    }

    @Test
    void readsBackTheIdItWrote() {
        byte[] payload = {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 42};
        assertThat(WireFormat.schemaId(payload)).isEqualTo(0x7ffffffe);
        assertThat(WireFormat.schemaId(WireFormat.header(123456))).isEqualTo(123456);
    }

    @Test
    void refusesPayloadWithWrongMagicByte() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unknown magic byte 0x01: payload is not in Confluent wire format (expected 0x00)");
    }

    @Test
    void refusesPayloadShorterThanHeader() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Payload of 3 bytes is shorter than the 5-byte Confluent wire-format header");
    }
}
