package org.vigil.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many inputs ingest has read, published to the raw topic, sent to the dead letters (per reason code),
 * failed to deliver to Kafka at all, and skipped because they carry no note (per message type and trigger, e.g.
 * {@code ADT^A01}). read = published + deadLettered + failed + skipped + in flight.
 */
public record IngestCounts(long read, long published, long deadLettered, long failed, Map<String, Long> deadLettersByReason,
                           long skipped, Map<String, Long> skippedByKind) {

    public IngestCounts {
        deadLettersByReason = Map.copyOf(deadLettersByReason);
        skippedByKind = Map.copyOf(skippedByKind);
    }

    /** Counts with nothing skipped. */
    public IngestCounts(long read, long published, long deadLettered, long failed, Map<String, Long> deadLettersByReason) {
        this(read, published, deadLettered, failed, deadLettersByReason, 0, Map.of());
    }

    public static IngestCounts none() {
        return new IngestCounts(0, 0, 0, 0, Map.of());
    }

    /** One line for progress output: counts only, never content. */
    public String summary() {
        return "read=" + read + " published=" + published + " deadLettered=" + deadLettered
                + (failed > 0 ? " failed=" + failed : "")
                + (deadLettersByReason.isEmpty() ? "" : " " + new TreeMap<>(deadLettersByReason))
                + (skipped > 0 ? " skipped=" + skipped + " " + new TreeMap<>(skippedByKind) : "");
    }
}
