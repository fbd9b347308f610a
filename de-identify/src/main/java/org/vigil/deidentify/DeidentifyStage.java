package org.vigil.deidentify;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.StreamThreadReplacement;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the de-identify topology as a Kafka Streams application with exactly_once_v2: a raw note's
 * de-identified (or quarantine) record and its consumed offset commit in one transaction.
 */
public final class DeidentifyStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(DeidentifyStage.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final VigilConfig config;
    private final MeterRegistry meters;
    private final Map<String, String> env;
    private KafkaStreams streams;
    private io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics clientMetrics;

    public DeidentifyStage(VigilConfig config, MeterRegistry meters) {
        this(config, meters, System.getenv());
    }

    DeidentifyStage(VigilConfig config, MeterRegistry meters, Map<String, String> env) {
        this.config = config;
        this.meters = meters;
        this.env = env;
    }

    /** The common settings plus the stage's own {@code deid.*} settings. */
    public static ConfigDef definition() {
        return DeidSettings.define(VigilConfig.common());
    }

    @Override
    public String name() {
        return DeidentifyTopology.STAGE;
    }

    @Override
    public void start() {
        Deidentifier engine = new Deidentifier(Ruleset.standard(), DeidSettings.key(config, env), DeidSettings.options(config));
        SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(config.schemaRegistryUrl()));
        Properties props = new Properties();
        props.putAll(ClientSettings.streams(config, config.getString(DeidSettings.APPLICATION_ID)));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(DeidSettings.STREAM_THREADS));
        streams = new KafkaStreams(DeidentifyTopology.build(engine, registry, new DeidMetrics(meters)), props);
        // Client metrics (records-lag-max among them) feed the lag panel of the Grafana dashboard.
        clientMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams);
        clientMetrics.bindTo(meters);
        streams.setUncaughtExceptionHandler(new StreamThreadReplacement("de-identify", meters));
        streams.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (!streams.state().isRunningOrRebalancing() || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("De-identify stage did not reach RUNNING (state " + state + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the de-identify stage", e);
            }
        }
        LOG.info("De-identify stage running, ruleset {}, mode {}", engine.rulesetVersion(), engine.options().mode());
    }

    @Override
    public boolean healthy() {
        return streams != null && streams.state().isRunningOrRebalancing();
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
            clientMetrics = null;
        }
        if (streams != null) {
            // close() commits the open transaction of every task before it returns.
            streams.close(Duration.ofSeconds(30));
            streams = null;
        }
    }
}
