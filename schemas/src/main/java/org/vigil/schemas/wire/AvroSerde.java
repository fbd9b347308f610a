package org.vigil.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes one generated Avro record type in Confluent's wire format (magic byte, schema id, Avro binary),
 * registering the writer schema under the topic's subject and resolving old writer schemas against this type.
 *
 * <p>Written by hand because Confluent's {@code kafka-avro-serializer} is not published on Maven Central. The
 * subject follows Confluent's TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. Thread-safe; a
 * null record or payload (a tombstone) passes through as null.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    public AvroSerde(SchemaRegistryClient client, Class<T> type, boolean isKey) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(type, "type");
        this.serializer = new AvroSerializer<>(client, type, isKey);
        this.deserializer = new AvroDeserializer<>(client, type);
    }

    /** Confluent's TopicNameStrategy: the subject under which a topic's keys or values are registered. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** Writes records of one generated type in Confluent's wire format. */
    public static final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
        private final SchemaRegistryClient client;
        private final boolean isKey;
        private final Schema schema;
        private final SpecificDatumWriter<T> writer;

        public AvroSerializer(SchemaRegistryClient client, Class<T> type, boolean isKey) {
            this.client = Objects.requireNonNull(client, "client");
            this.isKey = isKey;
            SpecificData model = SpecificData.getForClass(type);
            this.schema = model.getSchema(type);
            this.writer = new SpecificDatumWriter<>(schema, model);
        }

        @Override
        public byte[] serialize(String topic, T record) {
            if (record == null) {
                return null;
            }
            String subject = subject(topic, isKey);
            int id;
            try {
                id = client.register(subject, schema);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Cannot register the " + schema.getFullName()
                        + " schema under subject '" + subject + "': " + e.getMessage(), e);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.writeBytes(WireFormat.header(id));
            try {
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                writer.write(record, encoder);
                encoder.flush();
            } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
                // Avro reports a missing required field or a wrong type through these; say which record type.
                throw new SerializationException("Cannot write a " + schema.getFullName() + " for topic '"
                        + topic + "': " + e.getMessage(), e);
            }
            return out.toByteArray();
        }
    }

    /** Reads records of one generated type from Confluent's wire format, resolving the writer's schema. */
    public static final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
        private final SchemaRegistryClient client;
        private final SpecificData model;
        private final Schema readerSchema;
        private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

        public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
            this.client = Objects.requireNonNull(client, "client");
            this.model = SpecificData.getForClass(type);
            this.readerSchema = model.getSchema(type);
        }

        @Override
        public T deserialize(String topic, byte[] payload) {
            if (payload == null) {
                return null;
            }
            int id = WireFormat.schemaId(payload);
            SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                        payload, WireFormat.HEADER_SIZE, payload.length - WireFormat.HEADER_SIZE, null);
                return reader.read(null, decoder);
            } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
                throw new SerializationException("Cannot read a " + readerSchema.getFullName() + " written with"
                        + " schema id " + id + " from topic '" + topic + "': " + e.getMessage(), e);
            }
        }

        private SpecificDatumReader<T> readerFor(int writerId) {
            Schema writerSchema;
            try {
                writerSchema = client.schemaById(writerId);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Cannot fetch writer schema id " + writerId + ": "
                        + e.getMessage(), e);
            }
            return new SpecificDatumReader<>(writerSchema, readerSchema, model);
        }
    }
}
