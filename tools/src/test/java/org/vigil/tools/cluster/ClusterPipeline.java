package org.vigil.tools.cluster;

import org.vigil.embedded.postgres.EmbeddedPostgresServer;
import org.vigil.runtime.kafka.StageAccess;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            List<String> setup = new ArrayList<>(List.of("setup", "--set", "topic.replication.factor=3",
                    "--set", "topic.min.insync.replicas=2"));
            setup.addAll(kafka.vigilSettings(KafkaNodes.ADMIN));
            VigilProcess setupProcess = VigilProcess.vigil("setup", setup, Map.of(), dir.resolve("logs"));
            if (setupProcess.start().await(180) != 0) {
                throw new IllegalStateException("vigil setup failed:\n" + KafkaNodes.tail(setupProcess.logText()));
            }
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

    /** Starts {@code vigil run <stage>} as a process under the stage's own principal. */
    VigilProcess startStage(String name, String stage, String principal, Map<String, String> settings)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", stage,
                "--set", "schema.registry.url=" + registryUrl,
                "--set", "topic.replication.factor=3", "--set", "topic.min.insync.replicas=2",
                "--set", "metrics.port=0", "--set", "data.dir=" + dir.resolve("data").resolve(name)));
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
        startStage("deidentify", "deidentify", StageAccess.DEIDENTIFY, Map.of("deid.key.env", "DEID_SECRET_KEY"));
        startStage("inference", "inference", StageAccess.INFERENCE, Map.of("inference.backend", "rules"));
        startStage("sink", "sink", StageAccess.SINK, Map.of("postgres.url", postgres.jdbcUrl(),
                "postgres.user", postgres.user(), "postgres.password", postgres.password(),
                "sink.http.host", "127.0.0.1", "sink.http.port", "0"));
    }

    VigilProcess stage(String name) {
        return stages.get(name);
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
