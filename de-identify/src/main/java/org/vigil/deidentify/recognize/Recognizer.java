package org.vigil.deidentify.recognize;

import org.vigil.deidentify.text.PhiSpan;

import java.util.List;

/**
 * Finds one family of identifiers in a note. Implementations are stateless after construction and safe to share
 * between threads; their patterns and word lists come from the ruleset's data files.
 */
public interface Recognizer {

    /** A short stable name, recorded in each span it finds. */
    String name();

    /** Adds every candidate identifier found in the note to {@code out}. */
    void recognize(NoteText note, List<PhiSpan> out);
}
