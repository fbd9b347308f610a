package org.vigil.runtime.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamThreadReplacementTest {

    @Test
    void aFailedThreadIsReplacedAndCounted() {
        var meters = new SimpleMeterRegistry();
        var handler = new StreamThreadReplacement("inference", meters);

        var response = handler.handle(new StreamsException("commit failed", new TimeoutException("timed out")));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(meters.counter("vigil.stream.threads.replaced", "stage", "inference").count()).isEqualTo(1.0);
    }

    @Test
    void theCauseChainNamesClassesButNoMessage() {
        String chain = StreamThreadReplacement.causes(
                new StreamsException("note of Jane Roe", new IllegalStateException("MRN 123456")));

        assertThat(chain).isEqualTo("org.apache.kafka.streams.errors.StreamsException <- java.lang.IllegalStateException");
    }
}
