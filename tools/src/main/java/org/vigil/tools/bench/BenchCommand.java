package org.vigil.tools.bench;

import org.vigil.tools.demo.CommittedRecords;
import org.vigil.tools.demo.DataDirectories;
import org.vigil.tools.demo.EmbeddedPipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.IngestMetadata;
import org.vigil.schemas.RawNote;
import org.vigil.schemas.wire.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the embedded pipeline end to end: generated notes are offered to the raw topic at a fixed rate, and it
 * prints notes/s per stage, latency from publication to the stored PostgreSQL row (p50/p95/p99), the largest
 * consumer lag seen, and peak heap.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the embedded pipeline on N generated notes offered at --rate notes/s to the raw topic "
                + "and prints notes/s per stage, end-to-end latency p50/p95/p99 (raw record timestamp to the row's "
                + "stored_at), the largest consumer lag per group and peak heap.",
                "Stage benchmarks are its subcommands: ingest, deid, signals, sink."},
        subcommands = {org.vigil.tools.bench.IngestBenchmark.class, org.vigil.tools.deid.BenchDeidCommand.class,
                org.vigil.tools.signals.BenchSignalsCommand.class, org.vigil.tools.bench.SinkBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--notes", defaultValue = "20000", description = "Notes to send (default: ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--rate", defaultValue = "1000", description = "Offered load, notes/s; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--warmup", defaultValue = "3000", description = "Notes per warm-up round, sent at full speed "
            + "and awaited before the measured run, so that it measures JIT-compiled code, not the interpreter "
            + "(default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--jit-settled", defaultValue = "0.10", description = "Warm-up rounds go on until the JIT "
            + "compilers spend less than this many cores compiling during a round (default: ${DEFAULT-VALUE}).")
    double jitSettled;

    // With the broker, Streams and the stages in one JVM on two cores, C2 needed 15-17 rounds of 3,000 notes
    // (about 45,000 notes, five minutes) before it spent under a tenth of a core (2026-12-02).
    @Option(names = "--max-warmup-rounds", defaultValue = "20", description = "At most this many warm-up rounds "
            + "(default: ${DEFAULT-VALUE}).")
    int maxWarmupRounds;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the pipeline topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--set", description = "A stage setting, name=value (e.g. deid.stream.threads=2); repeatable.")
    Map<String, String> overrides = Map.of();

    @Option(names = "--data-dir", defaultValue = "data/bench", description = "Working directory, emptied first (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        DataDirectories.empty(dataDir);
        List<SyntheticNote> corpus = new CorpusGenerator(77L).generate(Math.min(notes, 2_000));
        double avgChars = corpus.stream().mapToInt(n -> n.text().length()).average().orElse(0);
        System.out.printf("Bench: %d notes (%,.0f chars on average) at %s after warm-up rounds of %d notes, "
                        + "%d partitions, %d cores%n", notes, avgChars, rate == 0 ? "full speed" : rate + " notes/s",
                warmup, partitions,
                Runtime.getRuntime().availableProcessors());
        HeapWatch heap = new HeapWatch();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dataDir.resolve("run"), partitions, Map.copyOf(overrides));
             Admin admin = Admin.create(Map.of("bootstrap.servers", pipeline.platform().broker().bootstrapServers()))) {
            SchemaRegistryClient registry = new SchemaRegistryClient(pipeline.platform().registry().url());
            heap.start();
            int warmed = warmUp(pipeline, admin, registry, corpus);
            CpuCensus cpu = CpuCensus.start();
            RequestCensus requests = RequestCensus.start();
            Map<String, Long> maxLag = new java.util.TreeMap<>();
            long start = System.nanoTime();
            Instant sendStart = Instant.now();
            send(pipeline, registry, corpus, MEASURED, notes, rate);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> finished = awaitStages(admin, start, warmed + notes, maxLag);
            heap.stop();
            List<Long> latencies = latencies(pipeline, sendStart);
            System.out.println();
            System.out.println("== Vigil pipeline benchmark");
            System.out.printf("offered:          %,d notes in %.1f s = %,.0f notes/s%n", notes, sendSeconds, notes / sendSeconds);
            finished.forEach((stage, seconds) -> System.out.printf("%-17s %,.0f notes/s (all %d done %.1f s after the first send)%n",
                    stage + ":", notes / seconds, notes, seconds));
            System.out.printf("latency (ms):     p50 %d, p95 %d, p99 %d, max %d over %d notes (raw publish to stored row)%n",
                    pct(latencies, 50), pct(latencies, 95), pct(latencies, 99), pct(latencies, 100), latencies.size());
            System.out.printf("max lag:          %s%n", maxLag);
            System.out.printf("peak heap:        %,d MiB (broker, registry and all stages in this JVM; PostgreSQL is its own process)%n",
                    heap.peak() / (1024 * 1024));
            System.out.printf("started sending:  %s%n", sendStart);
            System.out.printf("CPU seconds:      %s (during the measured run; %d cores x %.0f s wall = %.0f s)%n",
                    cpu.spentByPart(), Runtime.getRuntime().availableProcessors(), cpu.wallSeconds(),
                    Runtime.getRuntime().availableProcessors() * cpu.wallSeconds());
            System.out.printf("broker requests:  %s%n", requests.since());
        }
        return 0;
    }

    /**
     * Sends warm-up rounds until the JIT has settled: with the broker, Streams, the JDBC driver and the stages in one
     * JVM on two cores, C2 is still compiling minutes after start, and a run measured then counts the compiler's
     * work as the pipeline's. Returns the notes sent.
     */
    private int warmUp(EmbeddedPipeline pipeline, Admin admin, SchemaRegistryClient registry, List<SyntheticNote> corpus)
            throws Exception {
        int sent = 0;
        for (int round = 1; warmup > 0 && round <= maxWarmupRounds; round++) {
            // CPU time of the compiler threads: the JVM's own compilation time counts their waits for a core too.
            CpuCensus cpu = CpuCensus.start();
            long roundStart = System.nanoTime();
            send(pipeline, registry, corpus, WARMUP + round + "-", warmup, 0);
            sent += warmup;
            Map<String, Double> stored = awaitStages(admin, roundStart, sent, new HashMap<>());
            double seconds = (System.nanoTime() - roundStart) / 1e9;
            double compilingCores = cpu.jitSeconds() / seconds;
            System.out.printf("warm-up round %d:  %,d notes at full speed, stored %.1f s after the first send; "
                    + "JIT compiling %.2f cores%n", round, warmup, stored.getOrDefault("sink", Double.NaN), compilingCores);
            if (compilingCores < jitSettled) {
                break;
            }
            settle();
        }
        return sent;
    }

    /**
     * Waits, sending nothing, until the compilers have worked off their queue (they spend under --jit-settled
     * cores over five seconds) or two minutes have passed: under full load on two cores C2 falls behind and
     * stays behind, so a long-running service's compiled state is only reached when it gets a pause.
     */
    private void settle() throws InterruptedException {
        long begin = System.nanoTime();
        while (System.nanoTime() - begin < Duration.ofMinutes(2).toNanos()) {
            CpuCensus window = CpuCensus.start();
            Thread.sleep(5_000);
            if (window.jitSeconds() / window.wallSeconds() < jitSettled) {
                break;
            }
        }
        System.out.printf("                  idle %.0f s for the JIT to settle%n", (System.nanoTime() - begin) / 1e9);
    }

    /** Source-id prefixes, so that warm-up and measured notes never share a key. */
    private static final String WARMUP = "warmup-";
    private static final String MEASURED = "bench-";

    private void send(EmbeddedPipeline pipeline, SchemaRegistryClient registry, List<SyntheticNote> corpus,
                      String prefix, int count, int perSecond) throws Exception {
        var serde = Topics.NOTES_RAW.valueSerde(registry);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", pipeline.platform().broker().bootstrapServers(),
                "acks", "all", "enable.idempotence", true, "linger.ms", 5, "compression.type", "lz4"),
                Topics.NOTES_RAW.keySerde().serializer(), serde.serializer())) {
            long startNanos = System.nanoTime();
            for (int i = 0; i < count; i++) {
                SyntheticNote n = corpus.get(i % corpus.size());
                String sourceId = prefix + i;
                RawNote raw = RawNote.newBuilder()
                        .setNoteKey("bench-ehr|" + sourceId).setSourceSystem("bench-ehr").setSourceNoteId(sourceId)
                        .setPatientId(n.patientId() + "-" + prefix + (i / corpus.size())).setEncounterId(n.encounterId())
                        .setNoteType(n.noteType()).setAuthorRole(n.authorRole()).setAuthoredAt(n.authoredAt())
                        .setText(n.text()).setAttributes(n.attributes())
                        .setIngest(IngestMetadata.newBuilder().setAdapter("bench").setSourceLocation("bench:" + i)
                                .setReceivedAt(Instant.now()).build())
                        .build();
                producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), raw.getNoteKey(), raw));
                if (perSecond > 0) {
                    long due = startNanos + (long) ((i + 1) * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            producer.flush();
        }
    }

    /**
     * Seconds from {@code start} until each stage had handled {@code expected} notes in all (warm-up included): a
     * stage is done when the raw topic holds them all, the stage before it is done, and the stage's group has
     * committed every partition of its input topic up to the last stable offset. Offsets only: reading the topics
     * to count notes would make the broker serve every note once more and the driver decode it, work the pipeline
     * would be charged with. Each look costs the broker three requests (one ListOffsets for the three topics, one
     * batched FindCoordinator and OffsetFetch for all groups), and the same look gives each group's lag, whose
     * maximum goes to {@code maxLag}.
     */
    private static Map<String, Double> awaitStages(Admin admin, long start, int expected, Map<String, Long> maxLag)
            throws Exception {
        List<StageInput> stages = List.of(
                new StageInput("deidentify", Topics.NOTES_RAW.name(), 0),
                new StageInput("inference", Topics.NOTES_DEIDENTIFIED.name(), 1),
                new StageInput("sink", Topics.RISK_ASSESSMENTS.name(), 1));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(stages.stream().map(StageInput::topic).toList()).allTopicNames().get().forEach((topic, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
        Map<String, Double> done = new java.util.LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (done.size() < stages.size() && System.nanoTime() < deadline) {
            if (groups.isEmpty()) {
                admin.listConsumerGroups().all().get()
                        .forEach(g -> groups.put(g.groupId(), new ListConsumerGroupOffsetsSpec()));
            }
            Map<TopicPartition, Long> ends = stableEnds(admin, latest);
            Map<TopicPartition, Long> committed = committed(admin, groups, ends, maxLag);
            boolean before = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.NOTES_RAW.name()))
                    .mapToLong(Map.Entry::getValue).sum() >= expected;
            for (StageInput stage : stages) {
                if (before && !done.containsKey(stage.stage())
                        && caughtUp(committed, ends, stage.topic(), stage.markerSlack())) {
                    done.put(stage.stage(), (System.nanoTime() - start) / 1e9);
                }
                before = done.containsKey(stage.stage());
            }
            // Twice a second: the admin requests are the broker's work too, and a run lasts tens of seconds.
            Thread.sleep(500);
        }
        return done;
    }

    /**
     * A stage and the topic it consumes. {@code markerSlack}: a transactional topic ends with a commit marker that a
     * consumer passes without a record to commit for, so its committed offset may stay one short of the end.
     */
    private record StageInput(String stage, String topic, int markerSlack) {
    }

    private static boolean caughtUp(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends, String topic,
                                    int slack) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getKey().topic().equals(topic) && end.getValue() > 0
                    && committed.getOrDefault(end.getKey(), -1L) < end.getValue() - slack) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every group's committed offsets, in one batched request (in the bench each topic has one consuming group);
     * each group's lag (stable end minus committed, over the partitions it committed) raises its maximum in
     * {@code maxLag}.
     */
    private static Map<TopicPartition, Long> committed(Admin admin, Map<String, ListConsumerGroupOffsetsSpec> groups,
                                                       Map<TopicPartition, Long> ends, Map<String, Long> maxLag)
            throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (groups.isEmpty()) {
            return offsets;
        }
        admin.listConsumerGroupOffsets(groups).all().get().forEach((group, partitions) -> {
            long lag = 0;
            boolean any = false;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> at : partitions.entrySet()) {
                if (at.getValue() == null) {
                    continue;
                }
                offsets.merge(at.getKey(), at.getValue().offset(), Math::max);
                Long end = ends.get(at.getKey());
                if (end != null) {
                    lag += Math.max(0, end - at.getValue().offset());
                    any = true;
                }
            }
            if (any) {
                maxLag.merge(group, lag, Math::max);
            }
        });
        return offsets;
    }

    /** The last stable offset per partition: what read_committed consumers can reach. */
    private static Map<TopicPartition, Long> stableEnds(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
            throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(partitions, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Per note sent since {@code since} (warm-up notes left out): the stored row's stored_at minus the assessment's
     * record timestamp (the raw record's, propagated).
     */
    private static List<Long> latencies(EmbeddedPipeline pipeline, Instant since) throws Exception {
        Map<String, Long> published = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(
                pipeline.platform().broker().bootstrapServers(), Topics.RISK_ASSESSMENTS.name(), Duration.ofMinutes(2))) {
            published.putIfAbsent(new String(r.key(), StandardCharsets.UTF_8), r.timestamp());
        }
        List<Long> latencies = new ArrayList<>();
        var pg = pipeline.platform().postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select note_id, stored_at from notes")) {
            while (rs.next()) {
                Long sent = published.get(rs.getString(1));
                Timestamp stored = rs.getTimestamp(2);
                if (sent != null && sent >= since.toEpochMilli()) {
                    latencies.add(stored.getTime() - sent);
                }
            }
        }
        return latencies;
    }

    private static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Samples heap in use after each pause, keeping the peak. */
    private static final class HeapWatch {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong peak = new AtomicLong();

        void start() {
            timer.scheduleAtFixedRate(() -> {
                long used = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getUsage().getUsed()).sum();
                peak.accumulateAndGet(used, Math::max);
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        void stop() {
            timer.shutdownNow();
        }

        long peak() {
            return peak.get();
        }
    }
}
