package org.vigil.sink.consume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.sink.Rows;
import org.vigil.sink.TestPostgres;
import org.vigil.sink.store.AssessmentStore;
import org.vigil.sink.store.Database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.sink.consume.Eventually.awaitTrue;
import static org.vigil.sink.consume.Eventually.sleep;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

/**
 * A rebalance that lands while the consumer is paused for a PostgreSQL outage: the lost-notes bug of FaultToleranceIT
 * (128 of 300 notes skipped), made deterministic. Kafka's {@link MockConsumer} stands in for the group coordinator so
 * the rebalance happens inside exactly the paused poll, as an eager rebalance does in the real client: every
 * partition revoked, then assigned again unpaused at the committed offset, and the same poll fetching from there.
 * PostgreSQL and the registry are real.
 */
class PausedRebalanceIT {

    private static final String TOPIC = "vigil.risk.assessments";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Instant DAY = Instant.parse("2031-03-04T10:15:00Z");

    @TempDir
    static Path dataDir;
    private static TestPostgres postgres;
    private static SchemaRegistryServer registry;
    private static SchemaRegistryClient registryClient;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.start(dataDir);
        registry = SchemaRegistryServer.inMemory();
        registryClient = new SchemaRegistryClient(registry.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
        postgres.close();
    }

    @Test
    void rebalanceWhilePausedStoresEveryRecordOnceThePostgresOutageEnds() {
        PartitionLog log = new PartitionLog();
        log.append(0, 10);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MockProducer<String, DeadLetter> deadLetters = new MockProducer<>(true, null, new StringSerializer(),
                Topics.DEAD_LETTERS.valueSerde(registryClient).serializer());
        try (Database db = postgres.newDatabase()) {
            AssessmentConsumer consumer = AssessmentConsumer.create("sink-0", log, TOPIC,
                    Topics.RISK_ASSESSMENTS.valueSerde(registryClient).deserializer(), new AssessmentStore(db.writer()),
                    deadLetters, Duration.ofMillis(100), meters);
            postgres.stop();
            try (consumer) {
                try {
                    consumer.start();
                    awaitTrue(consumer::paused);
                    assertThat(pausedGauge(meters, "sink-0")).isEqualTo(1.0);

                    // More notes arrive, then another instance joins the group during the paused poll.
                    log.append(10, 10);
                    int rebalancedAt = log.rebalanceOnNextPausedPoll();
                    awaitTrue(() -> log.polls() > rebalancedAt + 5);
                } finally {
                    postgres.restart();
                }
                // Before the fix the poll's 20 records were dropped and never read again: 0 notes stored.
                awaitEquals(20L, () -> Rows.count(db.dataSource(), "SELECT count(*) FROM notes"), "notes stored");
                awaitTrue(() -> log.committedOffsets().equals(Map.of(P0, 10L, P1, 10L)));
                assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM signals")).isEqualTo(20);
                awaitTrue(() -> !consumer.paused());
                assertThat(pausedGauge(meters, "sink-0")).isEqualTo(0.0);
                assertThat(deadLetters.history()).isEmpty();
            }
        }
    }

    @Test
    void eachConsumerReportsItsOwnPausedGauge() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MockProducer<String, DeadLetter> deadLetters = new MockProducer<>(true, null, new StringSerializer(),
                Topics.DEAD_LETTERS.valueSerde(registryClient).serializer());
        PartitionLog busy = new PartitionLog();
        busy.append(0, 4);
        PartitionLog idle = new PartitionLog();
        try (Database db = postgres.newDatabase()) {
            var values = Topics.RISK_ASSESSMENTS.valueSerde(registryClient).deserializer();
            AssessmentConsumer first = AssessmentConsumer.create("sink-0", idle, TOPIC, values,
                    new AssessmentStore(db.writer()), deadLetters, Duration.ofMillis(100), meters);
            AssessmentConsumer second = AssessmentConsumer.create("sink-1", busy, TOPIC, values,
                    new AssessmentStore(db.writer()), deadLetters, Duration.ofMillis(100), meters);
            postgres.stop();
            try (first; second) {
                try {
                    first.start();
                    second.start();
                    awaitTrue(second::paused);
                    assertThat(meters.find("vigil.sink.paused").gauges()).hasSize(2);
                    assertThat(pausedGauge(meters, "sink-0")).isEqualTo(0.0);
                    assertThat(pausedGauge(meters, "sink-1")).isEqualTo(1.0);
                } finally {
                    postgres.restart();
                }
                awaitTrue(() -> !second.paused());
                assertThat(pausedGauge(meters, "sink-1")).isEqualTo(0.0);
            }
            assertThat(meters.find("vigil.sink.paused").gauges()).isEmpty();
        }
    }

    private static double pausedGauge(SimpleMeterRegistry meters, String consumer) {
        Gauge gauge = meters.find("vigil.sink.paused").tag("consumer", consumer).gauge();
        assertThat(gauge).as("paused gauge of %s", consumer).isNotNull();
        return gauge.value();
    }

    /**
     * A two-partition topic behind a {@link MockConsumer}: each poll hands over the records at or after the
     * partition's position, as a broker would, so a seek back reads records again. On request it rebalances inside
     * the next poll made while partitions are paused.
     */
    private static final class PartitionLog extends MockConsumer<String, byte[]> {

        private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> log = new HashMap<>();
        /** Offsets handed to the MockConsumer and not yet returned by a poll, which it keeps until it returns them. */
        private final Map<TopicPartition, Set<Long>> handedOver = new HashMap<>();
        private final Serializer<RiskAssessment> values = Topics.RISK_ASSESSMENTS.valueSerde(registryClient).serializer();
        private final AtomicInteger polls = new AtomicInteger();
        private boolean rebalanceArmed;

        PartitionLog() {
            super("earliest");
            updatePartitions(TOPIC, List.of(
                    new org.apache.kafka.common.PartitionInfo(TOPIC, 0, null, null, null),
                    new org.apache.kafka.common.PartitionInfo(TOPIC, 1, null, null, null)));
            updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            log.put(P0, new ArrayList<>());
            log.put(P1, new ArrayList<>());
            // The group's first assignment: both partitions to this consumer, on its first poll.
            schedulePollTask(() -> rebalance(List.of(P0, P1)));
        }

        /** Appends {@code count} assessments, alternating between the partitions. */
        synchronized void append(int firstIndex, int count) {
            for (int i = firstIndex; i < firstIndex + count; i++) {
                TopicPartition tp = i % 2 == 0 ? P0 : P1;
                String id = "note-" + i;
                RiskAssessment a = assessment(id, "p" + (i % 7), DAY.plusSeconds(i * 3600L), RiskTier.MODERATE,
                        finding(DEPRESSION, AFFIRMED, "low mood"));
                List<ConsumerRecord<String, byte[]>> records = log.get(tp);
                records.add(new ConsumerRecord<>(TOPIC, tp.partition(), records.size(), id, values.serialize(TOPIC, a)));
            }
        }

        /** Arms the rebalance and returns the number of polls made so far. */
        synchronized int rebalanceOnNextPausedPoll() {
            rebalanceArmed = true;
            return polls.get();
        }

        int polls() {
            return polls.get();
        }

        synchronized Map<TopicPartition, Long> committedOffsets() {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed(Set.of(P0, P1)).forEach((tp, o) -> {
                if (o != null) {
                    offsets.put(tp, o.offset());
                }
            });
            return offsets;
        }

        @Override
        public ConsumerRecords<String, byte[]> poll(Duration timeout) {
            ConsumerRecords<String, byte[]> records = pollLog(timeout);
            if (records.isEmpty()) {
                // A real poll waits for records; without this the consumer's loop would spin.
                sleep(Math.min(timeout.toMillis(), 20));
            }
            return records;
        }

        private synchronized ConsumerRecords<String, byte[]> pollLog(Duration timeout) {
            if (rebalanceArmed && !paused().isEmpty()) {
                rebalanceArmed = false;
                // Eager protocol: everything is revoked (the listener runs), then assigned afresh, unpaused.
                rebalance(List.of());
                handedOver.clear(); // MockConsumer.rebalance drops the records it was handed
                rebalance(List.of(P0, P1));
            }
            for (TopicPartition tp : assignment()) {
                if (paused().contains(tp)) {
                    continue;
                }
                Set<Long> pending = handedOver.computeIfAbsent(tp, t -> new HashSet<>());
                for (ConsumerRecord<String, byte[]> r : log.get(tp)) {
                    if (r.offset() >= position(tp) && pending.add(r.offset())) {
                        addRecord(r);
                    }
                }
            }
            ConsumerRecords<String, byte[]> records = super.poll(timeout);
            records.forEach(r -> handedOver.get(new TopicPartition(r.topic(), r.partition())).remove(r.offset()));
            polls.incrementAndGet();
            return records;
        }
    }

    private static void awaitEquals(Object expected, java.util.function.Supplier<Object> actual, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Object last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            sleep(50);
            last = actual.get();
        }
        assertThat(last).as(what + " within 60 s").isEqualTo(expected);
    }
}
