package org.vigil.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.ConfigDef;
import org.vigil.deidentify.stream.DeidentifyStage;
import org.vigil.inference.stream.InferenceStage;
import org.vigil.ingest.IngestStage;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.sink.SinkStage;

import java.util.function.BiFunction;
import java.util.function.Supplier;

/** The four stages the launcher can run, each with its configuration definition and constructor. */
public enum StageKind {
    INGEST("ingest", IngestStage::definition, IngestStage::new),
    DEIDENTIFY("deidentify", DeidentifyStage::definition, DeidentifyStage::new),
    INFERENCE("inference", InferenceStage::definition, InferenceStage::new),
    SINK("sink", SinkStage::definition, SinkStage::new);

    private final String cliName;
    private final Supplier<ConfigDef> definition;
    private final BiFunction<VigilConfig, MeterRegistry, Stage> factory;

    StageKind(String cliName, Supplier<ConfigDef> definition, BiFunction<VigilConfig, MeterRegistry, Stage> factory) {
        this.cliName = cliName;
        this.definition = definition;
        this.factory = factory;
    }

    public String cliName() {
        return cliName;
    }

    public ConfigDef definition() {
        return definition.get();
    }

    public Stage create(VigilConfig config, MeterRegistry meters) {
        return factory.apply(config, meters);
    }

    /** Accepts the CLI name (deidentify, de-identify) or the enum name, case-insensitively. */
    public static StageKind parse(String name) {
        String wanted = name.toLowerCase(java.util.Locale.ROOT).replace("-", "");
        for (StageKind kind : values()) {
            if (kind.cliName.equals(wanted) || kind.name().equalsIgnoreCase(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown stage '" + name + "': expected ingest, deidentify, inference or sink");
    }
}
