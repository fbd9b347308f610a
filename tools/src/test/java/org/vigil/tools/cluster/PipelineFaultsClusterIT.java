package org.vigil.tools.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The production shape under every fault the issue names, chained on one stream of notes arriving over time
 * (a watched folder fed at a steady rate), so each fault lands mid-stream: the node leading partitions of the raw
 * and de-identified topics is killed with SIGKILL and restarted; each stage process and the registry are killed
 * with SIGKILL and restarted; all three nodes are restarted one after another (a rolling restart); inference
 * scales from one process to three and back, the sink from one to two, with each rebalance timed. After each
 * step the stream must make progress; at the end every note fed must be stored exactly once with the text the
 * de-identifier published (FaultToleranceIT's check).
 */
class PipelineFaultsClusterIT {

    /** Notes per second the EHR drops into the watched folder: below the cluster's rate on two cores. */
    private static final double FEED_RATE = 6.0;
    private static final int PROGRESS = 15;
    private static final int BURST = 400;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void faultsChainedOnOneStreamLoseAndDuplicateNothing() throws Exception {
        Path inbox = dir.resolve("inbox");
        long start = System.nanoTime();
        try (ClusterPipeline pipeline = ClusterPipeline.start(dir.resolve("run"));
             NoteFeed feed = new NoteFeed(inbox, new CorpusGenerator(21_100L).generate(5_000))) {
            pipeline.startProcessingStages();
            pipeline.startStage("ingest", "ingest", StageAccess.INGEST, Map.of("ingest.source", "folder",
                    "ingest.path", inbox.toString(), "ingest.folder.poll.ms", "200",
                    "ingest.source.system", "cluster-ehr"));
            feed.start(FEED_RATE);
            Timeline timeline = new Timeline(pipeline, feed, start);
            pipeline.awaitRows(PROGRESS, STEP_TIMEOUT);
            timeline.mark("stream flowing");

            // 1. The node leading partitions of both note topics dies; two of three keep the quorum and min ISR.
            int leader = nodeLeadingBoth(pipeline.kafka());
            pipeline.kafka().node(leader).kill();
            timeline.mark("SIGKILL node " + leader + " (leads raw " + led(pipeline.kafka(), Topics.NOTES_RAW.name(), leader)
                    + ", de-identified " + led(pipeline.kafka(), Topics.NOTES_DEIDENTIFIED.name(), leader) + ")");
            timeline.progress();
            pipeline.kafka().node(leader).start();
            pipeline.kafka().awaitBrokers(3, STEP_TIMEOUT);
            pipeline.kafka().awaitFullIsr(STEP_TIMEOUT);
            timeline.mark("node " + leader + " back, every partition in sync");

            // 2. Each stage process, then the registry, killed with SIGKILL and started again.
            for (String stage : List.of("ingest", "deidentify", "inference", "sink")) {
                VigilProcess process = pipeline.stage(stage);
                process.kill();
                timeline.mark("SIGKILL " + stage);
                Thread.sleep(2_000);
                process.start();
                timeline.progress();
            }
            // The sink again, three times while a burst keeps it busy storing: a sink that committed offsets before
            // its transaction would lose the batch in flight, which one kill at a steady trickle can miss.
            feed.burst(BURST);
            for (int kill = 1; kill <= 3; kill++) {
                pipeline.awaitRows(pipeline.storedRows() + BURST / 8, STEP_TIMEOUT);
                VigilProcess sink = pipeline.stage("sink");
                sink.kill();
                timeline.mark("SIGKILL sink during a burst of " + BURST + " notes (" + kill + " of 3)");
                Thread.sleep(1_000);
                sink.start();
            }
            timeline.progress();
            pipeline.restartRegistry(2_000);
            timeline.mark("SIGKILL registry, restarted");
            timeline.progress();

            // 3. Rolling restart: each node stopped as an operator would (SIGTERM, controlled shutdown), the next
            // only once every partition is fully in sync again.
            for (int node = 1; node <= 3; node++) {
                boolean clean = pipeline.kafka().node(node).stop(120);
                pipeline.kafka().node(node).start();
                pipeline.kafka().awaitBrokers(3, STEP_TIMEOUT);
                pipeline.kafka().awaitFullIsr(STEP_TIMEOUT);
                timeline.mark("rolling restart: node " + node + (clean ? "" : " (had to be killed)") + " back in sync");
                timeline.progress();
            }

            // 4. Scale-out and back while notes flow, each rebalance timed.
            int perInference = pipeline.kafka().group(StageAccess.INFERENCE).members();
            long t = System.nanoTime();
            pipeline.startInference("inference-2");
            pipeline.startInference("inference-3");
            timeline.rebalance("inference 1 -> 3", StageAccess.INFERENCE, 3 * perInference, t);
            timeline.progress();
            t = System.nanoTime();
            pipeline.stopStage("inference-2");
            pipeline.stopStage("inference-3");
            timeline.rebalance("inference 3 -> 1", StageAccess.INFERENCE, perInference, t);
            timeline.progress();
            int perSink = pipeline.kafka().group(StageAccess.SINK).members();
            t = System.nanoTime();
            pipeline.startSink("sink-2");
            timeline.rebalance("sink 1 -> 2", StageAccess.SINK, 2 * perSink, t);
            timeline.progress();

            int fed = feed.stop();
            timeline.mark("feed stopped after " + fed + " notes");
            pipeline.assertEveryNoteStoredOnce(fed, Duration.ofMinutes(10));
            timeline.mark("all " + fed + " notes stored exactly once");
        }
    }

    /** A node leading at least one partition of the raw topic and one of the de-identified topic. */
    private static int nodeLeadingBoth(KafkaNodes kafka) throws Exception {
        var raw = kafka.leaders(Topics.NOTES_RAW.name());
        var deidentified = kafka.leaders(Topics.NOTES_DEIDENTIFIED.name());
        return raw.values().stream().filter(deidentified::containsValue).findFirst()
                .orElseThrow(() -> new AssertionError("no node leads both topics: " + raw + " " + deidentified));
    }

    private static List<Integer> led(KafkaNodes kafka, String topic, int node) throws Exception {
        List<Integer> partitions = new ArrayList<>();
        kafka.leaders(topic).forEach((partition, leader) -> {
            if (leader == node) {
                partitions.add(partition);
            }
        });
        return partitions;
    }

    /** Prints each step with the time, the notes fed and stored, and waits for the stream to move on. */
    private record Timeline(ClusterPipeline pipeline, NoteFeed feed, long start) {

        void mark(String what) throws Exception {
            System.out.printf("%7.1f s  fed %5d  stored %5d  %s%n", (System.nanoTime() - start) / 1e9, feed.fed(),
                    pipeline.storedRows(), what);
        }

        /**
         * The stream moves on through what was just restarted: {@value #PROGRESS} more notes stored, and more notes
         * stored than had been fed by now, so some were fed after the restart and went through every stage.
         */
        void progress() throws Exception {
            pipeline.awaitRows(Math.max(pipeline.storedRows() + PROGRESS, feed.fed() + 5), STEP_TIMEOUT);
        }

        /**
         * Waits until the group is stable again with {@code members} members each owning partitions, and prints
         * the time from the change (process start or SIGTERM) and how long the coordinator saw it rebalancing.
         */
        void rebalance(String what, String group, int members, long since) throws Exception {
            long deadline = since + STEP_TIMEOUT.toNanos();
            long unstableFrom = -1;
            long unstableUntil = -1;
            while (System.nanoTime() < deadline) {
                KafkaNodes.Group state = pipeline.kafka().group(group);
                long now = System.nanoTime();
                if (!state.settledWith(members)) {
                    if (unstableFrom < 0 && state.state() != org.apache.kafka.common.GroupState.STABLE) {
                        unstableFrom = now;
                    }
                } else {
                    unstableUntil = now;
                    break;
                }
                Thread.sleep(100);
            }
            if (unstableUntil < 0) {
                throw new AssertionError(what + ": " + group + " not stable with " + members + " members within "
                        + STEP_TIMEOUT + ": " + pipeline.kafka().group(group) + "\n" + pipeline.deadStages());
            }
            mark(String.format("%s: %s stable with %d members %.1f s after the change (rebalancing %.1f s)", what,
                    group, members, (unstableUntil - since) / 1e9,
                    unstableFrom < 0 ? 0.0 : (unstableUntil - unstableFrom) / 1e9));
        }
    }
}
