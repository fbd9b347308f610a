package org.vigil.deidentify;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.RecordIdentifier.Holder;
import org.vigil.deidentify.RecordIdentifier.Kind;
import org.vigil.deidentify.recognize.RecordRecognizer;
import org.vigil.deidentify.text.PhiCategory;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine with a note's record identifiers: invented people, in the shapes real notes and records have. */
class RecordIdentifierTest {

    static final String NOTE = "pt ana ruiz seen, dtr maria at bedside. DOB 2/3/90. MRN: 00123456. "
            + "dtr cell 555 123 4567. pt may go home; will f/u w/ dr okafor.";

    static final List<RecordIdentifier> KNOWN = List.of(
            new RecordIdentifier(Kind.GIVEN_NAME, Holder.PATIENT, "Ana"),
            new RecordIdentifier(Kind.GIVEN_NAME, Holder.PATIENT, "May"),
            new RecordIdentifier(Kind.FAMILY_NAME, Holder.PATIENT, "Ruiz"),
            new RecordIdentifier(Kind.BIRTH_DATE, Holder.PATIENT, "1990-02-03"),
            new RecordIdentifier(Kind.IDENTIFIER, Holder.PATIENT, "00123456"),
            new RecordIdentifier(Kind.GIVEN_NAME, Holder.RELATED_PERSON, "Maria"),
            new RecordIdentifier(Kind.TELECOM, Holder.RELATED_PERSON, "+1 (555) 123-4567"),
            new RecordIdentifier(Kind.FAMILY_NAME, Holder.PRACTITIONER, "Okafor"));

    private static Deidentifier engine(DeidMode mode) {
        return new Deidentifier(Ruleset.standard(), Found.KEY, DeidOptions.defaults().withMode(mode));
    }

    private static DeidResult.Clean clean(DeidResult r) {
        assertThat(r).isInstanceOf(DeidResult.Clean.class);
        return (DeidResult.Clean) r;
    }

    @Test
    void removesEveryRecordIdentifierAndKeepsTheCommonWordAPatientIsNamed() {
        DeidResult.Clean out = clean(engine(DeidMode.TAG).deidentify(NOTE, "p1", 2024, KNOWN));
        assertThat(out.text()).isEqualTo("pt [NAME] seen, dtr [NAME] at bedside. DOB [DATE]. MRN: [ID]. "
                + "dtr cell [CONTACT]. pt may go home; will f/u w/ dr [NAME].");
        assertThat(out.counts()).isEqualTo(Map.of(PhiCategory.NAME, 3, PhiCategory.DATE, 1, PhiCategory.ID, 1,
                PhiCategory.CONTACT, 1));
    }

    @Test
    void typesNamesByHolderAndIdentifiersByShape() {
        DeidResult.Clean out = clean(engine(DeidMode.TAG).deidentify(NOTE, "p1", 2024, KNOWN));
        assertThat(Found.render(NOTE, out.spans())).containsExactly("PATIENT:ana ruiz", "PATIENT:maria",
                "DATE:2/3/90", "MEDICALRECORD:00123456", "PHONE:555 123 4567", "DOCTOR:okafor");
    }

    @Test
    void findsWhatTheRulesAloneMissOnlyWithTheRecord() {
        String note = "marine tearful, ruiz-lopez family at bedside";
        List<RecordIdentifier> known = List.of(new RecordIdentifier(Kind.GIVEN_NAME, Holder.PATIENT, "Marine542"),
                new RecordIdentifier(Kind.FAMILY_NAME, Holder.PATIENT, "Ruiz-Lopez"));
        assertThat(clean(engine(DeidMode.TAG).deidentify(note, "p1", 2024)).text()).isEqualTo(note);
        assertThat(clean(engine(DeidMode.TAG).deidentify(note, "p1", 2024, known)).text())
                .isEqualTo("[NAME] tearful, [NAME] family at bedside");
    }

    @Test
    void aKnownIdentifierBeatsAWeakerGuessOfTheSameText() {
        String note = "ref 00123456 on file";
        DeidResult.Clean rulesOnly = clean(engine(DeidMode.TAG).deidentify(note, "p1", 2024));
        assertThat(Found.render(note, rulesOnly.spans())).containsExactly("IDNUM:00123456");
        DeidResult.Clean withRecord = clean(engine(DeidMode.TAG).deidentify(note, "p1", 2024, KNOWN));
        assertThat(Found.render(note, withRecord.spans())).containsExactly("MEDICALRECORD:00123456");
    }

    @Test
    void aLongerFindOfAnotherKindKeepsItsTypeOverANamePartInside() {
        String note = "email ana.ruiz@mail.example today";
        DeidResult.Clean out = clean(engine(DeidMode.TAG).deidentify(note, "p1", 2024, KNOWN));
        assertThat(Found.render(note, out.spans())).containsExactly("EMAIL:ana.ruiz@mail.example");
    }

    @Test
    void shiftsTheBirthDateLikeAnyOtherDateOfThePatient() {
        Deidentifier engine = engine(DeidMode.SURROGATE);
        String note = "born February 3, 1990";
        DeidResult.Clean out = clean(engine.deidentify(note, "p1", 2024,
                List.of(new RecordIdentifier(Kind.BIRTH_DATE, Holder.PATIENT, "1990-02-03"))));
        LocalDate shifted = LocalDate.of(1990, 2, 3).plusDays(engine.shiftDays("p1"));
        assertThat(out.text()).isEqualTo("born " + shifted.format(DateTimeFormatter.ofPattern("MMMM d, yyyy",
                java.util.Locale.ENGLISH)));
    }

    @Test
    void aNoteWithoutIdentifiersIsDeidentifiedAsByTheOverloadWithout() {
        Deidentifier engine = engine(DeidMode.SURROGATE);
        DeidResult.Clean without = clean(engine.deidentify(NOTE, "p1", 2024));
        DeidResult.Clean empty = clean(engine.deidentify(NOTE, "p1", 2024, List.of()));
        assertThat(empty).isEqualTo(without);
        assertThat(Ruleset.standard().recognizers()).noneMatch(r -> r.name().equals(RecordRecognizer.NAME));
    }

    @Test
    void aRecordIdentifierPrintsWithoutItsValue() {
        assertThat(new RecordIdentifier(Kind.GIVEN_NAME, Holder.PATIENT, "Ana").toString())
                .isEqualTo("RecordIdentifier[kind=GIVEN_NAME, holder=PATIENT]");
    }
}
