package org.vigil.runtime.lifecycle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamsLifecycleTest {

    private static Topology copy() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        return builder.build();
    }

    @Test
    void failsAndClosesWhenTheStageIsNotRunningWithinItsTimeout(@TempDir Path state) {
        Properties props = new Properties();
        // Nothing listens on port 1: the client can never join its group.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lifecycle-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        assertThatThrownBy(() -> StreamsLifecycle.start("deidentify", copy(), props, meters, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Stage deidentify did not reach RUNNING within 2 s");
        // The thread-replacement counter is registered under the stage's one name.
        assertThat(meters.find("vigil.stream.threads.replaced").tag("stage", "deidentify").counter()).isNotNull();
    }
}
