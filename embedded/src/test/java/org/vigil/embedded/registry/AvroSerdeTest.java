package org.vigil.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.wire.AvroSerde;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.schemas.wire.WireFormat;

/** The Confluent wire-format serde against a real (in-memory) registry over HTTP. */
class AvroSerdeTest {

    private SchemaRegistryServer registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void startRegistry() {
        registry = SchemaRegistryServer.inMemory("127.0.0.1", 0);
        registry.start();
        client = new SchemaRegistryClient(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    static Stream<SpecificRecord> everyRecordType() {
        return Stream.of(SampleRecords.rawNote(), SampleRecords.deidentifiedNote(), SampleRecords.riskAssessment(),
                SampleRecords.deadLetter(), SampleRecords.adjudication());
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    void roundTripsEveryRecordType(SpecificRecord record) {
        try (AvroSerde<SpecificRecord> serde = serdeFor(record, false)) {
            byte[] bytes = serde.serializer().serialize("vigil.test", record);
            assertThat(serde.deserializer().deserialize("vigil.test", bytes)).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    void writesMagicByteThenRegisteredIdThenPlainAvro(SpecificRecord record) throws IOException {
        try (AvroSerde<SpecificRecord> serde = serdeFor(record, false)) {
            byte[] bytes = serde.serializer().serialize("vigil.test", record);

            int id = client.register("vigil.test-value", record.getSchema());
            byte[] plainAvro = plainAvro(record);
            assertThat(bytes[0]).isEqualTo((byte) 0);
            assertThat(Arrays.copyOfRange(bytes, 1, 5))
                    .containsExactly((byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id);
            assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(plainAvro);
            assertThat(client.versions("vigil.test-value")).containsExactly(1);
        }
    }

    @Test
    void writesDeadLetterAsHandEncodedAvro() {
        DeadLetter letter = DeadLetter.newBuilder().setStage("ingest").setReasonCode("EMPTY").setReason("none")
                .setSourceLocation("f:1").setOccurredAt(java.time.Instant.ofEpochMilli(1)).build();
        try (AvroSerde<DeadLetter> serde = new AvroSerde<>(client, DeadLetter.class, true)) {
            byte[] bytes = serde.serializer().serialize("dead-letters", letter);

            assertThat(client.subjects()).containsExactly("dead-letters-key");
            byte[] expected = {
                0, 0, 0, 0, 1,                         // magic byte, schema id 1 (the registry's first)
                12, 'i', 'n', 'g', 'e', 's', 't',      // stage: zig-zag length 6, then UTF-8
                10, 'E', 'M', 'P', 'T', 'Y',           // reasonCode
                8, 'n', 'o', 'n', 'e',                 // reason
                6, 'f', ':', '1',                      // sourceLocation
                0, 0, 0,                               // three nullable fields, union branch 0 (null)
                2};                                    // occurredAt: 1 ms, zig-zag encoded
            assertThat(bytes).containsExactly(expected);
        }
    }

    @Test
    void readsDataWrittenBeforeAFieldWithDefaultWasAdded() throws IOException {
        Schema older = withoutField(DeidentifiedNote.getClassSchema(), "sourceAdapter");
        GenericRecord old = new GenericData.Record(older);
        DeidentifiedNote current = SampleRecords.deidentifiedNote();
        for (Schema.Field field : older.getFields()) {
            old.put(field.name(), current.get(field.name()));
        }
        old.put("noteDate", current.getNoteDate().toEpochMilli());
        int olderId = client.register("notes.deidentified-value", older);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.writeBytes(WireFormat.header(olderId));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(framed, null);
        new GenericDatumWriter<GenericRecord>(older).write(old, encoder);
        encoder.flush();

        try (AvroSerde<DeidentifiedNote> serde = new AvroSerde<>(client, DeidentifiedNote.class, false)) {
            DeidentifiedNote read = serde.deserializer().deserialize("notes.deidentified", framed.toByteArray());

            DeidentifiedNote expected = DeidentifiedNote.newBuilder(current).setSourceAdapter("unknown").build();
            assertThat(read).isEqualTo(expected);
            // The newer writer schema is a BACKWARD-compatible second version of the same subject.
            byte[] newer = serde.serializer().serialize("notes.deidentified", current);
            assertThat(WireFormat.schemaId(newer)).isEqualTo(olderId + 1);
            assertThat(client.versions("notes.deidentified-value")).containsExactly(1, 2);
        }
    }

    @Test
    void refusesPayloadWithWrongMagicByte() {
        byte[] bytes;
        try (AvroSerde<DeadLetter> serde = new AvroSerde<>(client, DeadLetter.class, false)) {
            bytes = serde.serializer().serialize("dead-letters", SampleRecords.deadLetter());
            bytes[0] = 1;
            byte[] tampered = bytes;
            assertThatThrownBy(() -> serde.deserializer().deserialize("dead-letters", tampered))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("Unknown magic byte 0x01: payload is not in Confluent wire format (expected 0x00)");
        }
    }

    @Test
    void refusesPayloadNamingUnknownSchemaId() {
        byte[] payload = {0, 0, 0, 0, 99, 2};
        try (AvroSerde<DeadLetter> serde = new AvroSerde<>(client, DeadLetter.class, false)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("dead-letters", payload))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("Cannot fetch writer schema id 99: Cannot fetch schema id 99: schema not found"
                            + " (HTTP 404, error code 40403): Schema 99 not found");
        }
    }

    @Test
    void refusesTruncatedBody() {
        try (AvroSerde<DeadLetter> serde = new AvroSerde<>(client, DeadLetter.class, false)) {
            byte[] bytes = serde.serializer().serialize("dead-letters", SampleRecords.deadLetter());
            byte[] truncated = Arrays.copyOf(bytes, 9);
            assertThatThrownBy(() -> serde.deserializer().deserialize("dead-letters", truncated))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("Cannot read a org.vigil.schemas.DeadLetter written with schema id 1"
                            + " from topic 'dead-letters'");
        }
    }

    @SuppressWarnings("unchecked")
    private AvroSerde<SpecificRecord> serdeFor(SpecificRecord record, boolean isKey) {
        return new AvroSerde<>(client, (Class<SpecificRecord>) record.getClass(), isKey);
    }

    private static byte[] plainAvro(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                .write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema withoutField(Schema schema, String field) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) tree.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(field)) {
                fields.remove(i);
            }
        }
        return new Schema.Parser().parse(tree.toString());
    }

}
