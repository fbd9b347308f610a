package org.vigil.ingest.fhir;

import org.vigil.ingest.SourceLocation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.Admission;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RawNote;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FhirNoteReaderTest {

    private final FhirNoteReader reader = new FhirNoteReader(new Admission("ehr", 10_000, Clock.systemUTC()), "fhir");

    static String json(Resource resource) {
        return FhirNoteReader.context().newJsonParser().encodeResourceToString(resource);
    }

    static Patient patient(String id, String mrn) {
        Patient p = new Patient();
        p.setId(id);
        p.addIdentifier().setValue(mrn).getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1984-02-29"));
        return p;
    }

    static DocumentReference document(String id, String subject, String contentType, byte[] data) {
        DocumentReference doc = new DocumentReference();
        doc.setId(id);
        doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        doc.setType(new CodeableConcept().addCoding(new Coding("http://loinc.org", "11506-3", "Progress note")));
        doc.setSubject(new Reference(subject));
        doc.setDate(Date.from(Instant.parse("2024-03-04T05:06:07Z")));
        doc.addContent().setAttachment(new Attachment().setContentType(contentType).setData(data));
        return doc;
    }

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    @Test
    void readsDocumentReferenceWithInlineTextAndContainedPatient() {
        DocumentReference doc = document("doc-1", "#p1", "text/plain", "Pt denies SI.\nPlan: f/u 2w.".getBytes(StandardCharsets.UTF_8));
        doc.addContained(patient("p1", "MRN-0042"));
        doc.getContext().addEncounter(new Reference("Encounter/enc-9"));
        Practitioner author = new Practitioner();
        author.setId("a1");
        author.addQualification().setCode(new CodeableConcept().setText("Psychiatrist"));
        doc.addContained(author);
        doc.addAuthor(new Reference("#a1"));

        List<SourceRecord> records = reader.read(json(doc), "post-1");

        RawNote note = note(records.get(0));
        assertThat(records).hasSize(1);
        assertThat(note.getNoteKey()).isEqualTo("ehr|doc-1");
        assertThat(note.getPatientId()).isEqualTo("MRN-0042");
        assertThat(note.getEncounterId()).isEqualTo("enc-9");
        assertThat(note.getAuthorRole()).isEqualTo("Psychiatrist");
        assertThat(note.getNoteType()).isEqualTo("Progress note");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-03-04T05:06:07Z"));
        assertThat(note.getText()).isEqualTo("Pt denies SI.\nPlan: f/u 2w.");
        assertThat(note.getAttributes()).isEqualTo(Map.of("sex", "female", "birthDate", "1984-02-29"));
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("post-1 DocumentReference/doc-1");
        assertThat(note.getIngest().getContentType()).isEqualTo("text/plain");
    }

    @Test
    void reducesHtmlAttachmentToText() {
        String html = "<html><head><style>p{}</style></head><body><h1>Assessment</h1><p>Mood  <b>low</b>.<br>Denies SI.</p>"
                + "<ul><li>sertraline</li><li>CBT</li></ul></body></html>";
        DocumentReference doc = document("doc-2", "Patient/pat-7", "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        RawNote note = note(reader.read(json(doc), "x").get(0));
        assertThat(note.getText()).isEqualTo("Assessment\nMood low.\nDenies SI.\nsertraline\nCBT");
        assertThat(note.getPatientId()).isEqualTo("pat-7");
        assertThat(note.getIngest().getContentType()).isEqualTo("text/html");
    }

    @Test
    void prefersPlainTextAmongSeveralContentTypesAndHonoursDeclaredCharset() {
        DocumentReference doc = document("doc-3", "Patient/pat-7", "application/pdf", new byte[] {'%', 'P', 'D', 'F'});
        doc.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=windows-1252")
                .setData("Naïve café.".getBytes(Charset.forName("windows-1252"))));
        RawNote note = note(reader.read(json(doc), "x").get(0));
        assertThat(note.getText()).isEqualTo("Naïve café.");
        assertThat(note.getIngest().getCharset()).isEqualTo("windows-1252");
    }

    @Test
    void readsDiagnosticReportPresentedFormAndConclusion() {
        DiagnosticReport report = new DiagnosticReport();
        report.setId("dr-1");
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.setCode(new CodeableConcept().setText("Psychological evaluation"));
        report.setSubject(new Reference("Patient/pat-3"));
        report.setEffective(new DateTimeType("2024-01-02T03:04:05Z"));
        report.addPresentedForm().setContentType("text/plain").setData("PHQ-9 score 19.".getBytes(StandardCharsets.UTF_8));
        report.setConclusion("Severe depression; passive SI.");
        RawNote note = note(reader.read(json(report), "x").get(0));
        assertThat(note.getNoteKey()).isEqualTo("ehr|dr-1");
        assertThat(note.getText()).isEqualTo("PHQ-9 score 19.\n\nSevere depression; passive SI.");
        assertThat(note.getNoteType()).isEqualTo("Psychological evaluation");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    }

    @Test
    void readsCompositionOfDocumentBundleResolvingUrnReferences() {
        Composition composition = new Composition();
        composition.setId("comp-1");
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setType(new CodeableConcept().setText("Discharge summary"));
        composition.setDate(Date.from(Instant.parse("2024-06-01T12:00:00Z")));
        composition.setTitle("Discharge Summary");
        composition.setSubject(new Reference("urn:uuid:5a1c1b7e-0000-4000-8000-000000000001"));
        composition.setEncounter(new Reference("urn:uuid:5a1c1b7e-0000-4000-8000-000000000002"));
        Composition.SectionComponent course = composition.addSection().setTitle("Hospital course");
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Admitted after overdose.</p><p>Safety plan made.</p></div>");
        course.setText(narrative);
        Encounter encounter = new Encounter();
        encounter.addIdentifier().setValue("VISIT-77");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        bundle.setId("b-1");
        bundle.addEntry().setFullUrl("urn:uuid:5a1c1b7e-0000-4000-8000-000000000000").setResource(composition);
        bundle.addEntry().setFullUrl("urn:uuid:5a1c1b7e-0000-4000-8000-000000000001").setResource(patient(null, "MRN-1"));
        bundle.addEntry().setFullUrl("urn:uuid:5a1c1b7e-0000-4000-8000-000000000002").setResource(encounter);

        List<SourceRecord> records = reader.read(json(bundle), "doc.json");

        assertThat(records).hasSize(1);
        RawNote note = note(records.get(0));
        assertThat(note.getNoteKey()).isEqualTo("ehr|comp-1");
        assertThat(note.getPatientId()).isEqualTo("MRN-1");
        assertThat(note.getEncounterId()).isEqualTo("VISIT-77");
        assertThat(note.getText()).isEqualTo("Discharge Summary\n\nHospital course\nAdmitted after overdose.\nSafety plan made.");
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("doc.json Bundle/b-1 entry 1 Composition/comp-1");
    }

    @Test
    void readsEveryNoteOfATransactionBundleAndDeadLettersTheBadOne() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:0000-p").setResource(patient(null, "MRN-5"))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        bundle.addEntry().setResource(document("d1", "urn:uuid:0000-p", "text/plain", "One.".getBytes(StandardCharsets.UTF_8)))
                .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("DocumentReference/d1");
        DocumentReference orphan = document("d2", "urn:uuid:0000-p", "text/plain", "Two.".getBytes(StandardCharsets.UTF_8));
        orphan.setSubject(null);
        bundle.addEntry().setResource(orphan).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("DocumentReference/d2");
        bundle.addEntry().setResource(document("d3", "urn:uuid:0000-p", "text/plain", "Three.".getBytes(StandardCharsets.UTF_8)))
                .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("DocumentReference/d3");

        List<SourceRecord> records = reader.read(json(bundle), "tx.json");

        assertThat(records).hasSize(3);
        assertThat(note(records.get(0)).getPatientId()).isEqualTo("MRN-5");
        assertThat(records.get(1)).isEqualTo(SourceRecord.rejected(RejectReason.MISSING_PATIENT, "The note names no patient",
                SourceLocation.label("tx.json Bundle entry 3 DocumentReference/d2")));
        assertThat(note(records.get(2)).getText()).isEqualTo("Three.");
    }

    @Test
    void readsSearchsetBundleInXml() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.addEntry().setFullUrl("https://ehr.example/fhir/DocumentReference/d9")
                .setResource(document("d9", "https://ehr.example/fhir/Patient/pat-9", "text/plain", "Xml note.".getBytes(StandardCharsets.UTF_8)));
        String xml = FhirNoteReader.context().newXmlParser().encodeResourceToString(bundle);
        RawNote note = note(reader.read(xml, "search.xml").get(0));
        assertThat(note.getPatientId()).isEqualTo("pat-9");
        assertThat(note.getText()).isEqualTo("Xml note.");
    }

    @Test
    void enteredInErrorWithdrawsTheDocumentUnderItsOwnKeyWithoutItsText() {
        DocumentReference doc = document("d1", "Patient/p", "text/plain", "Wrong chart.".getBytes(StandardCharsets.UTF_8));
        RawNote original = note(reader.read(json(doc), "x").get(0));
        doc.setStatus(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
        RawNote withdrawal = note(reader.read(json(doc), "x").get(0));
        assertThat(withdrawal.getNoteKey()).isEqualTo(original.getNoteKey()).isEqualTo("ehr|d1");
        assertThat(withdrawal.getLifecycle()).isEqualTo(NoteLifecycle.WITHDRAWN);
        assertThat(withdrawal.getText()).isEmpty();
    }

    @Test
    void enteredInErrorWithoutContentIsStillAWithdrawal() {
        DocumentReference doc = document("d1", "Patient/p", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        doc.getContent().clear();
        doc.setStatus(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
        assertThat(note(reader.read(json(doc), "x").get(0)).getLifecycle()).isEqualTo(NoteLifecycle.WITHDRAWN);
    }

    @Test
    void relatesToReplacesNamesTheReplacedDocumentByItsLogicalId() {
        DocumentReference doc = document("d2", "Patient/p", "text/plain", "Amended.".getBytes(StandardCharsets.UTF_8));
        doc.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES)
                .setTarget(new Reference("https://ehr.example/fhir/DocumentReference/d1"));
        doc.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.APPENDS).setTarget(new Reference("DocumentReference/d0"));
        RawNote replacement = note(reader.read(json(doc), "x").get(0));
        assertThat(replacement.getNoteKey()).isEqualTo("ehr|d2");
        assertThat(replacement.getLifecycle()).isEqualTo(NoteLifecycle.REPLACES);
        assertThat(replacement.getReplacesSourceNoteId()).isEqualTo("d1");
        assertThat(replacement.getText()).isEqualTo("Amended.");
    }

    @Test
    void relatesToInABundleResolvesAUuidReferenceToTheEntrysId() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setFullUrl("urn:uuid:aaaa-1")
                .setResource(document("aaaa-1", "Patient/p", "text/plain", "First.".getBytes(StandardCharsets.UTF_8)));
        DocumentReference second = document("bbbb-2", "Patient/p", "text/plain", "Second.".getBytes(StandardCharsets.UTF_8));
        second.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES).setTarget(new Reference("urn:uuid:aaaa-1"));
        bundle.addEntry().setFullUrl("urn:uuid:bbbb-2").setResource(second);
        List<SourceRecord> records = reader.read(json(bundle), "b.json");
        assertThat(note(records.get(0)).getLifecycle()).isEqualTo(NoteLifecycle.CURRENT);
        // The replaced note's id is the one its own record carries (HAPI names a urn:uuid entry by its full URL).
        assertThat(note(records.get(1)).getReplacesSourceNoteId()).isEqualTo(note(records.get(0)).getSourceNoteId())
                .endsWith("aaaa-1");
    }

    @Test
    void supersededDocumentWithoutItsReplacementIsKeptAndFlagged() {
        DocumentReference doc = document("d3", "Patient/p", "text/plain", "Old version.".getBytes(StandardCharsets.UTF_8));
        doc.setStatus(Enumerations.DocumentReferenceStatus.SUPERSEDED);
        RawNote note = note(reader.read(json(doc), "x").get(0));
        assertThat(note.getLifecycle()).isEqualTo(NoteLifecycle.SUPERSEDED);
        assertThat(note.getText()).isEqualTo("Old version.");
    }

    @Test
    void deadLettersMalformedJsonWithoutQuotingIt() {
        List<SourceRecord> records = reader.read("{\"resourceType\": \"DocumentReference\", \"status\": \"Jane Doe\"}", "bad.json");
        assertThat(records).hasSize(1);
        SourceRecord.Rejected rejected = (SourceRecord.Rejected) records.get(0);
        assertThat(rejected.rejection().reason()).isEqualTo(RejectReason.MALFORMED_FHIR);
        assertThat(rejected.rejection().detail()).matches("The FHIR content cannot be parsed \\(HAPI-\\d+\\)").doesNotContain("Jane");
        assertThat(reader.read("{not json", "bad.json").get(0)).isInstanceOf(SourceRecord.Rejected.class);
    }

    @Test
    void deadLettersAttachmentByUrlOnly() {
        DocumentReference doc = document("d1", "Patient/p", "text/plain", null);
        doc.getContentFirstRep().getAttachment().setData(null).setUrl("https://ehr.example/binary/1");
        assertThat(reader.read(json(doc), "x")).containsExactly(SourceRecord.rejected(RejectReason.UNSUPPORTED_CONTENT_TYPE,
                "The attachments are referenced by URL or not text; only inline text/plain, text/html and application/pdf are read", SourceLocation.label("x DocumentReference/d1")));
    }

    @Test
    void deadLettersResourceThatCarriesNoNote() {
        Observation observation = new Observation();
        observation.setId("o1");
        assertThat(reader.read(json(observation), "x")).containsExactly(SourceRecord.rejected(RejectReason.UNSUPPORTED_RESOURCE,
                "A Observation resource carries no note", SourceLocation.label("x Observation")));
    }
}
