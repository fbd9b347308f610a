package org.vigil.inference;

import org.vigil.schemas.RiskSignal;

import java.util.List;

/** Finds the risk signals of one de-identified note text, offline and without Kafka. */
public interface SignalExtractor {

    /** The signals in {@code text}, ordered by evidence offset; evidence offsets index into {@code text}. */
    List<RiskSignal> extract(String text);
}
