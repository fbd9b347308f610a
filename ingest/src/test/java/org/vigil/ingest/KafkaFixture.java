package org.vigil.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.runtime.kafka.Topic;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real embedded Kafka broker and schema registry for the integration tests of one test class, with helpers to
 * read what ingest wrote. Tests in a class share the topics, so each reads from the offsets it saw at its start.
 */
final class KafkaFixture implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final SchemaRegistryClient client;

    KafkaFixture(Path dir) {
        broker = EmbeddedKafkaBroker.start(dir);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Topics.create(admin, (short) 1, 2, Map.of());
        }
        registry = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0, (short) 1);
        registry.start();
        client = new SchemaRegistryClient(registry.url());
    }

    /** Settings pointing a stage at this broker and registry, plus {@code extra}. */
    Map<String, Object> settings(Path dataDir, Map<String, Object> extra) {
        Map<String, Object> s = new HashMap<>();
        s.put(VigilConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(VigilConfig.SCHEMA_REGISTRY_URL, registry.url().toString());
        s.put(VigilConfig.DATA_DIR, dataDir.toString());
        s.put(VigilConfig.TOPIC_PARTITIONS, 2);
        s.putAll(extra);
        return s;
    }

    VigilConfig config(Path dataDir, Map<String, Object> extra) {
        return new VigilConfig(IngestStage.definition(), settings(dataDir, extra));
    }

    NotePublisher publisher(Path dataDir) {
        return NotePublisher.connect(config(dataDir, Map.of()), "test-publisher", new SimpleMeterRegistry());
    }

    /** The end offset of every partition of {@code topic} now; read from here to see only later records. */
    Map<TopicPartition, Long> mark(Topic<?> topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Every record of {@code topic} from {@code from} to the current end, in partition order. */
    <V> List<ConsumerRecord<String, V>> read(Topic<?> topic, Map<TopicPartition, Long> from, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Timed out reading " + topic.name());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                            values.deserialize(r.topic(), r.value())));
                }
            }
        }
        return records;
    }

    <V extends org.apache.avro.specific.SpecificRecord> List<V> values(Topic<V> topic, Map<TopicPartition, Long> from) {
        return read(topic, from, topic.valueSerde(client).deserializer()).stream().map(ConsumerRecord::value).toList();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "isolation.level", "read_committed"),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, Topic<?> topic) {
        return consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    @Override
    public void close() {
        registry.close();
        broker.close();
    }
}
