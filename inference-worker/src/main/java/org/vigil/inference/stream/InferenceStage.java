package org.vigil.inference.stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;
import org.vigil.inference.NoteAssessor;
import org.vigil.inference.RiskTierPolicy;
import org.vigil.inference.backend.BackendSettings;
import org.vigil.inference.backend.InferenceBackend;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.runtime.lifecycle.StreamsLifecycle;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

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
    private StreamsLifecycle streams;
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
        try {
            streams = StreamsLifecycle.start(name(), InferenceTopology.build(registry, assessor, meters, Clock.systemUTC()),
                    props, meters);
        } catch (RuntimeException e) {
            backend.close();
            backend = null;
            throw e;
        }
        LOG.info("inference stage running with backend {}", backend.name());
    }

    @Override
    public boolean healthy() {
        return streams != null && streams.healthy();
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
            streams = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
