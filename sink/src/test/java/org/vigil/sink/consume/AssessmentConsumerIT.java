package org.vigil.sink.consume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.sink.Rows;
import org.vigil.sink.SinkStage;
import org.vigil.sink.TestPostgres;
import org.vigil.sink.store.AssessmentStore;
import org.vigil.sink.store.Database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.sink.consume.Eventually.awaitTrue;
import static org.vigil.sink.consume.Eventually.sleep;
import static org.assertj.core.api.Assertions.fail;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

/** The consumer against a real broker, registry and PostgreSQL: what it stores, rejects and commits, and when. */
class AssessmentConsumerIT {

    private static final Instant DAY = Instant.parse("2031-03-04T10:15:00Z");

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryServer registry;
    private static TestPostgres postgres;
    private static SchemaRegistryClient registryClient;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startPlatform() {
        broker = EmbeddedKafkaBroker.start(dataDir);
        registry = SchemaRegistryServer.inMemory();
        registryClient = new SchemaRegistryClient(registry.url());
        postgres = TestPostgres.start(dataDir);
    }

    @AfterAll
    static void stopPlatform() {
        postgres.close();
        registry.close();
        broker.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void storesEveryAssessmentThenCommitsItsOffset() {
        String topic = newTopic();
        Database db = track(postgres.newDatabase());
        AssessmentConsumer consumer = track(consumer(topic, "g1", db));
        consumer.start();

        produce(topic, 40, 0);

        awaitTrue(() -> Rows.count(db.dataSource(), "SELECT count(*) FROM notes") == 40);
        awaitTrue(() -> committed(topic, "g1") == 40);
        assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM signals")).isEqualTo(40);
    }

    @Test
    void pollsThatFailDoNotEndTheConsumerAndLoseNothing() {
        String topic = newTopic();
        Database db = track(postgres.newDatabase());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // The first keys read fail, so the first polls throw, as a poll can while the broker restarts.
        var failures = new java.util.concurrent.atomic.AtomicInteger(3);
        var strings = new StringDeserializer();
        org.apache.kafka.common.serialization.Deserializer<String> keys = (t, data) -> {
            if (failures.getAndDecrement() > 0) {
                throw new org.apache.kafka.common.errors.SerializationException("transient");
            }
            return strings.deserialize(t, data);
        };
        AssessmentConsumer consumer = track(consumer(topic, "g-poll-fails", db, meters, keys));
        produce(topic, 20, 0);
        consumer.start();

        awaitTrue(() -> committed(topic, "g-poll-fails") == 20);
        assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM notes")).isEqualTo(20);
        assertThat(meters.counter("vigil.sink.store.failures").count()).isEqualTo(3.0);
        assertThat(consumer.healthy()).isTrue();
    }

    @Test
    void noteTwiceInOneBatchCountsAsOneStoredNoteWithTheLaterSignals() throws Exception {
        String topic = newTopic();
        Database db = track(postgres.newDatabase());
        try (KafkaProducer<String, RiskAssessment> avro = avroProducer()) {
            avro.send(new ProducerRecord<>(topic, 0, "n-1", assessment("n-1", "p1", DAY, RiskTier.LOW,
                    finding(DEPRESSION, AFFIRMED, "low mood")))).get();
            avro.send(new ProducerRecord<>(topic, 0, "n-1", assessment("n-1", "p1", DAY, RiskTier.LOW,
                    finding(DEPRESSION, AFFIRMED, "low mood"), finding(DEPRESSION, AFFIRMED, "low mood")))).get();
            avro.send(new ProducerRecord<>(topic, 0, "n-2", assessment("n-2", "p1", DAY, RiskTier.LOW,
                    finding(DEPRESSION, AFFIRMED, "low mood")))).get();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AssessmentConsumer consumer = track(consumer(topic, "g-twice", db, meters));
        consumer.start();

        awaitTrue(() -> committed(topic, "g-twice") == 3);
        assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM notes")).isEqualTo(2);
        assertThat(meters.counter("vigil.sink.notes.written").count()).isEqualTo(2.0);
        assertThat(meters.counter("vigil.sink.signals.written").count()).isEqualTo(3.0);
        assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM signals")).isEqualTo(3);
    }

    @Test
    void deadLettersPoisonRecordsWithStageSinkAndStoresTheRest() throws Exception {
        String topic = newTopic();
        Database db = track(postgres.newDatabase());
        AssessmentConsumer consumer = track(consumer(topic, "g2", db));
        consumer.start();

        RiskAssessment inconsistent = assessment("n-x", "p1", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"));
        inconsistent.getNote().setNoteId("another-note");
        RiskAssessment badOffsets = assessment("n-y", "p1", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"));
        badOffsets.getSignals().get(0).setEvidenceEnd(10_000);
        RiskAssessment nulByte = assessment("n-z", "p1", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"));
        nulByte.getNote().setText(nulByte.getNote().getText() + "\u0000");
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
             KafkaProducer<String, RiskAssessment> avro = avroProducer()) {
            raw.send(new ProducerRecord<>(topic, 0, "n-garbage", "not avro at all".getBytes())).get();
            avro.send(new ProducerRecord<>(topic, 0, "n-x", inconsistent)).get();
            avro.send(new ProducerRecord<>(topic, 0, "n-y", badOffsets)).get();
            avro.send(new ProducerRecord<>(topic, 0, "n-z", nulByte)).get();
            avro.send(new ProducerRecord<>(topic, 0, "n-ok", assessment("n-ok", "p1", DAY, RiskTier.LOW,
                    finding(DEPRESSION, AFFIRMED, "low mood")))).get();
        }

        awaitTrue(() -> committed(topic, "g2") == 5);
        assertThat(Rows.query(db.dataSource(), "SELECT note_id FROM notes")).containsExactly(List.of("n-ok"));
        List<DeadLetter> letters = deadLettersFrom(topic, 4);
        assertThat(letters).extracting(DeadLetter::getStage).containsOnly("sink");
        assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactly(
                "DESERIALIZATION_FAILED", "INCONSISTENT_NOTE_ID", "INVALID_EVIDENCE_OFFSETS", "DB_REJECTED");
        assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(letters).extracting(DeadLetter::getSourceLocation).containsExactly(
                topic + "/0/0", topic + "/0/1", topic + "/0/2", topic + "/0/3");
        assertThat(letters).allSatisfy(l -> assertThat(l.getReason()).doesNotContain("low mood", "Patient seen"));
    }

    @Test
    void pausesDuringPostgresOutageWithoutCommittingAndResumesWithoutLoss() {
        String topic = newTopic();
        Database db = track(postgres.newDatabase());
        AssessmentConsumer consumer = track(consumer(topic, "g3", db));
        consumer.start();
        produce(topic, 25, 0);
        awaitTrue(() -> committed(topic, "g3") == 25);

        postgres.stop();
        try {
            produce(topic, 30, 25);
            awaitTrue(consumer::paused);
            sleep(1_500);
            assertThat(committed(topic, "g3")).as("offsets while PostgreSQL is down").isEqualTo(25);
        } finally {
            postgres.restart();
        }

        awaitTrue(() -> Rows.count(db.dataSource(), "SELECT count(*) FROM notes") == 55);
        awaitTrue(() -> committed(topic, "g3") == 55);
        awaitTrue(() -> !consumer.paused());
        assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM signals")).isEqualTo(55);
    }

    private AssessmentConsumer consumer(String topic, String group, Database db) {
        return consumer(topic, group, db, new SimpleMeterRegistry());
    }

    private AssessmentConsumer consumer(String topic, String group, Database db, SimpleMeterRegistry meters) {
        return consumer(topic, group, db, meters, new StringDeserializer());
    }

    private AssessmentConsumer consumer(String topic, String group, Database db, SimpleMeterRegistry meters,
                                        org.apache.kafka.common.serialization.Deserializer<String> keys) {
        VigilConfig config = new VigilConfig(SinkStage.definition(), Map.of(VigilConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers()));
        Map<String, Object> settings = ClientSettings.consumer(config, group);
        settings.put("max.poll.records", 10);
        KafkaProducer<String, DeadLetter> deadLetters = track(new KafkaProducer<>(
                ClientSettings.producer(config, "test-deadletters"), new StringSerializer(),
                Topics.DEAD_LETTERS.valueSerde(registryClient).serializer()));
        return AssessmentConsumer.create(group, new KafkaConsumer<>(settings, keys, new ByteArrayDeserializer()),
                topic, Topics.RISK_ASSESSMENTS.valueSerde(registryClient).deserializer(),
                new AssessmentStore(db.writer()), deadLetters, Duration.ofMillis(200), meters);
    }

    private String newTopic() {
        String topic = "assessments-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            Topics.create(admin, (short) 1, 1, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return topic;
    }

    private KafkaProducer<String, RiskAssessment> avroProducer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(),
                Topics.RISK_ASSESSMENTS.valueSerde(registryClient).serializer());
    }

    private void produce(String topic, int count, int firstIndex) {
        try (KafkaProducer<String, RiskAssessment> producer = avroProducer()) {
            for (int i = firstIndex; i < firstIndex + count; i++) {
                String id = "note-" + i;
                producer.send(new ProducerRecord<>(topic, id, assessment(id, "p" + (i % 7), DAY.plusSeconds(i * 3600L),
                        RiskTier.MODERATE, finding(DEPRESSION, AFFIRMED, "low mood"))));
            }
            producer.flush();
        }
    }

    private long committed(String topic, String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Dead letters on the catalogue topic whose source is {@code topic}, in source-offset order. */
    private List<DeadLetter> deadLettersFrom(String topic, int expected) {
        Map<String, Object> settings = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> reader = new KafkaConsumer<>(settings, new StringDeserializer(),
                Topics.DEAD_LETTERS.valueSerde(registryClient).deserializer())) {
            reader.subscribe(Set.of(Topics.DEAD_LETTERS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DeadLetter> r : reader.poll(Duration.ofMillis(200))) {
                    if (topic.equals(r.value().getSourceTopic())) {
                        letters.add(r.value());
                    }
                }
            }
        }
        letters.sort(java.util.Comparator.comparing(DeadLetter::getSourceOffset));
        return letters;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }
}
