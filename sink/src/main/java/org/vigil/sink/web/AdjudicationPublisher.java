package org.vigil.sink.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.Adjudication;
import org.vigil.sink.store.AlertQueue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes stored adjudications to the feedback topic (a transactional outbox): an adjudication is first committed
 * to PostgreSQL, then sent, then marked published once the broker acknowledged it. A send that fails is retried on
 * the next round, so none is lost; a crash between send and mark may send one twice (at least once).
 */
public final class AdjudicationPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdjudicationPublisher.class);

    private final AlertQueue alerts;
    private final Producer<String, Adjudication> producer;
    private final ScheduledExecutorService executor;
    private final Counter published;

    public AdjudicationPublisher(AlertQueue alerts, Producer<String, Adjudication> producer, Duration interval,
                                 MeterRegistry meters) {
        this.alerts = alerts;
        this.producer = producer;
        this.published = meters.counter("vigil.sink.adjudications.published");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-sink-adjudications");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::publishPending, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Publishes soon, without waiting for the next round (after a new adjudication). */
    public void nudge() {
        executor.execute(this::publishPending);
    }

    private void publishPending() {
        try {
            for (AlertQueue.Pending p : alerts.unpublished(100)) {
                producer.send(new ProducerRecord<>(Topics.ADJUDICATIONS.name(), p.record().getNoteId(), p.record()))
                        .get(10, TimeUnit.SECONDS);
                alerts.markPublished(p.id());
                published.increment();
            }
        } catch (SQLException e) {
            LOG.warn("Adjudication outbox unreadable (SQLSTATE {}); retrying next round", e.getSQLState());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Feedback topic did not acknowledge an adjudication ({}); retrying next round",
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Adjudication publishing failed ({}); retrying next round", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
