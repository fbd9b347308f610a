package org.vigil.deidentify.stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.Ruleset;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.runtime.lifecycle.StreamsLifecycle;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the de-identify topology as a Kafka Streams application with exactly_once_v2: a raw note's
 * de-identified (or quarantine) record and its consumed offset commit in one transaction.
 */
public final class DeidentifyStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(DeidentifyStage.class);

    private final VigilConfig config;
    private final MeterRegistry meters;
    private final Map<String, String> env;
    private StreamsLifecycle streams;

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
        streams = StreamsLifecycle.start(name(), DeidentifyTopology.build(engine, registry, new DeidMetrics(meters)), props, meters);
        LOG.info("De-identify stage running, ruleset {}, mode {}", engine.rulesetVersion(), engine.options().mode());
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
    }
}
