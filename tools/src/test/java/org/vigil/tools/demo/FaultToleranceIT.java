package org.vigil.tools.demo;

import org.vigil.launcher.StageKind;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import org.vigil.corpus.SyntheticNote;
import org.vigil.ingest.IngestStage;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams generated notes through the embedded pipeline while a fault is injected, then checks that every
 * ingested note has exactly one stored row whose text matches what the de-identifier published: none lost, none
 * duplicated.
 */
class FaultToleranceIT {

    private static final int NOTES = 300;

    @TempDir
    Path dir;

    @Test
    void stagesKilledMidStreamAndRestartedLoseAndDuplicateNothing() throws Exception {
        runWithFault(pipeline -> {
            pipeline.restart(StageKind.DEIDENTIFY);
            pipeline.restart(StageKind.INFERENCE);
            pipeline.restart(StageKind.SINK);
        });
    }

    @Test
    void brokerRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        runWithFault(pipeline -> pipeline.platform().restartBroker());
    }

    @Test
    void brokerDownLongerThanATransactionTimeoutLosesAndDuplicatesNothing() throws Exception {
        // Streams under exactly-once gives a transaction 10 s; a 15 s outage leaves every open one to be aborted.
        runWithFault(pipeline -> pipeline.platform().restartBroker(Duration.ofSeconds(15)));
    }

    @Test
    void postgresOutageMidStreamPausesTheSinkAndLosesNothing() throws Exception {
        runWithFault(pipeline -> {
            pipeline.platform().stopPostgres();
            Thread.sleep(3_000);
            pipeline.platform().startPostgres();
        });
    }

    @Test
    void poisonRecordOnEveryTopicIsDeadLetteredAndTheStagesGoOn() throws Exception {
        runWithFault(pipeline -> {
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    "bootstrap.servers", pipeline.platform().broker().bootstrapServers(), "acks", "all"),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                byte[] garbage = "\u0000\u0000\u0000\u0000\u0007not avro at all".getBytes(StandardCharsets.UTF_8);
                for (String topic : List.of(Topics.NOTES_RAW.name(), Topics.NOTES_DEIDENTIFIED.name(),
                        Topics.RISK_ASSESSMENTS.name())) {
                    producer.send(new ProducerRecord<>(topic, "poison".getBytes(StandardCharsets.UTF_8), garbage)).get();
                }
            }
        }, 3);
    }

    @Test
    void remoteModelThatTimesOutThenAnswersGarbageFallsBackToRulesAndLosesNothing() throws Exception {
        // A stand-in for a broken vLLM server speaking HTTP: the first calls hang past the time-out, later ones
        // answer a body that is not a chat completion.
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (calls.incrementAndGet() <= 20) {
                    try {
                        Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] garbage = "<html>502 upstream exploded</html>".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, garbage.length);
                exchange.getResponseBody().write(garbage);
            }
        });
        server.start();
        try {
            runWithFault(pipeline -> { }, 0, Map.of(
                    "inference.backend", "openai",
                    "inference.openai.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "inference.remote.timeout.ms", 300L,
                    "inference.remote.retries", 1,
                    "inference.remote.backoff.ms", 10L,
                    "inference.remote.fallback", "rules"));
            // The backend was really asked (a call and its retry at least) before the breaker sent notes to the rules.
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    /** Something done to the running pipeline. */
    interface Fault {
        void inject(EmbeddedPipeline pipeline) throws Exception;
    }

    private void runWithFault(Fault fault) throws Exception {
        runWithFault(fault, 0);
    }

    private void runWithFault(Fault fault, int poisonRecords) throws Exception {
        runWithFault(fault, poisonRecords, Map.of());
    }

    private void runWithFault(Fault fault, int poisonRecords, Map<String, Object> settings) throws Exception {
        List<SyntheticNote> notes = new CorpusGenerator(9_000L).generate(NOTES);
        CorpusWriter.write(notes, dir.resolve("notes"));
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("run"), 3, settings)) {
            IngestStage ingest = pipeline.ingest(Map.of("ingest.source", "csv",
                    "ingest.path", dir.resolve("notes/noteevents.csv").toString(), "ingest.source.system", "fault-ehr"));
            try (StoreCensus store = new StoreCensus(pipeline.platform().postgres())) {
                awaitRows(store, NOTES / 5, Duration.ofMinutes(2));
                fault.inject(pipeline);
                assertThat(ingest.awaitCompletion(Duration.ofMinutes(3))).isTrue();
            } finally {
                ingest.close();
            }
            assertThat(ingest.counts().published()).isEqualTo(NOTES);
            Map<String, String> stored = awaitStored(pipeline, NOTES, Duration.ofMinutes(3));
            Map<String, String> published = deidentifiedChecksums(pipeline);
            if (stored.size() != NOTES || published.size() != NOTES) {
                // Seen once on CI and never reproduced: leave what the broker and the stages knew in the report.
                System.out.printf("%d of %d notes stored, %d de-identified%n%s", stored.size(), NOTES,
                        published.size(), PipelineDiagnosis.of(pipeline));
            }
            assertThat(published).hasSize(NOTES);
            assertThat(stored).isEqualTo(published);
            if (poisonRecords > 0) {
                try (TopicTally tally = new TopicTally(pipeline.platform().broker().bootstrapServers(),
                        new SchemaRegistryClient(pipeline.platform().registry().url()))) {
                    tally.refresh();
                    assertThat(tally.deadLettered() + tally.quarantined()).isEqualTo(poisonRecords);
                }
            }
            assertThat(pipeline.healthy()).isTrue();
        }
    }

    private static void awaitRows(StoreCensus store, long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store.rows(Progress.NOTES_TABLE) < rows && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(store.rows(Progress.NOTES_TABLE)).isGreaterThanOrEqualTo(rows);
    }

    /** Note id to SHA-256 of the de-identified text, from the committed records of the de-identified topic. */
    private static Map<String, String> deidentifiedChecksums(EmbeddedPipeline pipeline) {
        var serde = Topics.NOTES_DEIDENTIFIED.valueSerde(new SchemaRegistryClient(pipeline.platform().registry().url()));
        Map<String, String> sums = new HashMap<>();
        String topic = Topics.NOTES_DEIDENTIFIED.name();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(
                pipeline.platform().broker().bootstrapServers(), topic, Duration.ofMinutes(1))) {
            DeidentifiedNote note;
            try {
                note = serde.deserializer().deserialize(topic, r.value());
            } catch (RuntimeException poison) {
                continue; // the poison record injected by a test
            }
            sums.put(note.getNoteId(), StoredNotes.sha256(note.getText()));
        }
        return sums;
    }

    private static Map<String, String> awaitStored(EmbeddedPipeline pipeline, int expected, Duration timeout) throws Exception {
        var pg = pipeline.platform().postgres();
        return StoredNotes.await(pg.jdbcUrl(), pg.user(), pg.password(), expected, timeout, Duration.ofMillis(2000));
    }
}
