package org.vigil.tools.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.tools.demo.CommittedRecords;
import org.vigil.tools.demo.StoredNotes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke test of the production shape: three Kafka nodes as processes, SASL/SCRAM over TLS with the stages'
 * ACLs, each stage its own {@code vigil run} process. Mid-stream the node leading the raw topic's first partition
 * is killed with SIGKILL and restarted, then the sink process is; every ingested note must end as exactly one
 * stored row whose text is what the de-identifier published (FaultToleranceIT's check).
 */
class PipelineSmokeClusterIT {

    private static final int NOTES = 400;

    @TempDir
    Path dir;

    @Test
    void leaderNodeAndSinkKilledMidStreamLoseAndDuplicateNothing() throws Exception {
        CorpusWriter.write(new CorpusGenerator(21_000L).generate(NOTES), dir.resolve("notes"));
        long clusterStart = System.nanoTime();
        try (ClusterPipeline pipeline = ClusterPipeline.start(dir.resolve("run"))) {
            System.out.printf("cluster, setup and registry ready in %.1f s%n", seconds(clusterStart));
            pipeline.startProcessingStages();
            long ingestStart = System.nanoTime();
            pipeline.startStage("ingest", "ingest", StageAccess.INGEST, Map.of("ingest.source", "csv",
                    "ingest.path", dir.resolve("notes/noteevents.csv").toString(),
                    "ingest.source.system", "cluster-ehr"));

            awaitRows(pipeline, NOTES / 5, Duration.ofMinutes(4));
            int leader = pipeline.kafka().leaderOf(Topics.NOTES_RAW.name(), 0);
            VigilProcess node = pipeline.kafka().node(leader);
            node.kill();
            System.out.printf("killed node %d (leader of %s-0) at %d rows%n", leader, Topics.NOTES_RAW.name(),
                    rows(pipeline));
            awaitRows(pipeline, rows(pipeline) + NOTES / 10, Duration.ofMinutes(3)); // two nodes carry on
            node.start();
            pipeline.kafka().awaitBrokers(3, Duration.ofMinutes(2));

            VigilProcess sink = pipeline.stage("sink");
            sink.kill();
            System.out.printf("killed the sink at %d rows%n", rows(pipeline));
            Thread.sleep(2_000);
            sink.start();

            Map<String, String> stored = awaitStored(pipeline, NOTES, Duration.ofMinutes(5));
            double elapsed = seconds(ingestStart);
            Map<String, String> published = deidentifiedChecksums(pipeline);
            long raw = CommittedRecords.readAll(pipeline.kafka().clientSettings(KafkaNodes.ADMIN),
                    Topics.NOTES_RAW.name(), Duration.ofMinutes(1)).size();
            System.out.printf("%d notes stored in %.1f s through two faults: %.1f notes/s (3 nodes, RF 3, SASL_SSL)%n",
                    stored.size(), elapsed, stored.size() / elapsed);
            assertThat(pipeline.deadProcesses()).as("processes that exited by themselves").isEmpty();
            assertThat(raw).as("raw notes published").isEqualTo(NOTES);
            assertThat(published).hasSize(NOTES);
            assertThat(stored).isEqualTo(published);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long rows(ClusterPipeline pipeline) throws Exception {
        var pg = pipeline.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from notes")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYetMigrated) {
            return 0;
        }
    }

    private static void awaitRows(ClusterPipeline pipeline, long wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rows(pipeline) < wanted && System.nanoTime() < deadline && pipeline.deadStages().isEmpty()) {
            Thread.sleep(250);
        }
        assertThat(rows(pipeline)).as("rows stored; dead stages:%n%s", pipeline.deadStages())
                .isGreaterThanOrEqualTo(wanted);
    }

    /** Note id to SHA-256 of the de-identified text, from the committed records of the de-identified topic. */
    private static Map<String, String> deidentifiedChecksums(ClusterPipeline pipeline) {
        var serde = Topics.NOTES_DEIDENTIFIED.valueSerde(new SchemaRegistryClient(pipeline.registryUrl()));
        String topic = Topics.NOTES_DEIDENTIFIED.name();
        Map<String, String> sums = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.readAll(
                pipeline.kafka().clientSettings(KafkaNodes.ADMIN), topic, Duration.ofMinutes(1));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            DeidentifiedNote note = serde.deserializer().deserialize(topic, r.value());
            assertThat(sums.put(note.getNoteId(), StoredNotes.sha256(note.getText()))).as("note published twice").isNull();
        }
        return sums;
    }

    private static Map<String, String> awaitStored(ClusterPipeline pipeline, int expected, Duration timeout) throws Exception {
        var pg = pipeline.postgres();
        return StoredNotes.await(pg.jdbcUrl(), pg.user(), pg.password(), expected, timeout, Duration.ofMillis(3000));
    }
}
