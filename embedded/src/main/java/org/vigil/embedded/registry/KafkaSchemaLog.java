package org.vigil.embedded.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry's records in a compacted single-partition Kafka topic, as Confluent's registry does, so ids
 * and versions survive restarts. One partition gives one total order; compaction keeps the last record per key.
 */
final class KafkaSchemaLog implements SchemaLog {

    static final String TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<String, Object> clientSettings;
    private final TopicPartition partition = new TopicPartition(TOPIC, 0);
    private final KafkaProducer<String, String> producer;

    /**
     * {@code clientSettings} hold {@code bootstrap.servers} and whatever else the cluster asks of a client
     * (security.protocol, sasl.*, ssl.*); every client of the log is built from them.
     */
    KafkaSchemaLog(Map<String, Object> clientSettings, short replicationFactor) {
        this.clientSettings = Map.copyOf(clientSettings);
        this.bootstrapServers = String.valueOf(clientSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        createTopicIfAbsent(replicationFactor);
        this.producer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "vigil-schema-registry",
                // A registration is answered only once every in-sync replica holds it, exactly once.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())),
                new StringSerializer(), new StringSerializer());
    }

    private Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = new java.util.HashMap<>(clientSettings);
        all.putAll(settings);
        return all;
    }

    private void createTopicIfAbsent(short replicationFactor) {
        try (Admin admin = Admin.create(clientSettings)) {
            NewTopic topic = new NewTopic(TOPIC, Optional.of(1), Optional.of(replicationFactor))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created compacted topic {} with replication factor {}", TOPIC, replicationFactor);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + TOPIC + " on " + bootstrapServers, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + TOPIC + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + TOPIC, e);
        }
    }

    @Override
    public void replay(Consumer<RegistryRecord> sink) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "vigil-schema-registry-replay",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            Instant deadline = Instant.now().plus(TIMEOUT);
            int count = 0;
            while (consumer.position(partition, TIMEOUT) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Timed out reading topic " + TOPIC + " up to offset " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    RegistryRecord.parse(record.key(), record.value()).ifPresent(sink);
                    count++;
                }
            }
            LOG.info("Read {} records from topic {} (end offset {})", count, TOPIC, end);
        }
    }

    @Override
    public void append(RegistryRecord record) {
        try {
            // A tombstone (null value) is how Kafka compaction learns to drop the key for good.
            producer.send(new ProducerRecord<>(TOPIC, 0, record.key(), record.value().orElse(null)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Topic " + TOPIC + " did not acknowledge the record", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to topic " + TOPIC, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
