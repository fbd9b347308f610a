package org.vigil.runtime.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.vigil.schemas.wire.AvroSerde;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.time.Duration;
import java.util.Map;

/**
 * One Kafka topic of the pipeline: its name bound to its value type, partitions, retention and cleanup policy.
 * Keys are always strings (note keys or pseudonymous note ids), so a re-sent note lands on the same partition.
 */
public record Topic<V extends SpecificRecord>(
        String name, Class<V> valueType, int partitions, Duration retention, String cleanupPolicy) {

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** The value serde in Confluent wire format; built per stage from its own registry client. */
    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return new AvroSerde<>(registry, valueType, false);
    }

    /** Topic-level settings used when the topic is created. */
    public Map<String, String> settings() {
        return Map.of(
                "cleanup.policy", cleanupPolicy,
                "retention.ms", retention.isNegative() ? "-1" : String.valueOf(retention.toMillis()));
    }
}
