package org.vigil.tools.signals;

import io.micrometer.core.instrument.MeterRegistry;
import org.vigil.inference.backend.BackendSettings;
import org.vigil.inference.backend.InferenceBackend;
import org.vigil.inference.stream.InferenceStage;
import org.vigil.runtime.config.VigilConfig;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The --backend and --set options the offline commands share, and the backend they open. */
public final class BackendOptions {

    @Option(names = "--backend", defaultValue = "rules",
            description = "Signal backend: rules, onnx, triton or openai (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any inference.* setting, e.g. --set inference.triton.url=http://localhost:8000")
    Map<String, String> settings = new LinkedHashMap<>();

    public InferenceBackend open(MeterRegistry meters) {
        Map<String, Object> values = new HashMap<>(settings);
        values.put(BackendSettings.BACKEND, backend);
        return BackendSettings.open(new VigilConfig(InferenceStage.definition(), values), meters);
    }
}
