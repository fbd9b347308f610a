package org.vigil.tools.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.vigil.deidentify.operate.DeidKey;
import org.vigil.deidentify.operate.Pseudonyms;
import org.vigil.embedded.postgres.EmbeddedPostgresServer;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.tools.demo.CommittedRecords;
import org.vigil.tools.demo.StoredNotes;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production shape without Docker: three Kafka nodes, {@code vigil setup} with replication factor 3 and min ISR
 * 2 and the ACLs, Vigil's registry as its own process, PostgreSQL (in the test JVM), and each stage as its own
 * {@code vigil run} process with the settings docker-compose.yml gives it (each stage its own SCRAM principal over
 * TLS), plus shortened client time-outs so a killed process is noticed in seconds.
 */
final class ClusterPipeline implements AutoCloseable {

    /** Shortened from Kafka's 45 s so the group notices a SIGKILLed member quickly. */
    private static final List<String> SHORT_TIMEOUTS = List.of("--set", "kafka.session.timeout.ms=6000");

    private final Path dir;
    private final KafkaNodes kafka;
    private final EmbeddedPostgresServer postgres;
    private final URI registryUrl;
    private final VigilProcess registry;
    private final Map<String, VigilProcess> stages = new LinkedHashMap<>();
    private int replicationFactor = 3;
    private int minInSync = 2;
    private final String deidKey = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(32));

    private ClusterPipeline(Path dir, KafkaNodes kafka, EmbeddedPostgresServer postgres, URI registryUrl,
                            VigilProcess registry) {
        this.dir = dir;
        this.kafka = kafka;
        this.postgres = postgres;
        this.registryUrl = registryUrl;
        this.registry = registry;
    }

    /** Starts the cluster, prepares it with {@code vigil setup}, and starts PostgreSQL and the registry. */
    static ClusterPipeline start(Path dir) throws Exception {
        KafkaNodes kafka = KafkaNodes.start(dir.resolve("cluster"));
        try {
            setup(kafka, dir, 3, 2);
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
            int port = freePort();
            List<String> run = new ArrayList<>(List.of("run", "registry", "--set", "registry.http.host=127.0.0.1",
                    "--set", "registry.http.port=" + port, "--set", "topic.replication.factor=3"));
            run.addAll(kafka.vigilSettings(StageAccess.REGISTRY));
            VigilProcess registry = VigilProcess.vigil("registry", run, Map.of(), dir.resolve("logs")).start();
            ClusterPipeline pipeline = new ClusterPipeline(dir, kafka, postgres,
                    URI.create("http://127.0.0.1:" + port), registry);
            pipeline.awaitRegistry(Duration.ofMinutes(2));
            return pipeline;
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    /** {@code vigil setup}: the topics with this replication, and the ACLs. */
    private static void setup(KafkaNodes kafka, Path dir, int replicationFactor, int minInSync) throws Exception {
        List<String> setup = new ArrayList<>(List.of("setup", "--set", "topic.replication.factor=" + replicationFactor,
                "--set", "topic.min.insync.replicas=" + minInSync));
        setup.addAll(kafka.vigilSettings(KafkaNodes.ADMIN));
        VigilProcess setupProcess = VigilProcess.vigil("setup", setup, Map.of(), dir.resolve("logs"));
        if (setupProcess.start().await(180) != 0) {
            throw new IllegalStateException("vigil setup failed:\n" + KafkaNodes.tail(setupProcess.logText()));
        }
    }

    /**
     * Creates the pipeline's topics anew with another replication factor, for stages started from now on: the
     * stage processes must be stopped and their topics, internal ones and consumer groups deleted first.
     */
    void setupReplication(int replicationFactor, int minInSync) throws Exception {
        setup(kafka, dir, replicationFactor, minInSync);
        this.replicationFactor = replicationFactor;
        this.minInSync = minInSync;
    }

    /** Starts {@code vigil run <stage>} as a process under the stage's own principal. */
    VigilProcess startStage(String name, String stage, String principal, Map<String, String> settings)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", stage,
                "--set", "schema.registry.url=" + registryUrl,
                "--set", "topic.replication.factor=" + replicationFactor,
                "--set", "topic.min.insync.replicas=" + minInSync, "--set", "metrics.port=0",
                "--set", "data.dir=" + dir.resolve("data").resolve(name)));
        args.addAll(kafka.vigilSettings(principal));
        args.addAll(SHORT_TIMEOUTS);
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        VigilProcess process = VigilProcess.vigil(name, args, Map.of("DEID_SECRET_KEY", deidKey), dir.resolve("logs"));
        stages.put(name, process);
        return process.start();
    }

    /** De-identify, inference and sink, with compose's settings; ingest is started by the test with its source. */
    void startProcessingStages() throws Exception {
        startProcessingStages("");
    }

    /** The same under names ending in {@code suffix}, with data folders of their own. */
    void startProcessingStages(String suffix) throws Exception {
        startStage("deidentify" + suffix, "deidentify", StageAccess.DEIDENTIFY, Map.of("deid.key.env", "DEID_SECRET_KEY"));
        startInference("inference" + suffix);
        startSink("sink" + suffix);
    }

    /** One more inference process (same group), as compose's {@code --scale inference=N} adds one. */
    VigilProcess startInference(String name) throws Exception {
        return startStage(name, "inference", StageAccess.INFERENCE, Map.of("inference.backend", "rules"));
    }

    /** One more sink process (same group, its own HTTP port). */
    VigilProcess startSink(String name) throws Exception {
        return startStage(name, "sink", StageAccess.SINK, Map.of("postgres.url", postgres.jdbcUrl(),
                "postgres.user", postgres.user(), "postgres.password", postgres.password(),
                "sink.http.host", "127.0.0.1", "sink.http.port", "0"));
    }

    VigilProcess stage(String name) {
        return stages.get(name);
    }

    /**
     * Stops a stage process as an orchestrator scales in: SIGTERM, so it commits what it has done. A Streams stage
     * does not leave its group on close: its partitions move when its session times out.
     */
    void stopStage(String name) throws InterruptedException {
        stages.remove(name).close();
    }

    /** Kills the registry with SIGKILL, starts it again on the same port, and waits until it answers. */
    void restartRegistry(long downMillis) throws Exception {
        registry.kill();
        Thread.sleep(downMillis);
        registry.start();
        awaitRegistry(Duration.ofMinutes(2));
    }

    /** The folder the cluster's files and the stages' logs and data lie under. */
    Path dir() {
        return dir;
    }

    KafkaNodes kafka() {
        return kafka;
    }

    EmbeddedPostgresServer postgres() {
        return postgres;
    }

    URI registryUrl() {
        return registryUrl;
    }

    VigilProcess registry() {
        return registry;
    }

    /** CPU time the three Kafka nodes have used since they (last) started. */
    Duration nodesCpu() {
        Duration cpu = Duration.ZERO;
        for (int node = 1; node <= 3; node++) {
            cpu = cpu.plus(kafka.node(node).cpu());
        }
        return cpu;
    }

    /** CPU time the stage processes and the registry have used since they (last) started. */
    Duration stagesCpu() {
        Duration cpu = registry.cpu();
        for (VigilProcess stage : stages.values()) {
            cpu = cpu.plus(stage.cpu());
        }
        return cpu;
    }

    /** Every process that died on its own, with the end of its log: a stage must never exit by itself. */
    String deadProcesses() {
        StringBuilder dead = new StringBuilder();
        List<VigilProcess> all = new ArrayList<>(stages.values());
        all.add(registry);
        for (int node = 1; node <= 3; node++) {
            all.add(kafka.node(node));
        }
        for (VigilProcess p : all) {
            if (!p.alive()) {
                dead.append("---- ").append(p.name()).append(" died ----\n").append(KafkaNodes.tail(p.logText()));
            }
        }
        return dead.toString();
    }

    /** The stage processes that exited by themselves, with the end of their logs. */
    String deadStages() {
        StringBuilder dead = new StringBuilder();
        for (VigilProcess p : stages.values()) {
            if (!p.alive()) {
                dead.append("---- ").append(p.name()).append(" died ----\n").append(KafkaNodes.tail(p.logText()));
            }
        }
        return dead.toString();
    }

    /** Rows in the notes table; 0 while the sink has not yet created it. */
    long storedRows() throws Exception {
        return storedRows(postgres);
    }

    /** The same for any deployment's PostgreSQL (the embedded pipeline's too). */
    static long storedRows(EmbeddedPostgresServer postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from notes")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notYetMigrated) {
            return 0;
        }
    }

    /** Waits until at least {@code wanted} notes are stored, failing early when a stage process died. */
    void awaitRows(long wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (storedRows() < wanted && System.nanoTime() < deadline && deadStages().isEmpty()) {
            Thread.sleep(250);
        }
        if (storedRows() < wanted) {
            throw new AssertionError(storedRows() + " rows stored, " + wanted + " awaited within " + timeout
                    + "; dead stages:\n" + deadStages());
        }
    }

    /**
     * Note id to SHA-256 of the stored text: once {@code expected} rows are there (and 3 s more, for any that should
     * not be), or once the stages have consumed everything and the count has not moved for 6 s, so that a run that
     * lost notes fails in seconds rather than at the time-out.
     */
    Map<String, String> awaitStored(int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long rows = storedRows();
            if (rows >= expected) {
                break;
            }
            quiet = rows == last && kafka.pipelineDrained(expected) ? quiet + 1 : 0;
            if (quiet >= 3) {
                break;
            }
            last = rows;
            Thread.sleep(2_000);
        }
        Thread.sleep(3_000);
        return StoredNotes.checksums(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    /** Committed records of a pipeline topic per note id (its key), in offset order. */
    Map<String, List<ConsumerRecord<byte[], byte[]>>> committedByNote(String topic) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byNote = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka.clientSettings(KafkaNodes.ADMIN), topic,
                Duration.ofMinutes(1))) {
            byNote.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r);
        }
        return byNote;
    }

    /**
     * FaultToleranceIT's check, for a stream whose ingest may itself have been killed: every ingested note
     * ({@code expectedNotes} distinct raw keys) is de-identified no more often than it was ingested (a crashed
     * ingest re-sends under the same key; nothing else may duplicate), and is stored exactly once with the text the
     * de-identifier last published for it.
     */
    void assertEveryNoteStoredOnce(int expectedNotes, Duration timeout) throws Exception {
        Map<String, String> stored = awaitStored(expectedNotes, timeout);
        // Raw records are keyed by the source's note key, de-identified ones by its keyed hash under the stages' key.
        Pseudonyms pseudonyms = new Pseudonyms(DeidKey.fromEnvironment("DEID_SECRET_KEY",
                Map.of("DEID_SECRET_KEY", deidKey)).keyedHash());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> raw = new HashMap<>();
        committedByNote(Topics.NOTES_RAW.name()).forEach((noteKey, records) -> raw.put(pseudonyms.note(noteKey), records));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> deidentified = committedByNote(Topics.NOTES_DEIDENTIFIED.name());
        var serde = Topics.NOTES_DEIDENTIFIED.valueSerde(new SchemaRegistryClient(registryUrl));
        Map<String, String> published = new HashMap<>();
        int resent = 0;
        for (var note : deidentified.entrySet()) {
            int ingested = raw.getOrDefault(note.getKey(), List.of()).size();
            assertThat(note.getValue().size()).as("de-identified records of note %s, ingested %d times", note.getKey(),
                    ingested).isLessThanOrEqualTo(ingested);
            resent += ingested - 1;
            ConsumerRecord<byte[], byte[]> last = note.getValue().get(note.getValue().size() - 1);
            DeidentifiedNote text = serde.deserializer().deserialize(Topics.NOTES_DEIDENTIFIED.name(), last.value());
            published.put(note.getKey(), StoredNotes.sha256(text.getText()));
        }
        System.out.printf("check: %d notes ingested (%d re-sent by a restarted ingest), %d de-identified, %d stored%n",
                raw.size(), resent, published.size(), stored.size());
        assertThat(deadProcesses()).as("processes that exited by themselves").isEmpty();
        assertThat(raw).as("distinct notes ingested").hasSize(expectedNotes);
        assertThat(published.keySet()).isEqualTo(raw.keySet());
        Set<String> lost = new TreeSet<>(published.keySet());
        lost.removeAll(stored.keySet());
        Set<String> altered = new TreeSet<>();
        stored.forEach((note, sum) -> {
            if (published.containsKey(note) && !published.get(note).equals(sum)) {
                altered.add(note);
            }
        });
        assertThat(lost).as("%d of %d de-identified notes never stored", lost.size(), published.size()).isEmpty();
        assertThat(altered).as("stored notes whose text is not what was published").isEmpty();
        assertThat(stored).isEqualTo(published);
    }

    private void awaitRegistry(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var answer = http.send(HttpRequest.newBuilder(registryUrl.resolve("/subjects")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                if (!registry.alive()) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Registry not answering:\n" + KafkaNodes.tail(registry.logText()));
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (VigilProcess stage : stages.values()) {
            stage.close();
        }
        registry.close();
        postgres.close();
        kafka.close();
    }
}
