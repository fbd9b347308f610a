package org.vigil.deidentify;

/** Why a note failed closed and went to quarantine instead of downstream. */
public enum ReasonCode {
    /** A recognizer or operator threw: the note cannot be shown to be clean. */
    RECOGNIZER_FAILED,
    /** De-identification took longer than {@code deid.note.timeout.ms}. */
    TIMEOUT,
    /** The note is longer than {@code deid.max.note.chars}. */
    OVERSIZE,
    /** The text is not valid Unicode (malformed UTF-8 decoded to U+FFFD, or unpaired surrogates). */
    INVALID_ENCODING,
    /** The raw record could not be read as a RawNote at all. */
    UNDESERIALIZABLE,
    /** Building the de-identified record failed after the text was cleaned (a bug, not the note's fault). */
    PROCESSING_FAILED,
    /** The input is of a kind the de-identifier does not handle (attachments, binary content). */
    UNSUPPORTED_INPUT
}
