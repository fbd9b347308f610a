package org.vigil.ingest;

import org.junit.jupiter.api.Test;
import org.vigil.schemas.RawNote;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {

    private static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");
    private final Admission admission = new Admission("hospital-a", 40, Clock.fixed(NOW, ZoneOffset.UTC));

    private NoteDraft draft() {
        return new NoteDraft("folder", SourceLocation.label("n1.txt")).sourceNoteId("n1").patientId("P7").text("Pt calm, denies SI.");
    }

    @Test
    void buildsRawNoteWithStableKeyAndMetadata() {
        var accepted = (SourceRecord.Accepted) admission.admit(draft().encounterId("E3").noteType("Psychiatry")
                .authoredAt(Optional.of(Instant.parse("2026-01-02T03:04:05Z"))).attribute("sex", "F").contentType("text/plain"));
        RawNote note = accepted.note();
        assertThat(note.getNoteKey()).isEqualTo("hospital-a|n1");
        assertThat(note.getSourceSystem()).isEqualTo("hospital-a");
        assertThat(note.getPatientId()).isEqualTo("P7");
        assertThat(note.getEncounterId()).isEqualTo("E3");
        assertThat(note.getNoteType()).isEqualTo("Psychiatry");
        assertThat(note.getAuthorRole()).isNull();
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(note.getAttributes()).isEqualTo(Map.of("sex", "F"));
        assertThat(note.getIngest().getAdapter()).isEqualTo("folder");
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("n1.txt");
        assertThat(note.getIngest().getReceivedAt()).isEqualTo(NOW);
        assertThat(note.getIngest().getContentType()).isEqualTo("text/plain");
    }

    @Test
    void sourceSystemFromTheInputOverridesTheDefault() {
        var accepted = (SourceRecord.Accepted) admission.admit(draft().sourceSystem("epic-prod"));
        assertThat(accepted.note().getNoteKey()).isEqualTo("epic-prod|n1");
        assertThat(accepted.note().getNoteType()).isEqualTo("Unknown");
    }

    @Test
    void rejectsNoteWithoutPatient() {
        assertThat(admission.admit(draft().patientId(" ")))
                .isEqualTo(SourceRecord.rejected(RejectReason.MISSING_PATIENT, "The note names no patient", SourceLocation.label("n1.txt")));
    }

    @Test
    void rejectsNoteWithoutId() {
        assertThat(admission.admit(draft().sourceNoteId("")))
                .isEqualTo(SourceRecord.rejected(RejectReason.MISSING_NOTE_ID, "The note has no source identifier", SourceLocation.label("n1.txt")));
    }

    @Test
    void rejectsWhitespaceOnlyNote() {
        assertThat(admission.admit(draft().text(" \n\t ")))
                .isEqualTo(SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The note has no text", SourceLocation.label("n1.txt")));
    }

    @Test
    void rejectsNoteOverTheLimit() {
        assertThat(admission.admit(draft().text("x".repeat(41))))
                .isEqualTo(SourceRecord.rejected(RejectReason.OVERSIZE, "The note has 41 characters; the limit is 40", SourceLocation.label("n1.txt")));
        assertThat(admission.admit(draft().text("x".repeat(40)))).isInstanceOf(SourceRecord.Accepted.class);
    }
}
