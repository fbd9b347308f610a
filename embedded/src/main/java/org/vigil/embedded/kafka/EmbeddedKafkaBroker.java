package org.vigil.embedded.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running inside this JVM, for the embedded
 * default and for integration tests.
 *
 * <p>Uses Kafka's own server classes (internal API), as measured in PLATFORM-NOTES: the storage is formatted once
 * and reused, so a restart on the same directory and port keeps every topic and offset.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> extraConfig;
    private final Optional<ScramUsers> security;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, int port, int controllerPort, Map<String, String> extraConfig,
                                Optional<ScramUsers> security) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.extraConfig = Map.copyOf(extraConfig);
        this.security = security;
    }

    /**
     * SASL/SCRAM-SHA-512 users of a secured broker, with ACLs enforced by KRaft's StandardAuthorizer: no ACL, no
     * access. {@code superUser} is the broker's own identity and the administrator.
     */
    public record ScramUsers(String superUser, Map<String, String> passwords) {
        public ScramUsers {
            passwords = Map.copyOf(passwords);
            if (!passwords.containsKey(superUser)) {
                throw new IllegalArgumentException("The super user needs a password too");
            }
        }

        /** Client settings that authenticate as {@code user}. */
        public Map<String, Object> clientSettings(String user) {
            return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM,
                    "sasl.jaas.config", jaas(user, passwords.get(user)));
        }
    }

    private static final String MECHANISM = "SCRAM-SHA-512";

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Starts a broker that requires SASL/SCRAM authentication and enforces ACLs. */
    public static EmbeddedKafkaBroker startSecured(Path dataDir, ScramUsers users) {
        int[] ports = freePorts(0);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                dataDir.resolve("kafka"), ports[0], ports[1], Map.of(), Optional.of(users));
        broker.startServer();
        return broker;
    }

    /** Starts a broker on free ephemeral ports with its log under {@code dataDir/kafka}. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, 0, Map.of());
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) with extra broker settings, for example security and
     * ACL settings. Restarting with the same directory and port resumes the same cluster.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> extraConfig) {
        int[] ports = freePorts(port);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                dataDir.resolve("kafka"), ports[0], ports[1], extraConfig, Optional.empty());
        broker.startServer();
        return broker;
    }

    private void startServer() {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka log directory " + logDir, e);
        }
        Map<String, String> props = brokerProperties();
        format(props);
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
    }

    private Map<String, String> brokerProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        // A single broker cannot hold the default three replicas of internal topics: groups and transactions hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created from the Topics catalogue; a typo must fail, not create a stray topic.
        p.put("auto.create.topics.enable", "false");
        // The cleaner's default 128 MiB dedupe buffer dominates the heap of an embedded broker.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // Kafka sizes its thread pools for a dedicated server (8 request handlers, 3 network threads per listener,
        // 4 group coordinator threads). In one JVM with the stages on a few cores, the extra threads only add hand-offs
        // between them; one of each per core is enough.
        int cores = Runtime.getRuntime().availableProcessors();
        p.put("num.io.threads", String.valueOf(Math.max(2, cores)));
        p.put("num.network.threads", String.valueOf(Math.max(1, cores / 2)));
        p.put("group.coordinator.threads", String.valueOf(Math.max(1, cores / 2)));
        security.ifPresent(users -> secure(p, users));
        p.putAll(extraConfig);
        return p;
    }

    private void secure(Map<String, String> p, ScramUsers users) {
        String listener = "SASL_PLAINTEXT";
        p.put("listeners", listener + "://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.put("inter.broker.listener.name", listener);
        p.put("listener.security.protocol.map", listener + ":SASL_PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                jaas(users.superUser(), users.passwords().get(users.superUser())));
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        // The controller listener is loopback-only and unauthenticated inside this JVM, hence ANONYMOUS there.
        p.put("super.users", "User:" + users.superUser() + ";User:ANONYMOUS");
    }

    private void format(Map<String, String> props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its cluster id and data
        }
        KafkaConfig config = new KafkaConfig(props, false);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(config.nodeId())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(security.map(users -> users.passwords().entrySet().stream()
                            .map(e -> MECHANISM + "=[name=" + e.getKey() + ",password=" + e.getValue() + "]")
                            .toList()).orElse(List.of()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + logDir, e);
        }
    }

    /** The bootstrap address clients use. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }


    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * The client port ({@code port}, or a free one when 0) and a free controller port different from it. The
     * probing sockets stay open until both are chosen: two separate probes can be handed the same port.
     */
    private static int[] freePorts(int port) {
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            int clientPort = port == 0 ? first.getLocalPort() : port;
            int controllerPort = second.getLocalPort() != clientPort ? second.getLocalPort() : first.getLocalPort();
            return new int[] {clientPort, controllerPort};
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
