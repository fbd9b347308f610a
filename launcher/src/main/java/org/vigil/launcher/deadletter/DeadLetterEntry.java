package org.vigil.launcher.deadletter;

import org.vigil.schemas.DeadLetter;

import java.time.Instant;

/**
 * One record of the dead-letter or quarantine topic as an operator sees it: when, which stage, why (the code only:
 * the free-text reason may quote a parser's message), from what kind of source and where, as the stage stored it.
 * No field can carry note text.
 */
public record DeadLetterEntry(String topic, Instant time, String stage, String reasonCode, String sourceKind,
                              String position) {

    /** The stand-in for a record whose bytes do not decode as a DeadLetter: counted, never dropped silently. */
    public static final String UNREADABLE = "UNREADABLE_RECORD";

    static DeadLetterEntry of(String topic, DeadLetter letter) {
        return new DeadLetterEntry(topic, letter.getOccurredAt(), letter.getStage(), letter.getReasonCode(),
                SourceKind.of(letter), letter.getSourceLocation());
    }

    /** A record that is not a readable DeadLetter, located by its own coordinates on the topic. */
    static DeadLetterEntry unreadable(String topic, int partition, long offset, Instant time) {
        return new DeadLetterEntry(topic, time, "unknown", UNREADABLE, "unknown", topic + "/" + partition + "/" + offset);
    }
}
