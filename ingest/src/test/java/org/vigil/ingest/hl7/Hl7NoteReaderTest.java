package org.vigil.ingest.hl7;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.PdfText;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RawNote;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.IdentifierHolder.PATIENT;
import static org.vigil.schemas.IdentifierHolder.PRACTITIONER;
import static org.vigil.schemas.IdentifierHolder.RELATED_PERSON;
import static org.vigil.schemas.KnownIdentifierKind.ADDRESS_LINE;
import static org.vigil.schemas.KnownIdentifierKind.BIRTH_DATE;
import static org.vigil.schemas.KnownIdentifierKind.CITY;
import static org.vigil.schemas.KnownIdentifierKind.FAMILY_NAME;
import static org.vigil.schemas.KnownIdentifierKind.GIVEN_NAME;
import static org.vigil.schemas.KnownIdentifierKind.IDENTIFIER;
import static org.vigil.schemas.KnownIdentifierKind.POSTAL_CODE;
import static org.vigil.schemas.KnownIdentifierKind.TELECOM;
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
    void cancellationWithdrawsTheDocumentUnderItsOwnKeyWithoutItsText() {
        RawNote original = note(reader.read(mdm("T02", "C1", "MRN1", "DOC-777", "Wrong patient's note."), "").record());
        String t11 = String.join("\r", msh("MDM^T11^MDM_T01", "CTRL3", "2.5.1"), pid("MRN1"),
                Hl7Messages.txa("DOC-777", "CA"), Hl7Messages.obx(1, "TX", "Wrong patient's note.")) + "\r";
        RawNote withdrawal = note(reader.read(t11, "").record());
        assertThat(withdrawal.getNoteKey()).isEqualTo(original.getNoteKey()).isEqualTo("hosp|DOC-777");
        assertThat(withdrawal.getLifecycle()).isEqualTo(NoteLifecycle.WITHDRAWN);
        assertThat(withdrawal.getText()).isEmpty();
        assertThat(withdrawal.getPatientId()).isEqualTo("MRN1");
    }

    @Test
    void availabilityCancelledOnAnyMdmEventWithdrawsTheDocument() {
        RawNote withdrawal = note(reader.read(Hl7Messages.mdmOf("T03", "C9", "MRN1", Hl7Messages.txa("DOC-5", "CA")), "").record());
        assertThat(withdrawal.getLifecycle()).isEqualTo(NoteLifecycle.WITHDRAWN);
        assertThat(withdrawal.getNoteKey()).isEqualTo("hosp|DOC-5");
    }

    @Test
    void cancellationWithoutTxaIsMalformed() {
        String t11 = String.join("\r", msh("MDM^T11^MDM_T01", "CTRL3", "2.5.1"), pid("MRN1")) + "\r";
        assertThat(reader.read(t11, "").record()).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_HL7,
                "The MDM message has no TXA segment", SourceLocation.label("MSH-10=CTRL3")));
    }

    @Test
    void replacementNamesTheParentDocumentItSupersedes() {
        RawNote replacement = note(reader.read(Hl7Messages.mdmOf("T10", "C2", "MRN1",
                Hl7Messages.txa("DOC-2", "DOC-1", "AV"), "Replaced text."), "").record());
        assertThat(replacement.getNoteKey()).isEqualTo("hosp|DOC-2");
        assertThat(replacement.getLifecycle()).isEqualTo(NoteLifecycle.REPLACES);
        assertThat(replacement.getReplacesSourceNoteId()).isEqualTo("DOC-1");
        assertThat(replacement.getText()).isEqualTo("Replaced text.");
    }

    @Test
    void editUnderANewNumberReplacesTheParentAndUnderTheSameNumberIsTheSameNote() {
        RawNote renumbered = note(reader.read(Hl7Messages.mdmOf("T08", "C3", "MRN1",
                Hl7Messages.txa("DOC-3", "DOC-1", "AV"), "Edited."), "").record());
        assertThat(renumbered.getLifecycle()).isEqualTo(NoteLifecycle.REPLACES);
        assertThat(renumbered.getReplacesSourceNoteId()).isEqualTo("DOC-1");
        RawNote sameNumber = note(reader.read(Hl7Messages.mdmOf("T08", "C4", "MRN1",
                Hl7Messages.txa("DOC-1", "DOC-1", "AV"), "Edited."), "").record());
        assertThat(sameNumber.getNoteKey()).isEqualTo("hosp|DOC-1");
        assertThat(sameNumber.getLifecycle()).isEqualTo(NoteLifecycle.CURRENT);
        assertThat(sameNumber.getReplacesSourceNoteId()).isNull();
    }

    @Test
    void obsoleteDocumentIsKeptAndFlaggedSuperseded() {
        RawNote obsolete = note(reader.read(Hl7Messages.mdmOf("T02", "C5", "MRN1",
                Hl7Messages.txa("DOC-4", "OB"), "Old version."), "").record());
        assertThat(obsolete.getLifecycle()).isEqualTo(NoteLifecycle.SUPERSEDED);
        assertThat(obsolete.getText()).isEqualTo("Old version.");
    }

    @Test
    void deadLettersMessageWithoutPatientIdentifier() {
        assertThat(reader.read(mdm("T02", "CTRL4", "", "DOC-9", "Text."), "").record())
                .isEqualTo(SourceRecord.rejected(RejectReason.MISSING_PATIENT, "The note names no patient", SourceLocation.label("MSH-10=CTRL4")));
    }

    @Test
    void deadLettersMessageWithoutTextAsEmpty() {
        assertThat(reader.read(mdm("T02", "CTRL5", "MRN1", "DOC-9"), "").record())
                .isEqualTo(SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The note has no text", SourceLocation.label("MSH-10=CTRL5")));
    }

    @Test
    void skipsMessagesThatCarryNoNoteByTheirTypeAndTrigger() {
        SourceRecord.Skipped adt = (SourceRecord.Skipped) reader.read(Hl7Messages.adt("CTRL6"), "").record();
        assertThat(adt).isEqualTo(new SourceRecord.Skipped("ADT", "A01", "A ADT^A01 message carries no note; MDM and ORU^R01 do",
                SourceLocation.label("MSH-10=CTRL6")));
        assertThat(adt.kind()).isEqualTo("ADT^A01");
        assertThat(reader.read(Hl7Messages.labResult("CTRL8"), "lab.hl7:1").record()).isEqualTo(new SourceRecord.Skipped("ORU", "R01",
                "An ORU^R01 without text results (OBX of type TX, FT, ST or ED) carries no note", SourceLocation.label("lab.hl7:1 MSH-10=CTRL8")));
        assertThat(reader.read(Hl7Messages.mdmNotification("T05", "CTRL9"), "").record()).isEqualTo(new SourceRecord.Skipped("MDM", "T05",
                "MDM^T05 carries no document content", SourceLocation.label("MSH-10=CTRL9")));
    }

    @Test
    void deadLettersMessagesThatCarryNoNoteWhenSoConfigured() {
        Hl7NoteReader deadLetters = new Hl7NoteReader(new Admission("hosp", 10_000, Clock.systemUTC()),
                new ClinicalTime(ZoneId.of("UTC")), "hl7", Hl7NoteReader.WithoutNote.DEAD_LETTER,
                PdfText.defaults(new Admission("hosp", 10_000, Clock.systemUTC())));
        assertThat(deadLetters.read(Hl7Messages.adt("CTRL6"), "").record()).isEqualTo(SourceRecord.rejected(
                RejectReason.UNSUPPORTED_MESSAGE, "A ADT^A01 message carries no note; MDM and ORU^R01 do", SourceLocation.label("MSH-10=CTRL6")));
        assertThat(deadLetters.read(Hl7Messages.labResult("CTRL8"), "").record()).isEqualTo(SourceRecord.rejected(
                RejectReason.EMPTY_NOTE, "The note has no text", SourceLocation.label("MSH-10=CTRL8")));
        assertThat(deadLetters.read(Hl7Messages.mdmNotification("T01", "CTRL9"), "").record()).isEqualTo(SourceRecord.rejected(
                RejectReason.UNSUPPORTED_MESSAGE, "MDM^T01 carries no document content", SourceLocation.label("MSH-10=CTRL9")));
    }

    @Test
    void stillDeadLettersMalformedMessagesAndResultsWhoseTextIsBlank() {
        String noTxa = String.join("\r", msh("MDM^T02^MDM_T02", "CTRL10", "2.5.1"), pid("MRN1"),
                Hl7Messages.obx(1, "TX", "Text.")) + "\r";
        assertThat(reader.read(noTxa, "").record()).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_HL7,
                "The MDM message has no TXA segment", SourceLocation.label("MSH-10=CTRL10")));
        assertThat(reader.read(Hl7Messages.oruWith("CTRL11", Hl7Messages.obx(1, "TX", "")), "").record())
                .isEqualTo(SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The note has no text", SourceLocation.label("MSH-10=CTRL11")));
        assertThat(reader.read(Hl7Messages.mdmNotification("T99", "CTRL12"), "").record()).isEqualTo(SourceRecord.rejected(
                RejectReason.UNSUPPORTED_MESSAGE, "MDM^T99 carries no document content", SourceLocation.label("MSH-10=CTRL12")));
    }

    @Test
    void keepsSenderTextOutOfTheSkippedMessagesCodes() {
        SourceRecord.Skipped odd = new SourceRecord.Skipped("Jane Doe", "", "x", SourceLocation.label("y"));
        assertThat(odd.kind()).isEqualTo("other^none");
    }

    @Test
    void deadLettersUnparseableMessageWithItsControlId() {
        var read = reader.read("MSH|^~\\&|EHR|HOSP|||20240305||MDM^T02|CTRL7|P|9.9.9\rPID|1||Doe Jane\r", "");
        assertThat(read.message()).isEmpty();
        SourceRecord.Rejected rejected = (SourceRecord.Rejected) read.record();
        assertThat(rejected.rejection().reason()).isEqualTo(RejectReason.MALFORMED_HL7);
        assertThat(rejected.rejection().sourceLocation().original()).isEqualTo("MSH-10=CTRL7");
        assertThat(rejected.rejection().detail()).startsWith("The HL7 v2 message cannot be parsed (").doesNotContain("Doe");
    }

    private static KnownIdentifier id(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        return KnownIdentifier.newBuilder().setKind(kind).setHolder(holder).setValue(value).build();
    }

    @Test
    void carriesThePatientsNextOfKinsAndCliniciansIdentifiersOfAnMdmMessage() {
        RawNote note = note(reader.read(Hl7Messages.mdmWithPeople("CTRL8"), "").record());
        assertThat(note.getKnownIdentifiers()).containsExactlyInAnyOrder(
                id(IDENTIFIER, PATIENT, "MRN-7781"), id(IDENTIFIER, PATIENT, "A-55"), id(IDENTIFIER, PATIENT, "ACCT-90210"),
                id(IDENTIFIER, PATIENT, "999-00-1111"), id(IDENTIFIER, PATIENT, "Q4455-1234"),
                id(FAMILY_NAME, PATIENT, "Quinlan"), id(GIVEN_NAME, PATIENT, "Maren"), id(GIVEN_NAME, PATIENT, "Isolde"),
                id(FAMILY_NAME, PATIENT, "Brandt"),
                id(BIRTH_DATE, PATIENT, "1987-04-12"),
                id(ADDRESS_LINE, PATIENT, "417 Larkspur Way"), id(ADDRESS_LINE, PATIENT, "Apt 3"), id(CITY, PATIENT, "Brookfield"),
                id(POSTAL_CODE, PATIENT, "53005"),
                id(TELECOM, PATIENT, "(262)555-0143"), id(TELECOM, PATIENT, "maren.q@example.org"), id(TELECOM, PATIENT, "2625550199"),
                id(FAMILY_NAME, RELATED_PERSON, "Eckert"), id(GIVEN_NAME, RELATED_PERSON, "Liesel"),
                id(FAMILY_NAME, RELATED_PERSON, "Quinlan"), id(GIVEN_NAME, RELATED_PERSON, "Tobias"),
                id(ADDRESS_LINE, RELATED_PERSON, "417 Larkspur Way"), id(CITY, RELATED_PERSON, "Brookfield"),
                id(POSTAL_CODE, RELATED_PERSON, "53005"),
                id(TELECOM, RELATED_PERSON, "(262)555-0144"), id(TELECOM, RELATED_PERSON, "(262)555-0188"),
                id(IDENTIFIER, PRACTITIONER, "1234"), id(FAMILY_NAME, PRACTITIONER, "Okafor"), id(GIVEN_NAME, PRACTITIONER, "Adaeze"),
                id(IDENTIFIER, PRACTITIONER, "5678"), id(FAMILY_NAME, PRACTITIONER, "Lindqvist"), id(GIVEN_NAME, PRACTITIONER, "Per"),
                id(FAMILY_NAME, PRACTITIONER, "Smith"), id(GIVEN_NAME, PRACTITIONER, "John"),
                id(IDENTIFIER, PRACTITIONER, "9012"), id(FAMILY_NAME, PRACTITIONER, "Haddad"), id(GIVEN_NAME, PRACTITIONER, "Rami"));
    }

    @Test
    void carriesTheOrderingProviderAndResultInterpreterOfAnOruMessage() {
        RawNote note = note(reader.read(Hl7Messages.oruWithClinicians("CTRL9"), "").record());
        assertThat(note.getKnownIdentifiers()).containsExactlyInAnyOrder(
                id(IDENTIFIER, PATIENT, "MRN555"), id(IDENTIFIER, PATIENT, "999-00-1111"),
                id(FAMILY_NAME, PATIENT, "Doe"), id(GIVEN_NAME, PATIENT, "Jane"), id(BIRTH_DATE, PATIENT, "1984-02-29"),
                id(IDENTIFIER, PRACTITIONER, "7788"), id(FAMILY_NAME, PRACTITIONER, "Varga"), id(GIVEN_NAME, PRACTITIONER, "Tamas"),
                id(IDENTIFIER, PRACTITIONER, "3344"), id(FAMILY_NAME, PRACTITIONER, "Brenner"), id(GIVEN_NAME, PRACTITIONER, "Ilse"));
    }

    @Test
    void dropsAnUnreadableBirthDateButKeepsTheNote() {
        String message = Hl7Messages.mdm("T02", "CTRL10", "MRN1", "DOC-5", "Text.").replace("|19840229|", "|1984|");
        RawNote note = note(reader.read(message, "").record());
        assertThat(note.getKnownIdentifiers()).noneMatch(i -> i.getKind() == BIRTH_DATE);
        assertThat(note.getKnownIdentifiers()).contains(id(FAMILY_NAME, PATIENT, "Doe"));
    }
}
