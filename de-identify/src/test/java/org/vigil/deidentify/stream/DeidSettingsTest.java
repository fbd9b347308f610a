package org.vigil.deidentify.stream;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.vigil.deidentify.DeidMode;
import org.vigil.runtime.config.VigilConfig;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeidSettingsTest {

    private static DeidMode modeOf(String value) {
        return DeidSettings.options(new VigilConfig(DeidentifyStage.definition(), Map.of(DeidSettings.MODE, value))).mode();
    }

    @Test
    void acceptsTheModeInLowerCaseAsTheIssueSpellsIt() {
        assertThat(modeOf("tag")).isEqualTo(DeidMode.TAG);
        assertThat(modeOf("surrogate")).isEqualTo(DeidMode.SURROGATE);
    }

    @Test
    void acceptsTheModeInUpperAndMixedCase() {
        assertThat(modeOf("TAG")).isEqualTo(DeidMode.TAG);
        assertThat(modeOf("Surrogate")).isEqualTo(DeidMode.SURROGATE);
    }

    @Test
    void refusesAnUnknownModeAtStart() {
        assertThatThrownBy(() -> modeOf("mask")).isInstanceOf(ConfigException.class).hasMessageContaining("deid.mode");
    }
}
