package org.vigil.ingest.fhir;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.document;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.json;
import static org.vigil.schemas.IdentifierHolder.PATIENT;
import static org.vigil.schemas.IdentifierHolder.PRACTITIONER;
import static org.vigil.schemas.IdentifierHolder.RELATED_PERSON;
import static org.vigil.schemas.KnownIdentifierKind.ADDRESS_LINE;
import static org.vigil.schemas.KnownIdentifierKind.BIRTH_DATE;
import static org.vigil.schemas.KnownIdentifierKind.CITY;
import static org.vigil.schemas.KnownIdentifierKind.FAMILY_NAME;
import static org.vigil.schemas.KnownIdentifierKind.GIVEN_NAME;
import static org.vigil.schemas.KnownIdentifierKind.IDENTIFIER;
import static org.vigil.schemas.KnownIdentifierKind.OTHER;
import static org.vigil.schemas.KnownIdentifierKind.POSTAL_CODE;
import static org.vigil.schemas.KnownIdentifierKind.TELECOM;

/** The people a FHIR note names (invented here) become its known identifiers. */
class FhirIdentifiersTest {

    @TempDir
    Path dir;

    private final Admission admission = new Admission("ehr", 10_000, Clock.systemUTC());
    private final FhirNoteReader reader = new FhirNoteReader(admission, "fhir");

    static KnownIdentifier id(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        return KnownIdentifier.newBuilder().setKind(kind).setHolder(holder).setValue(value).build();
    }

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    private static DocumentReference doc(String id, String subject) {
        return document(id, subject, "text/plain", "Seen today.".getBytes(StandardCharsets.UTF_8));
    }

    private static Identifier identifier(String system, String code, String value) {
        Identifier i = new Identifier().setSystem(system).setValue(value);
        if (code != null) {
            i.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode(code);
        }
        return i;
    }

    /** An invented patient with two names, four identifiers, two telecoms, a full address, a birth place and a contact. */
    static Patient maren(String id) {
        Patient p = new Patient();
        p.setId(id);
        p.addIdentifier(identifier("http://hospital.example/mrn", "MR", "MRN-7781"));
        p.addIdentifier(identifier("http://hl7.org/fhir/sid/us-ssn", "SS", "999-00-1111"));
        p.addIdentifier(identifier("urn:oid:2.16.840.1.113883.4.3.55", "DL", "Q4455-1234"));
        p.addIdentifier(identifier("http://passports.example", "PPN", "X12345678X"));
        p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Quinlan").addGiven("Maren").addGiven("Isolde")
                .addPrefix("Ms.").addSuffix("PhD");
        p.addName().setUse(HumanName.NameUse.MAIDEN).setFamily("Brandt").addGiven("Maren").addPrefix("Ms.");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("262-555-0143");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("maren.q@example.org");
        p.addAddress().addLine("417 Larkspur Way").addLine("Apt 3").setCity("Brookfield").setDistrict("Waukesha County")
                .setState("WI").setPostalCode("53005").setCountry("US");
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        p.setBirthDateElement(new DateType("1987-04-12"));
        p.addExtension(FhirIdentifiers.BIRTH_PLACE, new Address().setCity("Oconomowoc").setState("Wisconsin").setCountry("US"));
        Patient.ContactComponent contact = p.addContact();
        contact.setName(new HumanName().setFamily("Quinlan").addGiven("Tobias"));
        contact.addTelecom().setValue("262-555-0144");
        contact.setAddress(new Address().addLine("9 Elm Court").setCity("Pewaukee").setPostalCode("53072"));
        return p;
    }

    static List<KnownIdentifier> marensIdentifiers() {
        return List.of(
                id(IDENTIFIER, PATIENT, "MRN-7781"), id(IDENTIFIER, PATIENT, "999-00-1111"),
                id(IDENTIFIER, PATIENT, "Q4455-1234"), id(IDENTIFIER, PATIENT, "X12345678X"),
                id(FAMILY_NAME, PATIENT, "Quinlan"), id(GIVEN_NAME, PATIENT, "Maren"), id(GIVEN_NAME, PATIENT, "Isolde"),
                id(FAMILY_NAME, PATIENT, "Brandt"),
                id(TELECOM, PATIENT, "262-555-0143"), id(TELECOM, PATIENT, "maren.q@example.org"),
                id(ADDRESS_LINE, PATIENT, "417 Larkspur Way"), id(ADDRESS_LINE, PATIENT, "Apt 3"), id(CITY, PATIENT, "Brookfield"),
                id(POSTAL_CODE, PATIENT, "53005"), id(OTHER, PATIENT, "Waukesha County"),
                id(BIRTH_DATE, PATIENT, "1987-04-12"),
                id(CITY, PATIENT, "Oconomowoc"),
                id(FAMILY_NAME, RELATED_PERSON, "Quinlan"), id(GIVEN_NAME, RELATED_PERSON, "Tobias"),
                id(TELECOM, RELATED_PERSON, "262-555-0144"), id(ADDRESS_LINE, RELATED_PERSON, "9 Elm Court"),
                id(CITY, RELATED_PERSON, "Pewaukee"), id(POSTAL_CODE, RELATED_PERSON, "53072"));
    }

    static Practitioner okafor(String id) {
        Practitioner p = new Practitioner();
        p.setId(id);
        p.addIdentifier(identifier("http://hl7.org/fhir/sid/us-npi", null, "9999912345"));
        p.addName().setFamily("Okafor").addGiven("Adaeze").addPrefix("Dr.");
        p.addTelecom().setValue("262-555-0900");
        p.addQualification().setCode(new CodeableConcept().setText("Psychiatrist"));
        return p;
    }

    static RelatedPerson tobias(String id, String patient) {
        RelatedPerson r = new RelatedPerson(new Reference(patient));
        r.setId(id);
        r.addName().setFamily("Quinlan").addGiven("Tobias");
        r.addTelecom().setValue("262-555-0188");
        r.setBirthDateElement(new DateType("1985-09-30"));
        r.addIdentifier().setValue("RP-55");
        return r;
    }

    @Test
    void carriesEveryNamePartIdentifierAddressTelecomAndBirthDateOfAContainedPatientButNoPrefixStateOrCountry() {
        DocumentReference doc = doc("d1", "#p1");
        doc.addContained(maren("p1"));

        RawNote note = note(reader.read(json(doc), "x").get(0));

        assertThat(note.getKnownIdentifiers()).containsExactlyInAnyOrderElementsOf(marensIdentifiers());
        assertThat(note.getKnownIdentifiers()).extracting(KnownIdentifier::getValue)
                .doesNotContain("Ms.", "PhD", "WI", "Wisconsin", "US");
    }

    @Test
    void carriesThePatientsRelatedPersonsAndTheNotesCliniciansFromTheBundle() {
        DocumentReference doc = doc("d1", "Patient/p1");
        doc.addAuthor(new Reference("Practitioner/pr1"));
        doc.setAuthenticator(new Reference("PractitionerRole/role1"));
        doc.getContext().addEncounter(new Reference("Encounter/e1"));
        PractitionerRole role = new PractitionerRole();
        role.setId("role1");
        role.setPractitioner(new Reference("Practitioner/pr2"));
        role.addTelecom().setValue("262-555-0950");
        Practitioner lindqvist = new Practitioner();
        lindqvist.setId("pr2");
        lindqvist.addName().setFamily("Lindqvist").addGiven("Per");
        Practitioner haddad = new Practitioner();
        haddad.setId("pr3");
        haddad.addName().setFamily("Haddad").addGiven("Rami");
        Encounter encounter = new Encounter();
        encounter.setId("e1");
        encounter.addParticipant().setIndividual(new Reference("Practitioner/pr3"));
        RelatedPerson strangersRelative = tobias("rp2", "Patient/p2");
        strangersRelative.getNameFirstRep().setFamily("Voss");
        Organization hospital = new Organization();
        hospital.setId("o1");
        hospital.setName("Brookfield General");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource r : List.of(doc, maren("p1"), okafor("pr1"), role, lindqvist, haddad, encounter,
                tobias("rp1", "Patient/p1"), strangersRelative, hospital)) {
            bundle.addEntry().setFullUrl("https://ehr.example/fhir/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
        }

        RawNote note = note(reader.read(json(bundle), "b.json").get(0));

        assertThat(note.getKnownIdentifiers()).containsAll(marensIdentifiers()).containsAll(List.of(
                id(IDENTIFIER, RELATED_PERSON, "RP-55"), id(TELECOM, RELATED_PERSON, "262-555-0188"),
                id(BIRTH_DATE, RELATED_PERSON, "1985-09-30"),
                id(IDENTIFIER, PRACTITIONER, "9999912345"), id(FAMILY_NAME, PRACTITIONER, "Okafor"),
                id(GIVEN_NAME, PRACTITIONER, "Adaeze"), id(TELECOM, PRACTITIONER, "262-555-0900"),
                id(TELECOM, PRACTITIONER, "262-555-0950"), id(FAMILY_NAME, PRACTITIONER, "Lindqvist"),
                id(GIVEN_NAME, PRACTITIONER, "Per"),
                id(FAMILY_NAME, PRACTITIONER, "Haddad"), id(GIVEN_NAME, PRACTITIONER, "Rami")));
        assertThat(note.getKnownIdentifiers()).hasSize(marensIdentifiers().size() + 12);
        assertThat(note.getKnownIdentifiers()).extracting(KnownIdentifier::getValue).doesNotContain("Voss", "Brookfield General", "Dr.");
        assertThat(note.getAuthorRole()).isEqualTo("Psychiatrist");
    }

    @Test
    void carriesTheDiagnosticReportsPerformerAndInterpreterAndTheCompositionsAuthorAndAttester() {
        DiagnosticReport report = new DiagnosticReport();
        report.setId("dr1");
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.setSubject(new Reference("#p1"));
        report.addContained(maren("p1"));
        report.addContained(okafor("pr1"));
        report.addPerformer(new Reference("#pr1"));
        Practitioner brenner = new Practitioner();
        brenner.setId("pr2");
        brenner.addName().setFamily("Brenner").addGiven("Ilse");
        report.addContained(brenner);
        report.addResultsInterpreter(new Reference("#pr2"));
        report.setConclusion("Moderate depression.");
        RawNote fromReport = note(reader.read(json(report), "x").get(0));
        assertThat(fromReport.getKnownIdentifiers()).contains(id(FAMILY_NAME, PRACTITIONER, "Okafor"),
                id(FAMILY_NAME, PRACTITIONER, "Brenner"), id(GIVEN_NAME, PRACTITIONER, "Ilse"), id(FAMILY_NAME, PATIENT, "Quinlan"));

        Composition composition = new Composition();
        composition.setId("c1");
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setDate(new Date());
        composition.setTitle("Discharge summary");
        composition.setSubject(new Reference("urn:uuid:00000000-0000-4000-8000-000000000001"));
        composition.addAuthor(new Reference("urn:uuid:00000000-0000-4000-8000-000000000002"));
        composition.addAttester().setParty(new Reference("urn:uuid:00000000-0000-4000-8000-000000000003"));
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Stable.</p></div>");
        composition.addSection().setTitle("Course").setText(narrative);
        Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        document.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-000000000000").setResource(composition);
        document.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-000000000001").setResource(maren(null));
        document.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-000000000002").setResource(okafor(null));
        Practitioner attester = new Practitioner();
        attester.addName().setFamily("Brenner").addGiven("Ilse");
        document.addEntry().setFullUrl("urn:uuid:00000000-0000-4000-8000-000000000003").setResource(attester);
        RawNote fromComposition = note(reader.read(json(document), "x").get(0));
        assertThat(fromComposition.getKnownIdentifiers()).contains(id(FAMILY_NAME, PRACTITIONER, "Okafor"),
                id(IDENTIFIER, PRACTITIONER, "9999912345"), id(FAMILY_NAME, PRACTITIONER, "Brenner"),
                id(IDENTIFIER, PATIENT, "MRN-7781"));
    }

    @Test
    void aNoteAboutAGroupStillCarriesItsClinicians() {
        DocumentReference doc = doc("d1", "#g1");
        Group group = new Group();
        group.setId("g1");
        doc.addContained(group);
        doc.addContained(okafor("pr1"));
        doc.addAuthor(new Reference("#pr1"));
        List<SourceRecord> records = reader.read(json(doc), "x");
        assertThat(records.get(0)).isInstanceOf(SourceRecord.Rejected.class); // names no patient, as before
        // The rejection carries no identifiers: dead letters hold a reason and location only.
        assertThat(((SourceRecord.Rejected) records.get(0)).rejection().detail()).doesNotContain("Okafor");
    }

    @Test
    void resolvesTheExportsPatientRelatedPersonAndPractitionerFilesIncludingConditionalReferences() throws IOException {
        Patient patient = maren("p1");
        patient.addGeneralPractitioner(new Reference("Practitioner/pr9"));
        Practitioner gp = new Practitioner();
        gp.setId("pr9");
        gp.addName().setFamily("Varga").addGiven("Tamas");
        Path patients = Files.writeString(dir.resolve("Patient.000.ndjson"), json(patient) + "\n");
        Path related = Files.writeString(dir.resolve("RelatedPerson.000.ndjson"),
                json(tobias("rp1", "Patient/p1")) + "\n" + json(tobias("rp2", "Patient/p2").setName(List.of(new HumanName().setFamily("Voss")))) + "\n");
        Path practitioners = Files.writeString(dir.resolve("Practitioner.000.ndjson"), json(okafor("pr1")) + "\n" + json(gp) + "\n");
        PersonIndex index = PersonIndex.load(List.of(patients, related, practitioners), 100_000);
        DocumentReference doc = doc("d1", "Patient/p1");
        // Synthea's form: a conditional reference by NPI.
        doc.addAuthor(new Reference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999912345").setDisplay("Dr. A. Okafor"));
        Path notes = Files.writeString(dir.resolve("DocumentReference.000.ndjson"), json(doc) + "\n");

        RawNote note;
        try (var source = NdjsonNoteSource.open(notes, new FhirNoteReader(admission, "ndjson", index), 100_000);
             var stream = source.stream()) {
            note = note(stream.toList().get(0));
        }

        assertThat(index.size()).isEqualTo(5);
        assertThat(note.getKnownIdentifiers()).containsAll(marensIdentifiers()).containsAll(List.of(
                id(IDENTIFIER, RELATED_PERSON, "RP-55"), id(BIRTH_DATE, RELATED_PERSON, "1985-09-30"),
                id(TELECOM, RELATED_PERSON, "262-555-0188"),
                id(IDENTIFIER, PRACTITIONER, "9999912345"), id(FAMILY_NAME, PRACTITIONER, "Okafor"),
                id(GIVEN_NAME, PRACTITIONER, "Adaeze"), id(TELECOM, PRACTITIONER, "262-555-0900"),
                id(FAMILY_NAME, PRACTITIONER, "Varga"), id(GIVEN_NAME, PRACTITIONER, "Tamas")));
        assertThat(note.getKnownIdentifiers()).hasSize(marensIdentifiers().size() + 9);
        assertThat(note.getAuthorRole()).isEqualTo("Psychiatrist");
        assertThat(note.getAttributes()).containsEntry("birthDate", "1987-04-12").containsEntry("sex", "female");
    }

    @Test
    void anUnresolvableOrBrokenConditionalReferenceCostsOnlyThatPersonsIdentifiers() {
        DocumentReference doc = doc("d1", "#p1");
        doc.addContained(maren("p1"));
        doc.addAuthor(new Reference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi%7C99%zz"));
        doc.addAuthor(new Reference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|0000000000"));
        doc.addAuthor(new Reference().setType("Practitioner").setIdentifier(new Identifier().setValue("unknown")));
        RawNote note = note(reader.read(json(doc), "x").get(0));
        assertThat(note.getKnownIdentifiers()).containsExactlyInAnyOrderElementsOf(marensIdentifiers());
    }

    @Test
    void aReferenceByIdentifierOnlyFindsThePersonInTheBundle() {
        DocumentReference doc = doc("d1", "Patient/p1");
        doc.addAuthor(new Reference().setIdentifier(new Identifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue("9999912345")));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addEntry().setFullUrl("https://ehr.example/fhir/DocumentReference/d1").setResource(doc);
        bundle.addEntry().setFullUrl("https://ehr.example/fhir/Practitioner/pr1").setResource(okafor("pr1"));
        RawNote note = note(reader.read(json(bundle), "x").get(0));
        assertThat(note.getKnownIdentifiers()).containsExactly(id(IDENTIFIER, PRACTITIONER, "9999912345"),
                id(FAMILY_NAME, PRACTITIONER, "Okafor"), id(GIVEN_NAME, PRACTITIONER, "Adaeze"), id(TELECOM, PRACTITIONER, "262-555-0900"));
    }

    @Test
    void theIndexKeepsNothingOfAPersonThatTheNoteDoesNotUse() {
        Patient patient = maren("p1");
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Maren Quinlan</div>");
        patient.setText(narrative);
        patient.getAddressFirstRep().setUse(Address.AddressUse.HOME);
        String slim = json(PersonIndex.slim(patient).orElseThrow());
        assertThat(slim).doesNotContain("\"text\"", "WI", "\"US\"", "Wisconsin", "Ms.", "PhD", "v2-0203", "\"use\"");
        assertThat(slim).contains("\"gender\":\"female\"", "\"birthDate\":\"1987-04-12\"", "\"value\":\"MRN-7781\"");
    }
}
