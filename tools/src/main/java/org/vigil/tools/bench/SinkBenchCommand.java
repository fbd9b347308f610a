package org.vigil.tools.bench;

import org.vigil.corpus.SyntheticAssessments;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.embedded.EmbeddedPlatform;
import org.vigil.runtime.kafka.Topics;
import org.vigil.runtime.metrics.ProcessCpu;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.sink.SinkStage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil bench sink}: loads the sink with generated assessments through the real embedded platform (Kafka,
 * registry, PostgreSQL), reports the rows per second the sink stage wrote, then the p50/p95 latency of the trend,
 * bias and cohort API calls on the stored notes.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Measures the sink: rows/s written from the assessments topic into PostgreSQL, and p95 latency "
                + "of the trend and cohort API calls on the stored notes (all embedded, synthetic notes).")
public final class SinkBenchCommand implements Callable<Integer> {

    @Option(names = "--notes", defaultValue = "100000", description = "Assessments to store (default ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--queries", defaultValue = "200", description = "Timed calls per API query (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", defaultValue = "42", description = "Corpus generator seed (below the held-out range).")
    long seed;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the embedded topics.")
    int partitions;

    @Option(names = "--data-dir", description = "Where the embedded broker and PostgreSQL keep their data (default: a temporary directory).")
    Path dataDir;

    private final PrintStream out;

    public SinkBenchCommand() {
        this(System.out);
    }

    SinkBenchCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SinkBenchCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (seed >= CorpusGenerator.HELD_OUT_SEED_START) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Seeds from "
                    + CorpusGenerator.HELD_OUT_SEED_START + " are held out for evaluation");
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("vigil-bench-sink");
        out.printf(Locale.ROOT, "vigil bench sink: %,d notes, seed %d, data in %s%n", notes, seed, dir);
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir, partitions)) {
            long produced = produce(platform);
            out.printf(Locale.ROOT, "produced %,d assessments to %s%n", produced, Topics.RISK_ASSESSMENTS.name());

            Map<String, Object> settings = new HashMap<>(platform.settings(dir));
            settings.put(SinkStage.HTTP_PORT, 0);
            SinkStage stage = new SinkStage(new VigilConfig(SinkStage.definition(), settings), new SimpleMeterRegistry());
            DataSource db = platform.postgres().dataSource();
            long started = System.nanoTime();
            long postgresBefore = ProcessCpu.postgresNanos();
            long jvmBefore = ProcessCpu.jvmNanos();
            stage.start();
            try {
                long firstRow = awaitNotes(db, 1, started);
                long done = awaitNotes(db, notes, started);
                double postgresCpu = (ProcessCpu.postgresNanos() - postgresBefore) / 1e9;
                double jvmCpu = (ProcessCpu.jvmNanos() - jvmBefore) / 1e9;
                Map<String, Long> rows = rowCounts(db);
                long total = rows.values().stream().mapToLong(Long::longValue).sum();
                double steady = (done - firstRow) / 1e9;
                double overall = (done - started) / 1e9;
                out.printf(Locale.ROOT, "stored rows: %s%n", rows);
                out.printf(Locale.ROOT, "sink write: %,d notes (%,d rows) in %.1f s from stage start (%.1f s from first stored note)%n",
                        notes, total, overall, steady);
                out.printf(Locale.ROOT, "sink write rate: %,.0f notes/s, %,.0f rows/s (from first stored note; %,.0f rows/s incl. start-up)%n",
                        notes / steady, total / steady, total / overall);
                // CPU is the figure to compare between runs on a shared machine: wall time moves with the load.
                out.printf(Locale.ROOT, "CPU from stage start: PostgreSQL %.1f s, this JVM %.1f s (broker, sink, JIT, GC): "
                                + "%.2f ms per note, of which PostgreSQL %.2f ms%n", postgresCpu, jvmCpu,
                        (postgresCpu + jvmCpu) * 1000 / notes, postgresCpu * 1000 / notes);
                latencies(stage);
            } finally {
                stage.close();
            }
        }
        return 0;
    }

    private long produce(EmbeddedPlatform platform) {
        SchemaRegistryClient registry = new SchemaRegistryClient(platform.registry().url());
        CorpusGenerator generator = new CorpusGenerator(seed);
        try (KafkaProducer<String, RiskAssessment> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", platform.broker().bootstrapServers(), "linger.ms", 20, "batch.size", 262_144,
                "compression.type", "lz4"), new StringSerializer(), Topics.RISK_ASSESSMENTS.valueSerde(registry).serializer())) {
            for (int i = 0; i < notes; i++) {
                RiskAssessment a = SyntheticAssessments.assessment(generator.next());
                producer.send(new ProducerRecord<>(Topics.RISK_ASSESSMENTS.name(), a.getNoteId(), a));
            }
            producer.flush();
        }
        return notes;
    }

    private long awaitNotes(DataSource db, long expected, long started) throws SQLException, InterruptedException {
        long lastReport = System.nanoTime();
        while (true) {
            long stored = count(db, "SELECT count(*) FROM notes");
            if (stored >= expected) {
                return System.nanoTime();
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                out.printf(Locale.ROOT, "  ... %,d notes stored after %.0f s%n", stored, (System.nanoTime() - started) / 1e9);
                lastReport = System.nanoTime();
            }
            Thread.sleep(expected == 1 ? 10 : 250);
        }
    }

    private static Map<String, Long> rowCounts(DataSource db) throws SQLException {
        Map<String, Long> rows = new java.util.LinkedHashMap<>();
        for (String table : List.of("notes", "signals", "risk_tiers", "alerts")) {
            rows.put(table, count(db, "SELECT count(*) FROM " + table));
        }
        return rows;
    }

    private static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void latencies(SinkStage stage) throws IOException, InterruptedException {
        String analyst = stage.issueToken("analyst", "bench analyst");
        String researcher = stage.issueToken("researcher", "bench researcher");
        URI base = stage.dashboardUrl();
        HttpClient http = HttpClient.newHttpClient();
        String cohort = "{\"kinds\":[\"SUICIDAL_IDEATION\",\"SUICIDE_PLAN\"],\"from\":\"2024-01-01\",\"to\":\"2025-01-01\",\"minNotes\":1}";
        List<Call> calls = List.of(
                new Call("GET /api/trends (affirmed, all kinds, all time)", analyst, "api/trends", null),
                new Call("GET /api/trends (one kind, note type, one year)", analyst,
                        "api/trends?kind=SUICIDAL_IDEATION&noteType=ED_NOTE&from=2024-01-01&to=2025-01-01", null),
                new Call("GET /api/bias (affirmed SI, all time)", analyst, "api/bias?kind=SUICIDAL_IDEATION", null),
                new Call("POST /api/cohorts/count (SI or plan, 2024)", researcher, "api/cohorts/count", cohort),
                new Call("POST /api/cohorts/count (tier HIGH+, 2 notes)", researcher, "api/cohorts/count",
                        "{\"assertions\":[],\"tiers\":[\"HIGH\",\"IMMINENT\"],\"minNotes\":2}"));
        out.printf(Locale.ROOT, "API latency over %d calls each (after 10 warm-up calls):%n", queries);
        out.printf(Locale.ROOT, "  %-52s %8s %8s %8s%n", "call", "p50 ms", "p95 ms", "max ms");
        for (Call call : calls) {
            for (int i = 0; i < 10; i++) {
                call.send(http, base);
            }
            long[] times = new long[queries];
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                call.send(http, base);
                times[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(times);
            out.printf(Locale.ROOT, "  %-52s %8.1f %8.1f %8.1f%n", call.name(), times[queries / 2] / 1e6,
                    times[(int) Math.ceil(queries * 0.95) - 1] / 1e6, times[queries - 1] / 1e6);
        }
    }

    /** One timed API call. */
    private record Call(String name, String token, String path, String body) {
        void send(HttpClient http, URI base) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + response.statusCode());
            }
        }
    }
}
