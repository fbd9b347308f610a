package org.vigil.ingest.hl7;

import org.junit.jupiter.api.Test;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.hl7.Hl7Messages.mdm;
import static org.vigil.ingest.hl7.Hl7Messages.msh;
import static org.vigil.ingest.hl7.Hl7Messages.oru;
import static org.vigil.ingest.hl7.Hl7Messages.pid;

class Hl7NoteReaderTest {

    private final Hl7NoteReader reader = new Hl7NoteReader(new Admission("hosp", 10_000, Clock.systemUTC()),
            new ClinicalTime(ZoneId.of("UTC")), "hl7");

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    @Test
    void readsMdmT02JoiningTextObxInOrderAndDecodingEscapes() {
        RawNote note = note(reader.read(mdm("T02", "CTRL1", "MRN12345", "DOC-777", "Pt reports low mood.", "Denies SI\\T\\HI."), "")
                .record());
        assertThat(note.getNoteKey()).isEqualTo("hosp|DOC-777");
        assertThat(note.getPatientId()).isEqualTo("MRN12345");
        assertThat(note.getEncounterId()).isEqualTo("VISIT-88");
        assertThat(note.getNoteType()).isEqualTo("PN");
        assertThat(note.getAuthorRole()).isEqualTo("MD");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-03-05T10:00:00Z"));
        assertThat(note.getText()).isEqualTo("Pt reports low mood.\nDenies SI&HI.");
        assertThat(note.getAttributes()).isEqualTo(Map.of("sex", "F", "birthDate", "1984-02-29"));
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("MSH-10=CTRL1");
    }

    @Test
    void editedDocumentKeepsTheKeyOfTheOriginal() {
        RawNote original = note(reader.read(mdm("T02", "C1", "MRN1", "DOC-1", "First draft."), "").record());
        RawNote edit = note(reader.read(mdm("T08", "C2", "MRN1", "DOC-1", "Corrected."), "").record());
        assertThat(edit.getNoteKey()).isEqualTo(original.getNoteKey());
        assertThat(edit.getText()).isEqualTo("Corrected.");
    }

    @Test
    void readsOruR01FromVersion23WithFormattedTextAndSkipsNumericObx() {
        RawNote note = note(reader.read(oru("CTRL2", "MRN555"), "batch.hl7:4").record());
        assertThat(note.getNoteKey()).isEqualTo("hosp|FIL-9");
        assertThat(note.getNoteType()).isEqualTo("Consult note");
        assertThat(note.getEncounterId()).isEqualTo("ENC-5");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-03-06T07:45:00Z"));
        assertThat(note.getText()).isEqualTo("Line one\nLine two|three\nAddendum: safety plan&crisis line.");
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("batch.hl7:4 MSH-10=CTRL2");
    }

    @Test
    void deadLettersCancelledDocument() {
        String t11 = String.join("\r", msh("MDM^T11^MDM_T01", "CTRL3", "2.5.1"), pid("MRN1"),
                Hl7Messages.txa("DOC-777", "CA")) + "\r";
        assertThat(reader.read(t11, "").record()).isEqualTo(SourceRecord.rejected(RejectReason.NOTE_CANCELLED,
                "The sender cancelled the document (MDM^T11)", "MSH-10=CTRL3"));
    }

    @Test
    void deadLettersMessageWithoutPatientIdentifier() {
        assertThat(reader.read(mdm("T02", "CTRL4", "", "DOC-9", "Text."), "").record())
                .isEqualTo(SourceRecord.rejected(RejectReason.MISSING_PATIENT, "The note names no patient", "MSH-10=CTRL4"));
    }

    @Test
    void deadLettersMessageWithoutTextAsEmpty() {
        assertThat(reader.read(mdm("T02", "CTRL5", "MRN1", "DOC-9"), "").record())
                .isEqualTo(SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The note has no text", "MSH-10=CTRL5"));
    }

    @Test
    void deadLettersMessageTypesThatCarryNoNote() {
        String adt = String.join("\r", msh("ADT^A01^ADT_A01", "CTRL6", "2.5.1"), "EVN|A01|20240305", pid("MRN1")) + "\r";
        assertThat(reader.read(adt, "").record()).isEqualTo(SourceRecord.rejected(RejectReason.UNSUPPORTED_MESSAGE,
                "A ADT^A01 message carries no note; MDM and ORU^R01 do", "MSH-10=CTRL6"));
    }

    @Test
    void deadLettersUnparseableMessageWithItsControlId() {
        var read = reader.read("MSH|^~\\&|EHR|HOSP|||20240305||MDM^T02|CTRL7|P|9.9.9\rPID|1||Doe Jane\r", "");
        assertThat(read.message()).isEmpty();
        SourceRecord.Rejected rejected = (SourceRecord.Rejected) read.record();
        assertThat(rejected.rejection().reason()).isEqualTo(RejectReason.MALFORMED_HL7);
        assertThat(rejected.rejection().sourceLocation()).isEqualTo("MSH-10=CTRL7");
        assertThat(rejected.rejection().detail()).startsWith("The HL7 v2 message cannot be parsed (").doesNotContain("Doe");
    }
}
