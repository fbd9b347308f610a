package org.vigil.runtime.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.runtime.kafka.StreamThreadReplacement;

import java.time.Duration;
import java.util.Properties;

/**
 * The lifecycle every Kafka Streams stage shares, written once so the stages cannot drift apart: start, wait for
 * RUNNING (a stage that does not get there within its time-out fails, and `vigil run` exits non-zero), replace a
 * stream thread that dies, report health, close.
 */
public final class StreamsLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsLifecycle.class);

    /** How long a stage may take to join its group and be assigned its tasks. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long close waits: each thread finishes its record in hand (a remote model call included) and commits its
     * transaction, so a graceful stop loses and repeats nothing.
     */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final String stage;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics clientMetrics;

    private StreamsLifecycle(String stage, KafkaStreams streams, KafkaStreamsMetrics clientMetrics) {
        this.stage = stage;
        this.streams = streams;
        this.clientMetrics = clientMetrics;
    }

    /** Starts {@code topology} as stage {@code stage} and returns once it is RUNNING. */
    public static StreamsLifecycle start(String stage, Topology topology, Properties settings, MeterRegistry meters) {
        return start(stage, topology, settings, meters, START_TIMEOUT);
    }

    /**
     * Starts {@code topology} and returns once it is RUNNING; throws {@link IllegalStateException}, with the client
     * closed, if it fails or is not RUNNING within {@code timeout}.
     */
    public static StreamsLifecycle start(String stage, Topology topology, Properties settings, MeterRegistry meters,
                                         Duration timeout) {
        KafkaStreams streams = new KafkaStreams(topology, settings);
        // Client metrics (records-lag-max among them) feed the lag panel of the Grafana dashboard.
        KafkaStreamsMetrics clientMetrics = new KafkaStreamsMetrics(streams);
        clientMetrics.bindTo(meters);
        streams.setUncaughtExceptionHandler(new StreamThreadReplacement(stage, meters));
        StreamsLifecycle lifecycle = new StreamsLifecycle(stage, streams, clientMetrics);
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (!state.isRunningOrRebalancing() || System.nanoTime() > deadline) {
                lifecycle.close();
                throw new IllegalStateException("Stage " + stage + " did not reach RUNNING within " + timeout.toSeconds()
                        + " s (state " + state + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lifecycle.close();
                throw new IllegalStateException("Interrupted while starting stage " + stage, e);
            }
        }
        LOG.info("Stage {} running", stage);
        return lifecycle;
    }

    /** RUNNING or REBALANCING: processing, or about to again. */
    public boolean healthy() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        clientMetrics.close();
        // close() lets each thread finish its current record and commit its transaction.
        if (!streams.close(CLOSE_TIMEOUT)) {
            LOG.warn("Stage {} did not close within {} s", stage, CLOSE_TIMEOUT.toSeconds());
        }
    }
}
