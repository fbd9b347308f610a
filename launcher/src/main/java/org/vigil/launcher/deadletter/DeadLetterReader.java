package org.vigil.launcher.deadletter;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.Topic;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the dead-letter topics once, from the start or from a time, up to the end offsets seen when it began. It
 * joins no consumer group and commits nothing, so looking never moves anyone's position and needs no group ACL.
 */
public final class DeadLetterReader {

    private final VigilConfig config;
    private final Duration timeout;

    public DeadLetterReader(VigilConfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    /** Hands {@code to} every record of {@code topics} written at or after {@code since} (all of them when empty). */
    public void read(List<Topic<DeadLetter>> topics, Optional<Instant> since, Consumer<DeadLetterEntry> to) {
        SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(config.schemaRegistryUrl()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, Deserializer<DeadLetter>> decoders = new HashMap<>();
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<DeadLetter> topic : topics) {
                decoders.put(topic.name(), topic.valueSerde(registry).deserializer());
                List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("Topic " + topic.name() + " does not exist: run `vigil setup` or start a stage first");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            // Under read_committed these are the last stable offsets: what a reader can see now.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            seek(consumer, partitions, end, since);
            List<TopicPartition> remaining = new ArrayList<>(partitions);
            remaining.removeIf(p -> consumer.position(p, timeout) >= end.get(p));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The dead-letter topics were not read to their end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition) || record.value() == null
                            || since.map(t -> record.timestamp() < t.toEpochMilli()).orElse(false)) {
                        continue;
                    }
                    to.accept(decode(decoders.get(record.topic()), record));
                }
                remaining.removeIf(p -> consumer.position(p, timeout) >= end.get(p));
            }
        }
    }

    private void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end,
                      Optional<Instant> since) {
        if (since.isEmpty()) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.get().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, timeout);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            // No record at or after that time: nothing to read in this partition.
            consumer.seek(p, at == null ? end.get(p) : at.offset());
        }
    }

    private static DeadLetterEntry decode(Deserializer<DeadLetter> decoder, ConsumerRecord<byte[], byte[]> record) {
        try {
            return DeadLetterEntry.of(record.topic(), decoder.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            // A record that is not a DeadLetter (or whose schema the registry lost) is still a dead letter to count.
            return DeadLetterEntry.unreadable(record.topic(), record.partition(), record.offset(),
                    Instant.ofEpochMilli(record.timestamp()));
        }
    }

    /** A stage's client settings (servers, security via kafka.*), read_committed, with no group and no commits. */
    private Map<String, Object> settings() {
        Map<String, Object> settings = ClientSettings.admin(config);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-deadletters");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.putAll(config.kafkaClientOverrides());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return settings;
    }
}
