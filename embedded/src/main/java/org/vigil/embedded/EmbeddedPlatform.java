package org.vigil.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.postgres.EmbeddedPostgresServer;
import org.vigil.embedded.registry.SchemaRegistryServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The infrastructure of the embedded default, all real and all in this JVM: a KRaft Kafka broker, the schema
 * registry (its schemas kept in Kafka) and PostgreSQL. Stages connect to it through ordinary settings.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private final Path dataDir;
    private EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private EmbeddedPostgresServer postgres;
    private final int partitions;

    private EmbeddedPlatform(Path dataDir, EmbeddedKafkaBroker broker, SchemaRegistryServer registry,
                             EmbeddedPostgresServer postgres, int partitions) {
        this.dataDir = dataDir;
        this.broker = broker;
        this.registry = registry;
        this.postgres = postgres;
        this.partitions = partitions;
    }

    /** Starts broker, registry and PostgreSQL under {@code dataDir}, and creates the catalogue's topics. */
    public static EmbeddedPlatform start(Path dataDir, int partitions) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir);
        SchemaRegistryServer registry = null;
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Topics.create(admin, (short) 1, partitions, Map.of());
            }
            registry = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0, (short) 1);
            registry.start();
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, 0);
            return new EmbeddedPlatform(dataDir, broker, registry, postgres, partitions);
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            broker.close();
            throw e;
        }
    }

    /** Settings that point a stage at this platform; the stage adds its own on top. */
    public Map<String, Object> settings(Path dataDir) {
        Map<String, Object> s = new HashMap<>();
        s.put(VigilConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        s.put(VigilConfig.SCHEMA_REGISTRY_URL, registry.url().toString());
        s.put(VigilConfig.DATA_DIR, dataDir.toString());
        s.put(VigilConfig.TOPIC_PARTITIONS, partitions);
        s.put("postgres.url", postgres.jdbcUrl());
        s.put("postgres.user", postgres.user());
        s.put("postgres.password", postgres.password());
        return s;
    }

    /** Stops the broker and starts it again on the same port and log, as a broker crash and restart does. */
    public void restartBroker() {
        restartBroker(Duration.ZERO);
    }

    /**
     * Stops the broker, leaves it down for {@code down}, and starts it again on the same port and log: an outage
     * longer than a transaction's time-out makes the coordinator abort the transactions left open.
     */
    public void restartBroker(Duration down) {
        int port = broker.port();
        broker.close();
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker = EmbeddedKafkaBroker.start(dataDir, port, Map.of());
    }

    /** Stops PostgreSQL (an outage) until {@link #startPostgres()}. */
    public void stopPostgres() {
        postgres.close();
    }

    /** Starts PostgreSQL again on the same port and data after {@link #stopPostgres()}. */
    public void startPostgres() {
        postgres = EmbeddedPostgresServer.start(dataDir, postgres.port());
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public SchemaRegistryServer registry() {
        return registry;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } finally {
            try {
                registry.close();
            } finally {
                broker.close();
            }
        }
    }
}
