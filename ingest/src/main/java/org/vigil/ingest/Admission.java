package org.vigil.ingest;

import org.vigil.schemas.IngestMetadata;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RawNote;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Decides whether a drafted note enters the pipeline: it needs a note id, a patient, and text within the size
 * limit; a withdrawal (a cancelled note) needs no text and carries none, since the cancelled content is not to be
 * processed. Every adapter goes through this one gate, so the same bad input gets the same reason code everywhere.
 */
public final class Admission {

    /** Note type used when a source gives none. */
    public static final String UNKNOWN_NOTE_TYPE = "Unknown";

    private final String defaultSourceSystem;
    private final int maxNoteChars;
    private final Clock clock;

    public Admission(String defaultSourceSystem, int maxNoteChars, Clock clock) {
        if (defaultSourceSystem.isBlank()) {
            throw new IllegalArgumentException("The default source system must not be blank");
        }
        this.defaultSourceSystem = defaultSourceSystem;
        this.maxNoteChars = maxNoteChars;
        this.clock = clock;
    }

    public int maxNoteChars() {
        return maxNoteChars;
    }

    public SourceRecord admit(NoteDraft draft) {
        SourceLocation location = draft.sourceLocation();
        if (draft.sourceNoteId().isEmpty()) {
            return SourceRecord.rejected(RejectReason.MISSING_NOTE_ID, "The note has no source identifier", location);
        }
        if (draft.patientId().isEmpty()) {
            return SourceRecord.rejected(RejectReason.MISSING_PATIENT, "The note names no patient", location);
        }
        boolean withdrawal = draft.lifecycle() == NoteLifecycle.WITHDRAWN;
        if (!withdrawal && draft.text().isBlank()) {
            return SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The note has no text", location);
        }
        if (!withdrawal && draft.text().length() > maxNoteChars) {
            return SourceRecord.rejected(RejectReason.OVERSIZE,
                    "The note has " + draft.text().length() + " characters; the limit is " + maxNoteChars, location);
        }
        String system = draft.sourceSystem().isEmpty() ? defaultSourceSystem : draft.sourceSystem();
        RawNote note = RawNote.newBuilder()
                .setNoteKey(noteKey(system, draft.sourceNoteId()))
                .setSourceSystem(system)
                .setSourceNoteId(draft.sourceNoteId())
                .setPatientId(draft.patientId())
                .setEncounterId(emptyToNull(draft.encounterId()))
                .setNoteType(draft.noteType().isEmpty() ? UNKNOWN_NOTE_TYPE : draft.noteType())
                .setAuthorRole(emptyToNull(draft.authorRole()))
                .setAuthoredAt(draft.authoredAt().orElse(null))
                .setText(withdrawal ? "" : draft.text())
                .setLifecycle(draft.lifecycle())
                .setReplacesSourceNoteId(emptyToNull(draft.replacesSourceNoteId()))
                .setAttributes(new HashMap<>(draft.attributes()))
                .setKnownIdentifiers(new ArrayList<>(draft.identifiers().stream().map(RecordIdentifier::toAvro).toList()))
                .setIngest(IngestMetadata.newBuilder()
                        .setAdapter(draft.adapter())
                        // The raw topic alone keeps the location as the source wrote it (file names, resource ids).
                        .setSourceLocation(location.original())
                        .setReceivedAt(clock.instant())
                        .setContentType(emptyToNull(draft.contentType()))
                        .setCharset(emptyToNull(draft.charset()))
                        .build())
                .build();
        return new SourceRecord.Accepted(note);
    }

    /** The stable key of a note: re-sending the same note from the same system yields the same key. */
    public static String noteKey(String sourceSystem, String sourceNoteId) {
        return sourceSystem + "|" + sourceNoteId;
    }

    private static String emptyToNull(String value) {
        // Avro optional fields are nullable unions; the null stays inside this builder call.
        return value.isEmpty() ? null : value;
    }
}
