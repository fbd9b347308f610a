package org.vigil.runtime.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VigilConfigTest {

    @Test
    void environmentOverridesFileAndCommandLineOverridesEnvironment() {
        Map<String, Object> values = ConfigSource.load(Optional.empty(),
                Map.of("VIGIL_BOOTSTRAP_SERVERS", "env:9092", "VIGIL_TOPIC_PARTITIONS", "3", "HOME", "/root"),
                Map.of("topic.partitions", "4"));
        VigilConfig config = new VigilConfig(VigilConfig.common(), values);
        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.getInt(VigilConfig.TOPIC_PARTITIONS)).isEqualTo(4);
        assertThat(values).doesNotContainKey("home");
    }

    @Test
    void rejectsInvalidValueNamingTheSetting() {
        assertThatThrownBy(() -> new VigilConfig(VigilConfig.common(), Map.of("topic.partitions", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic.partitions");
    }

    @Test
    void referenceListsEverySettingWithItsDefault() {
        String md = ConfigReference.markdown(Map.of("common", VigilConfig.common()));
        assertThat(md).contains("| `bootstrap.servers` | list | `localhost:9092` |");
        assertThat(md).contains("| `topic.partitions` | int | `6` | [1,...] |");
    }
}
