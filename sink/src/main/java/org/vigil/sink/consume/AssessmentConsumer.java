package org.vigil.sink.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.sink.store.AssessmentStore;
import org.vigil.sink.store.SqlFailure;
import org.vigil.sink.store.StoredAssessment;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves risk assessments from Kafka into the store, one poll at a time: the batch is written in one database
 * transaction, poison records go to the dead-letter topic, and only then are the batch's offsets committed.
 * While PostgreSQL (or the registry, or the dead-letter topic) is unavailable it pauses its partitions and retries
 * the same batch, so an outage delays records but never skips one.
 */
public final class AssessmentConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssessmentConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final AssessmentDecoder decoder;
    private final AssessmentStore store;
    private final DeadLetters deadLetters;
    private final Duration retryBackoff;
    private final Counter notesWritten;
    private final Counter signalsWritten;
    private final Counter storeFailures;
    private final MeterRegistry meters;
    private final Timer batchTimer;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Gauge pausedGauge;

    private volatile boolean running = true;
    private volatile boolean pollFailing;
    private volatile Thread thread;
    private List<ConsumerRecord<String, byte[]>> pending;

    AssessmentConsumer(String name, Consumer<String, byte[]> consumer, String topic, AssessmentDecoder decoder,
                       AssessmentStore store, DeadLetters deadLetters, Duration retryBackoff, MeterRegistry meters) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.decoder = decoder;
        this.store = store;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
        this.meters = meters;
        this.notesWritten = meters.counter("vigil.sink.notes.written");
        this.signalsWritten = meters.counter("vigil.sink.signals.written");
        this.storeFailures = meters.counter("vigil.sink.store.failures");
        this.batchTimer = meters.timer("vigil.sink.batch");
        // One gauge per consumer: registered under one name and no tag, only the first consumer's would be seen.
        this.pausedGauge = Gauge.builder("vigil.sink.paused", paused, p -> p.get() ? 1 : 0)
                .tag("consumer", name)
                .description("1 while this consumer is paused because a dependency is unavailable")
                .register(meters);
    }

    /**
     * A consumer of {@code topic} for the stage: values are read as bytes and decoded here, so one unreadable
     * record is dead-lettered instead of failing the poll. {@code name} tells this consumer's metrics and thread
     * apart from the instance's other consumers.
     */
    public static AssessmentConsumer create(String name, Consumer<String, byte[]> consumer, String topic,
                                            org.apache.kafka.common.serialization.Deserializer<org.vigil.schemas.RiskAssessment> values,
                                            AssessmentStore store,
                                            org.apache.kafka.clients.producer.Producer<String, org.vigil.schemas.DeadLetter> deadLetters,
                                            Duration retryBackoff, MeterRegistry meters) {
        return new AssessmentConsumer(name, consumer, topic, new AssessmentDecoder(values), store,
                new DeadLetters(deadLetters), retryBackoff, meters);
    }

    /** Starts the polling thread. */
    public void start() {
        Thread t = new Thread(this::run, "vigil-sink-consumer-" + name);
        t.setDaemon(false);
        thread = t;
        t.start();
    }

    /** True while the thread runs and its last attempt to store succeeded. */
    public boolean healthy() {
        Thread t = thread;
        return t != null && t.isAlive() && !paused.get() && !pollFailing;
    }

    /** True while consumption is paused because a dependency is unavailable. */
    public boolean paused() {
        return paused.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    dropPending(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    dropPending(partitions);
                }
            });
            while (running) {
                try {
                    consumeOnce();
                    pollFailing = false;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A poll the client could not recover from by itself (seen while the broker restarts): the
                    // thread must outlive it, or nothing more is stored until someone restarts the stage.
                    pollFailing = true;
                    storeFailures.increment();
                    LOG.warn("Sink poll failed with {}; retrying in {} ms", e.getClass().getName(),
                            retryBackoff.toMillis());
                    sleep(retryBackoff);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void consumeOnce() {
        if (pending == null) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                return;
            }
            pending = new ArrayList<>(records.count());
            records.forEach(pending::add);
        } else {
            // Paused: this poll returns no records but keeps the group membership alive while we wait.
            ConsumerRecords<String, byte[]> stray = consumer.poll(retryBackoff);
            if (!stray.isEmpty()) {
                // A rebalance during this poll hands partitions over unpaused (and may have dropped the pending
                // batch), so the poll read records that are not stored: rewind to them so they are read again, and
                // pause again while a batch is still pending.
                for (TopicPartition partition : stray.partitions()) {
                    consumer.seek(partition, stray.records(partition).get(0).offset());
                }
                if (pending != null) {
                    consumer.pause(consumer.assignment());
                }
                LOG.info("Partitions reassigned while paused; {} records read on them will be read again",
                        stray.count());
            }
            if (pending == null) {
                return;
            }
        }
        if (store(pending)) {
            pending = null;
            if (paused.compareAndSet(true, false)) {
                consumer.resume(consumer.paused());
                LOG.info("Sink resumed consuming: the store is available again");
            }
        } else if (paused.compareAndSet(false, true)) {
            consumer.pause(consumer.assignment());
            LOG.warn("Sink paused consuming; retrying the same batch every {} ms", retryBackoff.toMillis());
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tries to store one batch and commit it. Returns false (nothing committed) when a dependency is unavailable;
     * data the store refuses is dead-lettered rather than retried forever.
     */
    private boolean store(List<ConsumerRecord<String, byte[]>> batch) {
        long started = System.nanoTime();
        try {
            List<StoredAssessment> valid = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> validSources = new ArrayList<>();
            List<DeadLetters.Rejection> rejected = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : batch) {
                Decoded decoded = decoder.decode(r.topic(), r.value());
                if (decoded instanceof Decoded.Valid v) {
                    valid.add(new StoredAssessment(v.assessment(), r.partition(), r.offset()));
                    validSources.add(r);
                } else if (decoded instanceof Decoded.Rejected rej) {
                    rejected.add(new DeadLetters.Rejection(r, DeadLetters.letter(r, rej.reasonCode(), rej.reason())));
                }
            }
            // Signals of the version stored per note: a note twice in a batch is one stored note, the later version.
            Map<String, Integer> storedSignals = new HashMap<>();
            try {
                store.write(valid);
                valid.forEach(a -> storedSignals.put(a.noteId(), a.assessment().getSignals().size()));
            } catch (SQLException e) {
                if (!SqlFailure.rejectsData(e)) {
                    throw e;
                }
                writeOneByOne(valid, validSources, rejected, storedSignals);
            }
            deadLetters.publish(rejected);
            consumer.commitSync(nextOffsets(batch));
            notesWritten.increment(storedSignals.size());
            signalsWritten.increment(storedSignals.values().stream().mapToInt(Integer::intValue).sum());
            rejected.forEach(r -> meters.counter("vigil.sink.deadletters", "reason", r.letter().getReasonCode()).increment());
            batchTimer.record(Duration.ofNanos(System.nanoTime() - started));
            return true;
        } catch (SQLException e) {
            storeFailures.increment();
            LOG.warn("Store unavailable (SQLSTATE {}, {}); batch of {} records kept for retry",
                    e.getSQLState(), e.getClass().getSimpleName(), batch.size());
            return false;
        } catch (AssessmentDecoder.RegistryUnavailableException | DeadLetters.DeadLetterUnsentException e) {
            storeFailures.increment();
            LOG.warn("{}; batch of {} records kept for retry", e.getClass().getSimpleName(), batch.size());
            return false;
        } catch (CommitFailedException e) {
            // The partitions moved to another consumer, which re-reads from the last commit; the writes are
            // idempotent, so storing those records twice is harmless.
            LOG.warn("Offset commit refused after a rebalance; the new owner re-reads the batch");
            return true;
        } catch (RuntimeException e) {
            // Unknown failure: keep the thread and the batch, report unhealthy, and retry rather than lose records.
            storeFailures.increment();
            LOG.error("Unexpected {} while storing a batch of {} records; kept for retry",
                    e.getClass().getSimpleName(), batch.size());
            return false;
        }
    }

    /** The batch held a row PostgreSQL refuses: store the others, dead-letter the refused ones. */
    private void writeOneByOne(List<StoredAssessment> valid, List<ConsumerRecord<String, byte[]>> sources,
                               List<DeadLetters.Rejection> rejected, Map<String, Integer> storedSignals)
            throws SQLException {
        for (int i = 0; i < valid.size(); i++) {
            try {
                store.write(List.of(valid.get(i)));
                storedSignals.put(valid.get(i).noteId(), valid.get(i).assessment().getSignals().size());
            } catch (SQLException e) {
                if (!SqlFailure.rejectsData(e)) {
                    throw e;
                }
                rejected.add(new DeadLetters.Rejection(sources.get(i), DeadLetters.letter(sources.get(i),
                        "DB_REJECTED", "PostgreSQL refused the assessment (SQLSTATE " + e.getSQLState() + ")")));
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            next.merge(tp, new OffsetAndMetadata(r.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return next;
    }

    /**
     * A rebalance takes partitions away while a batch waits: forget the batch (its offsets were never committed,
     * so the next owner reads it again) and rewind the partitions we keep to the batch's first records.
     */
    private void dropPending(Collection<TopicPartition> revoked) {
        if (pending == null) {
            return;
        }
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : pending) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach((tp, offset) -> {
            if (!revoked.contains(tp) && consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
        pending = null;
        if (paused.compareAndSet(true, false)) {
            consumer.resume(consumer.paused());
        }
    }

    /** Stops after the batch in hand is stored and committed (or, if the store is down, left for a later run). */
    @Override
    public void close() {
        running = false;
        meters.remove(pausedGauge);
        Thread t = thread;
        if (t == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        try {
            t.join(Duration.ofSeconds(30).toMillis());
            if (t.isAlive()) {
                consumer.wakeup();
                t.join(Duration.ofSeconds(10).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
