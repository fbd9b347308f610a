package org.vigil.deidentify.text;

import java.util.Objects;

/**
 * One identifier found in a note's original text: {@code [start, end)} character offsets, its type, the
 * recognizer's confidence and which recognizer (or rule) found it.
 */
public record PhiSpan(PhiType type, int start, int end, double score, String recognizer) {

    public PhiSpan {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recognizer, "recognizer");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    public PhiCategory category() {
        return type.category();
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(PhiSpan other) {
        return start < other.end && other.start < end;
    }
}
