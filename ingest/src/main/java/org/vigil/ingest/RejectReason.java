package org.vigil.ingest;

/** Why ingest refused an input: the reason code carried by its dead letter and counted per adapter. */
public enum RejectReason {
    /** The note names no patient, so nothing downstream could attribute a risk signal to anyone. */
    MISSING_PATIENT,
    /** The source gives the note no identifier, so it has no stable key. */
    MISSING_NOTE_ID,
    /** The note has no text, or only whitespace. */
    EMPTY_NOTE,
    /** The note or request is larger than the configured limit. */
    OVERSIZE,
    /** The bytes are not text in any encoding ingest recognises. */
    INVALID_ENCODING,
    /** A CSV row or file that cannot be parsed (broken quoting, wrong field count, unknown column layout). */
    MALFORMED_CSV,
    /** A sidecar or manifest with note metadata that cannot be parsed. */
    MALFORMED_METADATA,
    /** FHIR content that the HAPI parser refuses, or a resource missing what a note needs. */
    MALFORMED_FHIR,
    /** An HL7 v2 message that the HAPI parser refuses, or one missing what a note needs. */
    MALFORMED_HL7,
    /** A timestamp that matches none of the accepted formats. */
    INVALID_TIMESTAMP,
    /**
     * The source itself marks the note as entered in error and names no stored note to withdraw (MIMIC ISERROR=1). FHIR
     * entered-in-error is a withdrawal of the note ({@code NoteLifecycle.WITHDRAWN}), not a dead letter.
     */
    ENTERED_IN_ERROR,
    /**
     * The sender withdrew the document. No longer produced: MDM^T11 and TXA-19 = CA now withdraw the stored note
     * ({@code NoteLifecycle.WITHDRAWN}); kept so dead letters written before still read.
     */
    NOTE_CANCELLED,
    /** A FHIR resource type that carries no note (e.g. a bare Observation). */
    UNSUPPORTED_RESOURCE,
    /** An HL7 v2 message type or event that carries no note (e.g. ADT^A01). */
    UNSUPPORTED_MESSAGE,
    /** An attachment or request content type ingest cannot turn into text. */
    UNSUPPORTED_CONTENT_TYPE,
    /** A PDF without a text layer (scanned or image only): ingest reads text layers and runs no OCR. */
    NO_TEXT_LAYER,
    /** A PDF that needs a password to be opened. */
    ENCRYPTED_PDF,
    /** A PDF (or an attachment declared as one) that PDFBox cannot read. */
    MALFORMED_PDF,
    /** Reading a PDF's text took longer than {@code ingest.pdf.timeout.ms}. */
    EXTRACTION_TIMEOUT,
    /** A file that could not be read at all. */
    UNREADABLE_SOURCE
}
