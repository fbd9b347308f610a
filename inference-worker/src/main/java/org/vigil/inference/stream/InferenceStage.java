package org.vigil.inference.stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.vigil.inference.NoteAssessor;
import org.vigil.inference.RiskTierPolicy;
import org.vigil.inference.backend.BackendSettings;
import org.vigil.inference.backend.InferenceBackend;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.StreamThreadReplacement;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The inference worker as a running stage: {@link InferenceTopology} in Kafka Streams with exactly_once_v2, so an
 * assessment (or dead letter) is written exactly when its input offset is committed, and a crash loses no note.
 */
public final class InferenceStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceStage.class);

    public static final String APPLICATION_ID = "inference.application.id";
    public static final String STREAM_THREADS = "inference.stream.threads";

    private final VigilConfig config;
    private final MeterRegistry meters;
    private KafkaStreams streams;
    private io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics clientMetrics;
    private InferenceBackend backend;

    public InferenceStage(VigilConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /** The common settings plus the inference stage's own. */
    public static ConfigDef definition() {
        ConfigDef def = VigilConfig.common()
                .define(APPLICATION_ID, Type.STRING, "vigil-inference", Importance.LOW,
                        "Kafka Streams application id (consumer group) of the inference stage.")
                .define(STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "Stream threads; with a model backend, concurrent threads also fill its micro-batches.");
        BackendSettings.define(def);
        return def;
    }

    @Override
    public String name() {
        return InferenceTopology.STAGE;
    }

    @Override
    public void start() {
        SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(config.schemaRegistryUrl()));
        backend = BackendSettings.open(config, meters);
        NoteAssessor assessor = new NoteAssessor(backend, new RiskTierPolicy(), Clock.systemUTC());
        Properties props = new Properties();
        Map<String, Object> settings = ClientSettings.streams(config, config.getString(APPLICATION_ID));
        props.putAll(settings);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(STREAM_THREADS));
        // A remote backend that waits out an outage must not be taken for a dead consumer.
        props.put(StreamsConfig.consumerPrefix("max.poll.interval.ms"), (int) Duration.ofMinutes(30).toMillis());
        props.put(StreamsConfig.consumerPrefix("max.poll.records"), 100);
        streams = new KafkaStreams(InferenceTopology.build(registry, assessor, meters, Clock.systemUTC()), props);
        // Client metrics (records-lag-max among them) feed the lag panel of the Grafana dashboard.
        clientMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams);
        clientMetrics.bindTo(meters);
        streams.setUncaughtExceptionHandler(new StreamThreadReplacement(InferenceTopology.STAGE, meters));
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        try {
            if (!running.await(60, TimeUnit.SECONDS)) {
                LOG.warn("inference stage not RUNNING after 60 s (state {})", streams.state());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the inference stage", e);
        }
        LOG.info("inference stage running with backend {}", backend.name());
    }

    @Override
    public boolean healthy() {
        if (streams == null) {
            return false;
        }
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
            clientMetrics = null;
        }
        if (streams != null) {
            // close() lets each thread finish its current record and commit its transaction.
            streams.close(Duration.ofSeconds(60));
            streams = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
