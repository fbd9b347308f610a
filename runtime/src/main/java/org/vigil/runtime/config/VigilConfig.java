package org.vigil.runtime.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.nio.file.Path;
import java.util.Map;

/**
 * Typed, validated configuration of one stage: the settings every stage shares plus the stage's own definitions.
 * A bad value fails at start with Kafka's ConfigException naming the setting; the reference docs are generated
 * from the same definitions.
 */
public class VigilConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String DATA_DIR = "data.dir";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    public static final String TOPIC_MIN_INSYNC_REPLICAS = "topic.min.insync.replicas";
    public static final String METRICS_HOST = "metrics.host";
    public static final String METRICS_PORT = "metrics.port";
    /** Settings under this prefix go to every Kafka client as they are (security, timeouts). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";

    public VigilConfig(ConfigDef definition, Map<?, ?> values) {
        // doLog=false: Kafka would print every value at start, and some paths or URLs may be sensitive.
        super(definition, values, false);
    }

    /** The settings every stage shares. Stages add their own definitions to this one. */
    public static ConfigDef common() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH,
                        "Kafka bootstrap servers.")
                .define(SCHEMA_REGISTRY_URL, Type.STRING, "http://localhost:8081", Importance.HIGH,
                        "Base URL of the Confluent-compatible schema registry.")
                .define(DATA_DIR, Type.STRING, "data", Importance.MEDIUM,
                        "Directory for local state: Kafka Streams state, ingest progress, embedded servers.")
                .define(TOPIC_PARTITIONS, Type.INT, 6, Range.atLeast(1), Importance.MEDIUM,
                        "Partitions of the pipeline topics when a stage creates them; each stage scales out to this many instances.")
                .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Importance.MEDIUM,
                        "Replication factor of topics a stage creates (3 in production).")
                .define(TOPIC_MIN_INSYNC_REPLICAS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "min.insync.replicas of topics a stage creates (2 in production).")
                .define(METRICS_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Address the Prometheus scrape endpoint and health check listen on. Loopback by default: they "
                                + "need no password and name the stage's topics and state, so open them (0.0.0.0 or one "
                                + "interface's address) only where a network reaches them from Prometheus alone, as the "
                                + "compose file does, never on a published port.")
                .define(METRICS_PORT, Type.INT, 9400, Range.between(0, 65535), Importance.LOW,
                        "Port of the Prometheus scrape endpoint (/metrics) and health check (/health); 0 picks a free port.");
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR));
    }

    /** Extra client settings given as {@code kafka.<client setting>}. */
    public Map<String, Object> kafkaClientOverrides() {
        return originalsWithPrefix(KAFKA_CLIENT_PREFIX);
    }
}
