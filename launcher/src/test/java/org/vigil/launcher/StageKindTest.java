package org.vigil.launcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.lifecycle.Stage;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StageKindTest {

    @Test
    void eachStageGoesByOneNameInTheCommandLineLogsMetricsAndHealth() {
        for (StageKind kind : StageKind.values()) {
            Stage stage = kind.create(new VigilConfig(kind.definition(), Map.of()), new SimpleMeterRegistry());
            assertThat(stage.name()).isEqualTo(kind.cliName());
            assertThat(StageKind.parse(stage.name())).isEqualTo(kind);
        }
    }
}
