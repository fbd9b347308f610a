package org.vigil.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many inputs ingest has read, published to the raw topic, sent to the dead letters (per reason code), and
 * failed to deliver to Kafka at all. read = published + deadLettered + failed + in flight.
 */
public record IngestCounts(long read, long published, long deadLettered, long failed, Map<String, Long> deadLettersByReason) {

    public IngestCounts {
        deadLettersByReason = Map.copyOf(deadLettersByReason);
    }

    public static IngestCounts none() {
        return new IngestCounts(0, 0, 0, 0, Map.of());
    }

    /** One line for progress output: counts only, never content. */
    public String summary() {
        return "read=" + read + " published=" + published + " deadLettered=" + deadLettered
                + (failed > 0 ? " failed=" + failed : "")
                + (deadLettersByReason.isEmpty() ? "" : " " + new TreeMap<>(deadLettersByReason));
    }
}
