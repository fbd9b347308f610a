package org.vigil.inference.backend;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;

/** The inference.* settings that choose and tune the backend, and the backend they describe. */
public final class BackendSettings {

    public static final String BACKEND = "inference.backend";

    private BackendSettings() {
    }

    public static void define(ConfigDef def) {
        def.define(BACKEND, Type.STRING, "rules", ValidString.in("rules"), Importance.HIGH,
                "Signal backend: rules (CPU, no model).");
    }

    /** Opens the configured backend. */
    public static InferenceBackend open(AbstractConfig config, MeterRegistry meters) {
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        return switch (config.getString(BACKEND)) {
            case "rules" -> new RulesBackend(rules);
            default -> throw new IllegalArgumentException("unknown backend " + config.getString(BACKEND));
        };
    }
}
