package org.vigil.runtime.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Streams stage does when one of its threads dies of an exception Kafka Streams does not handle itself (a
 * commit that times out while the broker restarts, say): start a new thread in its place. Kafka's default shuts the
 * whole client down, and a stage in ERROR processes nothing more until someone restarts it. Under exactly-once the
 * dead thread's open transaction is aborted, so the new thread re-reads from the last commit: nothing is lost or
 * duplicated.
 */
public final class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadReplacement.class);

    private final String stage;
    private final Counter replaced;

    public StreamThreadReplacement(String stage, MeterRegistry meters) {
        this.stage = stage;
        this.replaced = meters.counter("vigil.stream.threads.replaced", "stage", stage);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        replaced.increment();
        // Exception classes only, never messages: a message could quote a record.
        LOG.error("{} stream thread failed with {}; replacing the thread", stage, causes(failure));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The chain of exception classes, outermost first, e.g. "StreamsException <- TimeoutException". */
    static String causes(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause(), depth++) {
            if (depth > 0) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getName());
        }
        return chain.toString();
    }
}
