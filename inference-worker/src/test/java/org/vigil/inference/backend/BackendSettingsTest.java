package org.vigil.inference.backend;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.vigil.inference.model.OnnxBackend;
import org.vigil.inference.stream.InferenceStage;
import org.vigil.runtime.config.VigilConfig;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSettingsTest {

    private static InferenceBackend open(Map<String, Object> values) {
        return BackendSettings.open(new VigilConfig(InferenceStage.definition(), values), new SimpleMeterRegistry());
    }

    @Test
    void rulesIsTheDefault() {
        assertThat(open(Map.of())).isInstanceOf(RulesBackend.class);
    }

    @Test
    void onnxOpensTheShippedModelOnCpu() {
        try (InferenceBackend b = open(Map.of(BackendSettings.BACKEND, "onnx", BackendSettings.ONNX_DEVICE, "cpu"))) {
            assertThat(b).isInstanceOf(OnnxBackend.class);
            assertThat(((OnnxBackend) b).device()).isEqualTo("cpu");
            assertThat(b.name()).isEqualTo("onnx+rules");
        }
    }

    @Test
    void remoteBackendsAreWrappedWithRetriesBreakerAndFallback() {
        try (InferenceBackend b = open(Map.of(BackendSettings.BACKEND, "triton"))) {
            assertThat(b).isInstanceOf(ResilientBackend.class);
            assertThat(b.name()).isEqualTo("triton+rules");
        }
        try (InferenceBackend b = open(Map.of(BackendSettings.BACKEND, "openai"))) {
            assertThat(b).isInstanceOf(ResilientBackend.class);
            assertThat(b.name()).isEqualTo("openai+rules");
        }
    }

    @Test
    void anUnknownBackendFailsAtStartWithTheSettingsName() {
        assertThatThrownBy(() -> open(Map.of(BackendSettings.BACKEND, "bert")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("inference.backend");
    }
}
