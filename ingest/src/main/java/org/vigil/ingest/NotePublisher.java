package org.vigil.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RawNote;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends what the adapters make of their input to Kafka: accepted notes to the raw topic keyed by note key,
 * rejections to the dead-letter topic. One idempotent acks=all producer serves both, so an acknowledged send
 * is durable and a retried send is never duplicated. Counts every outcome per adapter and reason.
 */
public final class NotePublisher implements AutoCloseable {

    public static final String STAGE = "ingest";

    private static final Logger LOG = LoggerFactory.getLogger(NotePublisher.class);

    private final Producer<String, byte[]> producer;
    private final Serializer<RawNote> noteSerializer;
    private final Serializer<DeadLetter> deadLetterSerializer;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LocationHash locations;
    private final LongAdder read = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skippedByKind = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public NotePublisher(Producer<String, byte[]> producer, SchemaRegistryClient registry, MeterRegistry meters, Clock clock,
                         LocationHash locations) {
        this.producer = producer;
        this.noteSerializer = Topics.NOTES_RAW.valueSerde(registry).serializer();
        this.deadLetterSerializer = Topics.DEAD_LETTERS.valueSerde(registry).serializer();
        this.meters = meters;
        this.clock = clock;
        this.locations = locations;
    }

    /** A publisher with its own producer ({@link ClientSettings#producer}) and registry client from the config. */
    public static NotePublisher connect(VigilConfig config, String clientId, MeterRegistry meters) {
        Map<String, Object> settings = new HashMap<>(ClientSettings.producer(config, clientId));
        // Notes are kilobytes each: the default 16 KiB batch holds a handful. Larger batches, unless configured.
        if (!config.kafkaClientOverrides().containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
            settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        }
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        return new NotePublisher(producer, new SchemaRegistryClient(URI.create(config.schemaRegistryUrl())),
                meters, Clock.systemUTC(), LocationHash.from(config, System.getenv()));
    }

    /**
     * Sends one record; the future completes once Kafka acknowledged it (acks=all), or exceptionally when it
     * could not be delivered (the caller must then not report success to the sender). A skipped record (no note)
     * is only counted, and its future is complete at once.
     */
    public CompletableFuture<Delivery> publish(String adapter, SourceRecord record) {
        read.increment();
        counter("vigil.ingest.read", "adapter", adapter).increment();
        if (record instanceof SourceRecord.Skipped skip) {
            skipped.increment();
            skippedByKind.computeIfAbsent(skip.kind(), k -> new LongAdder()).increment();
            counter("vigil.ingest.records", "adapter", adapter, "outcome", "skipped").increment();
            counter("vigil.ingest.skipped", "adapter", adapter, "message_type", skip.messageType(),
                    "trigger", skip.trigger()).increment();
            return CompletableFuture.completedFuture(Delivery.skipped(skip));
        }
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        ProducerRecord<String, byte[]> message;
        try {
            message = toMessage(record);
        } catch (RuntimeException e) {
            // Serialisation needs the registry; when it is down the record is not lost, the caller sees a failure.
            fail(adapter, e);
            delivery.completeExceptionally(e);
            return delivery;
        }
        producer.send(message, (metadata, exception) -> {
            if (exception != null) {
                fail(adapter, exception);
                delivery.completeExceptionally(exception);
                return;
            }
            if (record instanceof SourceRecord.Rejected rejected) {
                String reason = rejected.rejection().reason().name();
                deadLettered.increment();
                byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
                counter("vigil.ingest.records", "adapter", adapter, "outcome", "dead_lettered").increment();
                counter("vigil.ingest.dead.letters", "adapter", adapter, "reason", reason).increment();
            } else {
                published.increment();
                counter("vigil.ingest.records", "adapter", adapter, "outcome", "published").increment();
            }
            delivery.complete(new Delivery(record, metadata.topic(), metadata.partition(), metadata.offset()));
        });
        return delivery;
    }

    private ProducerRecord<String, byte[]> toMessage(SourceRecord record) {
        if (record instanceof SourceRecord.Accepted accepted) {
            RawNote note = accepted.note();
            String topic = Topics.NOTES_RAW.name();
            return new ProducerRecord<>(topic, note.getNoteKey(), noteSerializer.serialize(topic, note));
        }
        Rejection rejection = ((SourceRecord.Rejected) record).rejection();
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(STAGE)
                .setReasonCode(rejection.reason().name())
                .setReason(rejection.detail())
                // File names and resource ids often carry a record number or a name: hashed here, kept on the raw topic only.
                .setSourceLocation(rejection.sourceLocation().masked(locations))
                .setOccurredAt(clock.instant())
                .build();
        String topic = Topics.DEAD_LETTERS.name();
        // No key: a rejected input has no trustworthy identity, and any identifier would be PHI on this topic.
        return new ProducerRecord<>(topic, null, deadLetterSerializer.serialize(topic, letter));
    }

    private void fail(String adapter, Throwable e) {
        failed.increment();
        counter("vigil.ingest.records", "adapter", adapter, "outcome", "failed").increment();
        LOG.warn("Ingest could not deliver a record from adapter {}: {}", adapter, e.getClass().getSimpleName());
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags), k -> Counter.builder(name).tags(tags).register(meters));
    }

    /** The hash that stands for file names and resource ids in logs and dead letters. */
    public LocationHash locations() {
        return locations;
    }

    /** Blocks until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    public IngestCounts counts() {
        Map<String, Long> reasons = new HashMap<>();
        byReason.forEach((reason, count) -> reasons.put(reason, count.sum()));
        Map<String, Long> kinds = new HashMap<>();
        skippedByKind.forEach((kind, count) -> kinds.put(kind, count.sum()));
        return new IngestCounts(read.sum(), published.sum(), deadLettered.sum(), failed.sum(), reasons, skipped.sum(), kinds);
    }

    /** Flushes what is in flight, then closes the producer. */
    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
