package org.vigil.runtime.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.vigil.runtime.config.VigilConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka client settings every stage uses, so that the delivery guarantees are set in one place:
 * idempotent producers with acks=all, read_committed consumers, and exactly_once_v2 Streams.
 */
public final class ClientSettings {

    /**
     * Producer batch size. Kafka's 16 KB holds about a dozen compressed notes, so under load a stage sent a produce
     * request every few notes and the broker's per-request work dominated; 256 KB halved the produce requests of
     * the pipeline benchmark. A batch still leaves when linger.ms (or the Streams commit) says so.
     */
    static final int BATCH_BYTES = 262_144;

    private ClientSettings() {
    }

    public static Map<String, Object> admin(VigilConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", config.bootstrapServers());
        p.putAll(config.kafkaClientOverrides());
        return p;
    }

    /** A producer whose acknowledged send is durable: acks=all and idempotence, so retries never duplicate. */
    public static Map<String, Object> producer(VigilConfig config, String clientId) {
        Map<String, Object> p = admin(config);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putAll(config.kafkaClientOverrides());
        return p;
    }

    /** A consumer that sees only committed transactional output and commits offsets itself. */
    public static Map<String, Object> consumer(VigilConfig config, String groupId) {
        Map<String, Object> p = admin(config);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putAll(config.kafkaClientOverrides());
        return p;
    }

    /** Kafka Streams with exactly_once_v2 and its state under the stage's data directory. */
    public static Map<String, Object> streams(VigilConfig config, String applicationId) {
        Map<String, Object> p = admin(config);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(VigilConfig.TOPIC_REPLICATION_FACTOR));
        // Output becomes visible downstream only when its transaction commits, so the interval is each Streams
        // stage's share of end-to-end latency; 100 ms is Kafka's own default under exactly-once.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), BATCH_BYTES);
        config.kafkaClientOverrides().forEach(p::put);
        return p;
    }
}
