package org.vigil.ingest;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.IdentifierHolder.PATIENT;
import static org.vigil.schemas.IdentifierHolder.PRACTITIONER;
import static org.vigil.schemas.KnownIdentifierKind.BIRTH_DATE;
import static org.vigil.schemas.KnownIdentifierKind.FAMILY_NAME;
import static org.vigil.schemas.KnownIdentifierKind.GIVEN_NAME;

class IdentifierSetTest {

    @Test
    void trimsDropsBlanksAndKeepsEachKindHolderValueOnceInFirstSeenOrder() {
        IdentifierSet set = new IdentifierSet()
                .add(FAMILY_NAME, PATIENT, " Ruiz ")
                .add(GIVEN_NAME, PATIENT, "Ana")
                .add(FAMILY_NAME, PATIENT, "Ruiz")
                .add(GIVEN_NAME, PATIENT, "  ")
                .add(GIVEN_NAME, PATIENT, null)
                .add(FAMILY_NAME, PRACTITIONER, "Ruiz");
        assertThat(set.toList()).containsExactly(
                new RecordIdentifier(FAMILY_NAME, PATIENT, "Ruiz"),
                new RecordIdentifier(GIVEN_NAME, PATIENT, "Ana"),
                new RecordIdentifier(FAMILY_NAME, PRACTITIONER, "Ruiz"));
    }

    @Test
    void writesBirthDatesAsIsoAndDropsUnreadableOnes() {
        IdentifierSet set = new IdentifierSet()
                .add(BIRTH_DATE, PATIENT, "02/03/1990")
                .add(BIRTH_DATE, PATIENT, "1990-02-03")
                .add(BIRTH_DATE, PATIENT, "last spring");
        assertThat(set.toList()).containsExactly(new RecordIdentifier(BIRTH_DATE, PATIENT, "1990-02-03"));
    }

    @Test
    void toStringLeavesTheValueOut() {
        assertThat(new RecordIdentifier(FAMILY_NAME, PATIENT, "Ruiz").toString())
                .isEqualTo("RecordIdentifier[FAMILY_NAME, PATIENT]");
    }

    @Test
    void admissionPutsTheIdentifiersIntoTheRawNote() {
        NoteDraft draft = new NoteDraft("test", SourceLocation.label("x")).sourceNoteId("n1").patientId("p1").text("Seen today.")
                .identifier(GIVEN_NAME, PATIENT, "Ana").identifier(GIVEN_NAME, PATIENT, "Ana ");
        var note = ((SourceRecord.Accepted) new Admission("s", 100, Clock.systemUTC()).admit(draft)).note();
        assertThat(note.getKnownIdentifiers()).containsExactly(new RecordIdentifier(GIVEN_NAME, PATIENT, "Ana").toAvro());
        assertThat(note.getKnownIdentifiers()).hasSize(1);
        assertThat(List.copyOf(note.getKnownIdentifiers()).get(0).getValue()).isEqualTo("Ana");
    }
}
