package org.vigil.tools.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke test of the production shape, run by the default build: three Kafka nodes as processes, SASL/SCRAM
 * over TLS with the stages' ACLs, each stage its own {@code vigil run} process. Mid-stream the node leading the
 * raw topic's first partition is killed with SIGKILL, and while it restarts the sink process is killed too; every
 * ingested note must end as exactly one stored row whose text is what the de-identifier published (FaultToleranceIT's
 * check). The faults chained on one long stream, scale-out and the figures are in the -Pcluster tests.
 */
class ClusterSmokeIT {

    private static final int NOTES = 600;

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

            pipeline.awaitRows(NOTES / 5, Duration.ofMinutes(4));
            int leader = pipeline.kafka().leaderOf(Topics.NOTES_RAW.name(), 0);
            VigilProcess node = pipeline.kafka().node(leader);
            node.kill();
            System.out.printf("killed node %d (leader of %s-0) at %d rows%n", leader, Topics.NOTES_RAW.name(),
                    pipeline.storedRows());
            pipeline.awaitRows(pipeline.storedRows() + NOTES / 10, Duration.ofMinutes(3)); // two nodes carry on
            node.start();

            VigilProcess sink = pipeline.stage("sink");
            long atKill = pipeline.storedRows();
            sink.kill();
            System.out.printf("killed the sink at %d rows, while node %d restarts%n", atKill, leader);
            assertThat(atKill).as("the sink is killed mid-stream").isLessThan(NOTES);
            Thread.sleep(2_000);
            sink.start();
            pipeline.kafka().awaitBrokers(3, Duration.ofMinutes(2));

            pipeline.assertEveryNoteStoredOnce(NOTES, Duration.ofMinutes(5));
            double elapsed = seconds(ingestStart);
            System.out.printf("%d notes stored in %.1f s through two faults: %.1f notes/s (3 nodes, RF 3, SASL_SSL)%n",
                    NOTES, elapsed, NOTES / elapsed);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
