package org.vigil.tools.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.embedded.postgres.EmbeddedPostgresServer;
import org.vigil.ingest.IngestStage;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;
import org.vigil.tools.demo.CommittedRecords;
import org.vigil.tools.demo.EmbeddedPipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of the production shape, measured in one run on one machine so that their ratios mean something:
 * the same notes through the embedded single-JVM pipeline, the 3-node cluster with topics at replication factor
 * 3 (min ISR 2), the same cluster with its topics created anew at replication factor 1, then at 3 again. Each run
 * warms up on a burst, then measures latency (raw record timestamp to the stored row) at a steady rate well below
 * capacity, then notes/s on a burst.
 */
class ClusterFiguresClusterIT {

    private static final int WARMUP = 300;
    private static final int PACED = 90;
    private static final double PACED_RATE = 1.5;
    private static final int BURST = 1200;

    @TempDir
    Path dir;

    @Test
    void clusterBesideEmbeddedAndTheCostOfReplication() throws Exception {
        List<SyntheticNote> corpus = new CorpusGenerator(21_200L).generate(WARMUP + PACED + BURST);
        Figures embedded;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("embedded"), 6, Map.of())) {
            Path inbox = Files.createDirectories(dir.resolve("inbox-embedded"));
            IngestStage ingest = pipeline.ingest(Map.of("ingest.source", "folder", "ingest.path", inbox.toString(),
                    "ingest.folder.poll.ms", "200", "ingest.source.system", "figures-ehr"));
            try {
                embedded = measure("embedded, one JVM, 1 broker", corpus, inbox, pipeline.platform().postgres(),
                        Map.of("bootstrap.servers", pipeline.platform().broker().bootstrapServers()),
                        () -> Map.of("JVM (broker and stages)",
                                ProcessHandle.current().info().totalCpuDuration().orElseThrow()));
            } finally {
                ingest.close();
            }
        }
        // RF 3, RF 1, RF 3 again: the brokers warm up over the run, so RF 1 is compared with the mean of the runs
        // before and after it rather than with one of them.
        Figures rf3;
        Figures rf1;
        Figures rf3Again;
        try (ClusterPipeline pipeline = ClusterPipeline.start(dir.resolve("cluster"))) {
            rf3 = measureCluster(pipeline, "-rf3", corpus, "3 nodes, RF 3, min ISR 2");
            stopAndDeleteTopics(pipeline, "-rf3");
            pipeline.setupReplication(1, 1);
            rf1 = measureCluster(pipeline, "-rf1", corpus, "3 nodes, RF 1");
            stopAndDeleteTopics(pipeline, "-rf1");
            pipeline.setupReplication(3, 2);
            rf3Again = measureCluster(pipeline, "-rf3-again", corpus, "3 nodes, RF 3 again");
        }
        List<Figures> all = List.of(embedded, rf3, rf1, rf3Again);
        System.out.println();
        System.out.println("== Production shape beside the embedded pipeline (same notes, same machine, one run)");
        all.forEach(System.out::println);
        double rf3Rate = (rf3.notesPerSecond() + rf3Again.notesPerSecond()) / 2;
        double rf3P99 = (rf3.p99() + rf3Again.p99()) / 2.0;
        double rf3Brokers = (rf3.cpu("brokers") + rf3Again.cpu("brokers")) / 2;
        System.out.printf("cluster at RF 3 (mean of both runs) / embedded: %.2fx the notes/s, %.2fx the p99 latency%n",
                rf3Rate / embedded.notesPerSecond(), rf3P99 / embedded.p99());
        System.out.printf("cost of replication, RF 1 / RF 3 (mean of the runs before and after) on the same cluster: "
                        + "%.2fx the notes/s, %.2fx the p99 latency, %.2fx the brokers' CPU per note%n",
                rf1.notesPerSecond() / rf3Rate, rf1.p99() / rf3P99, rf1.cpu("brokers") / rf3Brokers);
        for (Figures f : all) {
            assertThat(f.notesPerSecond()).as(f.deployment()).isPositive();
            assertThat(f.latencies()).as(f.deployment()).isEqualTo(PACED);
        }
    }

    private static Figures measureCluster(ClusterPipeline pipeline, String suffix, List<SyntheticNote> corpus,
                                          String deployment) throws Exception {
        pipeline.startProcessingStages(suffix);
        Path inbox = Files.createDirectories(pipeline.dir().resolve("inbox" + suffix));
        pipeline.startStage("ingest" + suffix, "ingest", StageAccess.INGEST, Map.of("ingest.source", "folder",
                "ingest.path", inbox.toString(), "ingest.folder.poll.ms", "200", "ingest.source.system", "figures-ehr"));
        Figures figures = measure(deployment, corpus, inbox, pipeline.postgres(),
                pipeline.kafka().clientSettings(KafkaNodes.ADMIN),
                () -> Map.of("brokers", pipeline.nodesCpu(), "stages", pipeline.stagesCpu()));
        assertThat(pipeline.deadProcesses()).isEmpty();
        return figures;
    }

    /**
     * Warm-up burst, then latency at a steady rate, then notes/s on a burst, waiting for each to be stored; the CPU
     * time of the processes {@code cpu} names is read before and after the burst (PostgreSQL's is not counted).
     */
    private static Figures measure(String deployment, List<SyntheticNote> corpus, Path inbox,
                                   EmbeddedPostgresServer postgres, Map<String, Object> kafka,
                                   Supplier<Map<String, Duration>> cpu) throws Exception {
        new NoteFeed(inbox, corpus.subList(0, WARMUP)).burst(WARMUP);
        awaitRows(postgres, WARMUP);
        long pacedFrom = System.currentTimeMillis();
        NoteFeed paced = new NoteFeed(inbox, corpus.subList(WARMUP, WARMUP + PACED)).start(PACED_RATE);
        awaitRows(postgres, WARMUP + PACED);
        paced.stop();
        Map<String, Duration> cpuBefore = cpu.get();
        long burstFrom = System.currentTimeMillis();
        new NoteFeed(inbox, corpus.subList(WARMUP + PACED, WARMUP + PACED + BURST)).burst(BURST);
        awaitRows(postgres, WARMUP + PACED + BURST);
        Map<String, Double> cpuPerNote = new TreeMap<>();
        cpu.get().forEach((what, after) -> cpuPerNote.put(what,
                after.minus(cpuBefore.get(what)).toNanos() / 1e6 / BURST));

        Map<String, Long> published = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka, Topics.RISK_ASSESSMENTS.name(),
                Duration.ofMinutes(1))) {
            published.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), r.timestamp());
        }
        List<Long> latencies = new ArrayList<>();
        long lastBurstRow = 0;
        for (Map.Entry<String, Long> row : storedAt(postgres).entrySet()) {
            Long sent = published.get(row.getKey());
            assertThat(sent).as("assessment of a stored note").isNotNull();
            if (sent >= burstFrom) {
                lastBurstRow = Math.max(lastBurstRow, row.getValue());
            } else if (sent >= pacedFrom) {
                latencies.add(row.getValue() - sent);
            }
        }
        latencies.sort(null);
        Figures figures = new Figures(deployment, BURST * 1000.0 / (lastBurstRow - burstFrom),
                percentile(latencies, 50), percentile(latencies, 99), latencies.size(), cpuPerNote);
        System.out.println(figures);
        return figures;
    }

    /** Stops every stage process and deletes the pipeline's topics (the registry's schemas stay) and groups. */
    private static void stopAndDeleteTopics(ClusterPipeline pipeline, String suffix) throws Exception {
        for (String stage : List.of("ingest", "deidentify", "inference", "sink")) {
            pipeline.stopStage(stage + suffix);
        }
        try (Admin admin = Admin.create(pipeline.kafka().clientSettings(KafkaNodes.ADMIN))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> !t.equals(StageAccess.SCHEMAS_TOPIC)).collect(Collectors.toSet());
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            List<String> groups = vigilGroups(admin);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            // A Streams member does not leave its group on close: the group empties when its session times out.
            while (true) {
                try {
                    admin.deleteConsumerGroups(groups).all().get(60, TimeUnit.SECONDS);
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    groups = vigilGroups(admin);
                    Thread.sleep(1_000);
                }
            }
            while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(topics::contains)) {
                assertThat(System.nanoTime()).as("topics deleted").isLessThan(deadline);
                Thread.sleep(500);
            }
        }
        try (Connection c = DriverManager.getConnection(pipeline.postgres().jdbcUrl(), pipeline.postgres().user(),
                pipeline.postgres().password()); Statement s = c.createStatement()) {
            s.execute("drop schema public cascade");
            s.execute("create schema public");
        }
    }

    private static List<String> vigilGroups(Admin admin) throws Exception {
        return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId)
                .filter(g -> g.startsWith("vigil-")).toList();
    }

    private static Map<String, Long> storedAt(EmbeddedPostgresServer pg) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select note_id, stored_at from notes")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getTimestamp(2).getTime());
            }
        }
        return rows;
    }

    private static void awaitRows(EmbeddedPostgresServer pg, int rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long stored;
        while ((stored = ClusterPipeline.storedRows(pg)) < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stored + " of " + rows + " notes stored within 5 minutes");
            }
            Thread.sleep(250);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    record Figures(String deployment, double notesPerSecond, long p50, long p99, int latencies,
                   Map<String, Double> cpuMsPerNote) {

        double cpu(String what) {
            return cpuMsPerNote.get(what);
        }

        @Override
        public String toString() {
            return String.format("%-28s %6.1f notes/s (burst of %d), latency p50 %5d ms, p99 %5d ms (%d notes at %.1f/s), "
                            + "CPU per note in the burst: %s", deployment + ":", notesPerSecond, BURST, p50, p99,
                    latencies, PACED_RATE, cpuMsPerNote.entrySet().stream()
                            .map(e -> String.format("%s %.2f ms", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")));
        }
    }
}
