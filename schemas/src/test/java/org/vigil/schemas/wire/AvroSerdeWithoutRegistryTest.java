package org.vigil.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RawNote;

/** What the serde decides before it needs the registry: tombstones, foreign payloads, unreachable registry. */
class AvroSerdeWithoutRegistryTest {

    private final SchemaRegistryClient unreachable = SchemaRegistryClient.builder(URI.create("http://127.0.0.1:" + closedPort()))
            .connectTimeout(Duration.ofMillis(500))
            .retries(2, Duration.ofMillis(10))
            .build();

    @Test
    void passesTombstonesThroughAsNull() {
        try (AvroSerde<RawNote> serde = new AvroSerde<>(unreachable, RawNote.class, false)) {
            assertThat(serde.serializer().serialize("notes.raw", null)).isNull();
            assertThat(serde.deserializer().deserialize("notes.raw", null)).isNull();
        }
    }

    @Test
    void refusesPayloadWithWrongMagicByte() {
        try (AvroSerde<DeadLetter> serde = new AvroSerde<>(unreachable, DeadLetter.class, false)) {
            byte[] plainJson = "{\"stage\":\"ingest\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> serde.deserializer().deserialize("dead-letters", plainJson))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("Unknown magic byte 0x7b: payload is not in Confluent wire format (expected 0x00)");
        }
    }

    @Test
    void reportsUnreachableRegistryAfterRetrying() {
        assertThatThrownBy(() -> unreachable.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(-1);
                    assertThat(e.errorCode()).isEqualTo(-1);
                    assertThat(e.getMessage()).isEqualTo("Cannot fetch schema id 1: schema registry at "
                            + unreachable.baseUrl() + " unreachable after 3 attempts");
                });
    }

    @Test
    void serializerNamesSubjectWhenRegistryUnreachable() {
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage("ingest").setReasonCode("EMPTY_NOTE").setReason("Note has no text")
                .setSourceLocation("batch.csv:3").setOccurredAt(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
        try (AvroSerde<DeadLetter> serde = new AvroSerde<>(unreachable, DeadLetter.class, false)) {
            assertThatThrownBy(() -> serde.serializer().serialize("dead-letters", letter))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Cannot register the org.vigil.schemas.DeadLetter schema under subject"
                            + " 'dead-letters-value': Cannot register a schema under subject 'dead-letters-value':"
                            + " schema registry at");
        }
    }

    @Test
    void subjectFollowsTopicNameStrategy() {
        assertThat(AvroSerde.subject("notes.raw", true)).isEqualTo("notes.raw-key");
        assertThat(AvroSerde.subject("notes.raw", false)).isEqualTo("notes.raw-value");
    }

    private static int closedPort() {
        // A port just released by the OS: nothing listens there, so connections are refused.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
