package org.vigil.deidentify;

/** Thrown inside the engine when a note's time budget is spent; the note then fails closed with TIMEOUT. */
public final class NoteTimeoutException extends RuntimeException {

    public NoteTimeoutException(long budgetMillis) {
        super("de-identification exceeded its budget of " + budgetMillis + " ms", null, false, false);
    }
}
