package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.RecordIdentifier;
import org.vigil.deidentify.RecordIdentifier.Holder;
import org.vigil.deidentify.RecordIdentifier.Kind;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.resolve.Resolver;
import org.vigil.deidentify.text.PhiSpan;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the record-identifier pass alone finds (resolved), as TYPE:text; the people are invented. */
class RecordRecognizerTest {

    private static final RecordRecognizer.Words WORDS = RecordRecognizer.Words.of(Ruleset.standard());

    static List<String> found(String text, RecordIdentifier... known) {
        List<PhiSpan> out = new ArrayList<>();
        RecordRecognizer.of(List.of(known), WORDS).recognize(NoteText.of(text), out);
        List<String> rendered = new ArrayList<>();
        for (PhiSpan s : new Resolver().resolve(out)) {
            rendered.add(s.type() + ":" + text.substring(s.start(), s.end()));
        }
        return rendered;
    }

    static RecordIdentifier patient(Kind kind, String value) {
        return new RecordIdentifier(kind, Holder.PATIENT, value);
    }

    static RecordIdentifier related(Kind kind, String value) {
        return new RecordIdentifier(kind, Holder.RELATED_PERSON, value);
    }

    static RecordIdentifier practitioner(Kind kind, String value) {
        return new RecordIdentifier(kind, Holder.PRACTITIONER, value);
    }

    private static final RecordIdentifier ANA = patient(Kind.GIVEN_NAME, "Ana");
    private static final RecordIdentifier RUIZ = patient(Kind.FAMILY_NAME, "Ruiz");

    @Test
    void findsEachNamePartAloneInAnyCaseAndTheWholeNameAsOneSpan() {
        assertThat(found("pt ana ruiz seen, dtr maria at bedside. ANA tearful. Ana slept.", ANA, RUIZ,
                related(Kind.GIVEN_NAME, "Maria"), related(Kind.FAMILY_NAME, "Ruiz")))
                .containsExactly("PATIENT:ana ruiz", "PATIENT:maria", "PATIENT:ANA", "PATIENT:Ana");
    }

    @Test
    void leavesAPossessiveOutsideTheName() {
        assertThat(found("Ana's mood better; spoke w/ RUIZ'S sister", ANA, RUIZ))
                .containsExactly("PATIENT:Ana", "PATIENT:RUIZ");
    }

    @Test
    void findsHyphenatedNamesFromTheirPartsOrWhole() {
        assertThat(found("Ana Ruiz-Lopez seen; ruiz-lopez family", ANA, RUIZ, patient(Kind.FAMILY_NAME, "Lopez")))
                .containsExactly("PATIENT:Ana Ruiz-Lopez", "PATIENT:ruiz-lopez");
        assertThat(found("mrs ruiz-lopez called; Lopez aware", patient(Kind.FAMILY_NAME, "Ruiz-Lopez")))
                .containsExactly("PATIENT:ruiz-lopez", "PATIENT:Lopez");
    }

    @Test
    void findsNamesWithACurlyApostropheAndAPossessiveAfterAHyphenatedName() {
        assertThat(found("O\u2019Brien\u2019s daughter; ruiz-lopez's chart; follow-up", patient(Kind.FAMILY_NAME, "O'Brien"),
                RUIZ)).containsExactly("PATIENT:O\u2019Brien", "PATIENT:ruiz-lopez");
    }

    @Test
    void findsLastCommaFirstAndAnInitialWithTheSurname() {
        assertThat(found("RUIZ, ANA\nseen by A. Ruiz and a ruiz; Ruiz, A.", ANA, RUIZ))
                .containsExactly("PATIENT:RUIZ, ANA", "PATIENT:A. Ruiz", "PATIENT:a ruiz", "PATIENT:Ruiz, A");
    }

    @Test
    void findsSyntheaNamesWithAndWithoutTheirDigits() {
        assertThat(found("Marine542 Ruiz433 is a 40 yo. marine reports poor sleep. RUIZ agrees.",
                patient(Kind.GIVEN_NAME, "Marine542"), patient(Kind.FAMILY_NAME, "Ruiz433")))
                .containsExactly("PATIENT:Marine542 Ruiz433", "PATIENT:marine", "PATIENT:RUIZ");
    }

    @Test
    void aShortStrippedNameIsTakenOnlyInANamePosition() {
        RecordIdentifier ai = patient(Kind.GIVEN_NAME, "Ai120");
        RecordIdentifier wu = patient(Kind.FAMILY_NAME, "Wu88");
        assertThat(found("Ai120 seen. AI Wu tearful; ai scribe used. ms ai ok", ai, wu))
                .containsExactly("PATIENT:Ai120", "PATIENT:AI Wu", "PATIENT:ai");
    }

    @Test
    void aNameThatIsACommonWordDoesNotWipeThatWord() {
        RecordIdentifier may = patient(Kind.GIVEN_NAME, "May");
        RecordIdentifier will = related(Kind.GIVEN_NAME, "Will");
        assertThat(found("pt may go home; son will visit. may need rx. Ruiz will call.", may, RUIZ, will,
                related(Kind.FAMILY_NAME, "Ruiz")))
                .containsExactly("PATIENT:Ruiz");
    }

    @Test
    void aNameThatIsACommonWordIsTakenInANamePosition() {
        RecordIdentifier may = patient(Kind.GIVEN_NAME, "May");
        RecordIdentifier will = related(Kind.GIVEN_NAME, "Will");
        assertThat(found("May Ruiz seen, pt may go home. Ms. May tearful. Mr will called. RUIZ, MAY. Will Ruiz here.",
                may, RUIZ, will, related(Kind.FAMILY_NAME, "Ruiz")))
                .containsExactly("PATIENT:May Ruiz", "PATIENT:May", "PATIENT:will", "PATIENT:RUIZ, MAY",
                        "PATIENT:Will Ruiz");
    }

    @Test
    void aCommonWordSurnameIsTakenAfterItsCapitalInitialButNotAfterTheArticle() {
        RecordIdentifier brown = patient(Kind.FAMILY_NAME, "Brown");
        assertThat(found("A. Brown seen; pt had a brown stool", ANA, brown)).containsExactly("PATIENT:A. Brown");
    }

    @Test
    void particlesAreTakenWithTheirSurnameButTwoAloneAreNoName() {
        RecordIdentifier family = patient(Kind.FAMILY_NAME, "de la Cruz");
        assertThat(found("Ana de la Cruz seen; DE LA CRUZ family; menu de la casa", ANA, family))
                .containsExactly("PATIENT:Ana de la Cruz", "PATIENT:DE LA CRUZ");
    }

    @Test
    void namesLinkOnlyWithinOneHolderAndInTheOrderNamesAreWritten() {
        // "may" follows the patient's given name, but is a relative's: no link, and alone it is a common word.
        assertThat(found("ana may go home", ANA, related(Kind.GIVEN_NAME, "May")))
                .containsExactly("PATIENT:ana");
    }

    @Test
    void aClinicianNameIsADoctorAndADoctorsTitleAnchorsOnlyAClinician() {
        assertThat(found("Dr. Okafor saw pt; dr will see pt again; okafor aware",
                practitioner(Kind.FAMILY_NAME, "Okafor"), practitioner(Kind.GIVEN_NAME, "Will")))
                .containsExactly("DOCTOR:Okafor", "DOCTOR:will", "DOCTOR:okafor");
        assertThat(found("dr will see pt", patient(Kind.GIVEN_NAME, "Will"))).isEmpty();
    }

    @Test
    void findsAnIdentifierWithAnySeparatorsTypedSsnByItsShape() {
        RecordIdentifier ssn = patient(Kind.IDENTIFIER, "123-45-6789");
        assertThat(found("ssn 123456789, also 123 45 6789 and 123-45-6789; not 1234567890", ssn))
                .containsExactly("SSN:123456789", "SSN:123 45 6789", "SSN:123-45-6789");
    }

    @Test
    void findsAMedicalRecordNumberByItsCoreInAnyCase() {
        RecordIdentifier mrn = patient(Kind.IDENTIFIER, "MRN-00123456");
        assertThat(found("MRN: 00123456. mrn00123456, Mrn 00123456, #123456; 001234567 is not it", mrn))
                .containsExactly("MEDICALRECORD:00123456", "MEDICALRECORD:mrn00123456",
                        "MEDICALRECORD:Mrn 00123456", "MEDICALRECORD:123456");
    }

    @Test
    void doesNotSearchIdentifiersOfFewerThanFourCharacters() {
        assertThat(found("bed A12, room 12", patient(Kind.IDENTIFIER, "A12"))).isEmpty();
    }

    @Test
    void findsAPhoneWithAnySeparatorsAndCountryCode() {
        RecordIdentifier phone = related(Kind.TELECOM, "555-123-4567");
        assertThat(found("call 555 123 4567 or (555) 123 4567, +1 555.123.4567, 15551234567; not 5551234568", phone))
                .containsExactly("PHONE:555 123 4567", "PHONE:(555) 123 4567", "PHONE:+1 555.123.4567",
                        "PHONE:15551234567");
    }

    @Test
    void findsAnEmailInAnyCaseButNotInsideALongerAddress() {
        RecordIdentifier mail = patient(Kind.TELECOM, "Ana.Ruiz@Mail.example");
        assertThat(found("email ANA.RUIZ@MAIL.EXAMPLE; xana.ruiz@mail.example; ana.ruiz@mail.example.org", mail))
                .containsExactly("EMAIL:ANA.RUIZ@MAIL.EXAMPLE");
    }

    @Test
    void findsAnAddressLineWithAbbreviationsEitherWayAndWithoutItsUnit() {
        RecordIdentifier line = patient(Kind.ADDRESS_LINE, "12 Elm Street Apt 4");
        assertThat(found("lives at 12 elm st., apartment 4. prior: 12 ELM STREET; 12 Elm Rd", line))
                .containsExactly("STREET:12 elm st., apartment 4", "STREET:12 ELM STREET");
        assertThat(found("1 n main st", patient(Kind.ADDRESS_LINE, "1 North Main Street")))
                .containsExactly("STREET:1 n main st");
    }

    @Test
    void findsACityAsWholeWordsInAnyCase() {
        RecordIdentifier city = patient(Kind.CITY, "Santa Rosa");
        assertThat(found("moved to SANTA ROSA; santa  rosa clinic; santarosa", city))
                .containsExactly("CITY:SANTA ROSA", "CITY:santa  rosa");
        assertThat(found("from St. Louis, saint louis", patient(Kind.CITY, "Saint Louis")))
                .containsExactly("CITY:St. Louis", "CITY:saint louis");
    }

    @Test
    void aCityThatIsACommonWordNeedsACapitalOrAPlacePreposition() {
        RecordIdentifier city = patient(Kind.CITY, "Hope");
        assertThat(found("pt has hope for discharge; lives in hope; HOPE, AR; born in Hope", city))
                .containsExactly("CITY:hope", "CITY:HOPE", "CITY:Hope");
    }

    @Test
    void findsAZipAndItsPlusFour() {
        assertThat(found("zip 95401-1234, 95401 and 954011234; 954012", patient(Kind.POSTAL_CODE, "95401")))
                .containsExactly("ZIP:95401-1234", "ZIP:95401");
        assertThat(found("95401-1234 and 954011234", patient(Kind.POSTAL_CODE, "95401-1234")))
                .containsExactly("ZIP:95401-1234", "ZIP:954011234");
    }

    @Test
    void findsTheBirthDateInTheFormatsCliniciansWrite() {
        RecordIdentifier dob = patient(Kind.BIRTH_DATE, "1990-02-03");
        assertThat(found("DOB 2/3/90, 02/03/1990, 1990-02-03, 2-3-1990, 2.3.1990, 19900203, Feb 3 1990, "
                + "February 3, 1990, 3 February 1990, FEB. 3RD, 1990, 03-Feb-90; not 3/2/1990, 2/3/91 or 12/3/90", dob))
                .containsExactly("DATE:2/3/90", "DATE:02/03/1990", "DATE:1990-02-03", "DATE:2-3-1990",
                        "DATE:2.3.1990", "DATE:19900203", "DATE:Feb 3 1990", "DATE:February 3, 1990",
                        "DATE:3 February 1990", "DATE:FEB. 3RD, 1990", "DATE:03-Feb-90");
    }

    @Test
    void aBirthDateThatIsNotIsoIsSearchedAsWritten() {
        assertThat(found("dob 02/03/1990", patient(Kind.BIRTH_DATE, "02/03/1990"))).containsExactly("DATE:02/03/1990");
    }

    @Test
    void otherValuesAreIdentifiersOrPhrasesButNotSingleCommonWords() {
        assertThat(found("works at Acme Widgets; badge AW-7781", patient(Kind.OTHER, "Acme Widgets"),
                patient(Kind.OTHER, "AW 7781"), patient(Kind.OTHER, "works")))
                .containsExactly("IDNUM:Acme Widgets", "IDNUM:AW-7781");
    }

    @Test
    void aFindInsideALongerFindOfAnotherKindIsLeftToIt() {
        String text = "mail ana.ruiz@x.example";
        List<PhiSpan> out = new ArrayList<>();
        out.add(new PhiSpan(org.vigil.deidentify.text.PhiType.EMAIL, 5, text.length(), 0.95, "contact/email"));
        RecordRecognizer.of(List.of(ANA, RUIZ), WORDS).recognize(NoteText.of(text), out);
        assertThat(out).hasSize(1);
    }

    @Test
    void aNameInsideALongerNameGuessIsStillFound() {
        String text = "Ana Ruiz";
        List<PhiSpan> out = new ArrayList<>();
        out.add(new PhiSpan(org.vigil.deidentify.text.PhiType.DOCTOR, 0, 8, 0.9, "name"));
        RecordRecognizer.of(List.of(ANA), WORDS).recognize(NoteText.of(text), out);
        assertThat(out).hasSize(2);
        assertThat(new Resolver().resolve(out)).singleElement().extracting(PhiSpan::type)
                .isEqualTo(org.vigil.deidentify.text.PhiType.PATIENT);
    }
}
