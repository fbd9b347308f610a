package org.vigil.tools.demo;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.apache.kafka.common.serialization.Serde;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts what has reached each pipeline topic, reading committed records only. The raw topic is counted as bytes
 * and never decoded, so the launcher never holds note text.
 */
public final class TopicTally implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Serde<RiskAssessment> assessments;
    private final Serde<DeadLetter> deadLetters;
    private final Set<String> rawKeys = new HashSet<>();
    private final Set<String> deidentifiedKeys = new HashSet<>();
    private final Set<String> assessedKeys = new HashSet<>();
    private long rawRecords;
    private long quarantined;
    private long deadLettered;
    private final Map<String, Long> signalsByKind = new TreeMap<>();
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final Map<String, Long> tiers = new TreeMap<>();

    public TopicTally(String bootstrapServers, SchemaRegistryClient registry) {
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed",
                "enable.auto.commit", false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.assessments = Topics.RISK_ASSESSMENTS.valueSerde(registry);
        this.deadLetters = Topics.DEAD_LETTERS.valueSerde(registry);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.NOTES_RAW.name(), Topics.NOTES_DEIDENTIFIED.name(),
                Topics.NOTES_QUARANTINE.name(), Topics.RISK_ASSESSMENTS.name(), Topics.DEAD_LETTERS.name())) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever has been committed since the last call. */
    public TopicTally refresh() {
        for (int idle = 0; idle < 2; ) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                idle++;
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    count(r);
                } catch (org.apache.kafka.common.errors.SerializationException e) {
                    // A poison record: the stages dead-letter it; it is no note to count here.
                }
            }
        }
        return this;
    }

    private void count(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
        String topic = r.topic();
        if (topic.equals(Topics.NOTES_RAW.name())) {
            rawKeys.add(key);
            rawRecords++;
        } else if (topic.equals(Topics.NOTES_DEIDENTIFIED.name())) {
            deidentifiedKeys.add(key);
        } else if (topic.equals(Topics.NOTES_QUARANTINE.name())) {
            quarantined++;
        } else if (topic.equals(Topics.RISK_ASSESSMENTS.name())) {
            RiskAssessment a = assessments.deserializer().deserialize(topic, r.value());
            if (assessedKeys.add(key)) {
                tiers.merge(a.getRiskTier().name(), 1L, Long::sum);
                for (RiskSignal s : a.getSignals()) {
                    signalsByKind.merge(s.getKind().name(), 1L, Long::sum);
                }
            }
        } else if (topic.equals(Topics.DEAD_LETTERS.name())) {
            DeadLetter d = deadLetters.deserializer().deserialize(topic, r.value());
            deadLettered++;
            deadLetterReasons.merge(d.getStage() + "/" + d.getReasonCode(), 1L, Long::sum);
        }
    }

    public long raw() {
        return rawKeys.size();
    }

    /** Records on the raw topic, a note sent twice counted twice (ingest counts what it published so). */
    public long rawRecords() {
        return rawRecords;
    }

    public long deidentified() {
        return deidentifiedKeys.size();
    }

    public long quarantined() {
        return quarantined;
    }

    public long assessed() {
        return assessedKeys.size();
    }

    public long deadLettered() {
        return deadLettered;
    }

    /** Dead letters written by one stage ({@code ingest}, {@code inference}, {@code sink}). */
    public long deadLetteredBy(String stage) {
        return deadLetterReasons.entrySet().stream().filter(e -> e.getKey().startsWith(stage + "/"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public Map<String, Long> signalsByKind() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(signalsByKind));
    }

    public Map<String, Long> deadLetterReasons() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(deadLetterReasons));
    }

    public Map<String, Long> tiers() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(tiers));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
