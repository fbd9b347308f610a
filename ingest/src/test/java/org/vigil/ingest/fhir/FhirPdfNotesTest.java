package org.vigil.ingest.fhir;

import org.vigil.ingest.SourceLocation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.Admission;
import org.vigil.ingest.PdfText;
import org.vigil.ingest.Pdfs;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.document;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.json;

/** PDF notes in FHIR: DocumentReference attachments and DiagnosticReport presentedForm of type application/pdf. */
class FhirPdfNotesTest {

    private final Admission admission = new Admission("ehr", 10_000, Clock.systemUTC());
    private final FhirNoteReader reader = new FhirNoteReader(admission, "fhir", PersonIndex.EMPTY,
            new PdfText(1024 * 1024, Duration.ofSeconds(30), admission.maxNoteChars()));

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    @Test
    void readsTheTextLayerOfAPdfOnlyDocumentReference() {
        DocumentReference doc = document("doc-pdf", "Patient/pat-7", "application/pdf",
                Pdfs.withText("Psychiatry consult", "Pt reports low mood for 3 weeks.", "Denies SI."));
        RawNote note = note(reader.read(json(doc), "x").get(0));
        assertThat(note.getNoteKey()).isEqualTo("ehr|doc-pdf");
        assertThat(note.getText()).isEqualTo("Psychiatry consult\nPt reports low mood for 3 weeks.\nDenies SI.");
        assertThat(note.getIngest().getContentType()).isEqualTo("application/pdf");
        assertThat(note.getIngest().getCharset()).isNull();
    }

    @Test
    void readsAnUntypedAttachmentThatIsAPdf() {
        DocumentReference doc = document("doc-untyped", "Patient/pat-7", null, Pdfs.withText("Pt calm."));
        assertThat(note(reader.read(json(doc), "x").get(0)).getText()).isEqualTo("Pt calm.");
    }

    @Test
    void prefersAPlainTextRenditionOverThePdf() {
        DocumentReference doc = document("doc-both", "Patient/pat-7", "application/pdf", Pdfs.withText("From the PDF."));
        doc.addContent().setAttachment(new Attachment().setContentType("text/plain").setData("From the text.".getBytes(StandardCharsets.UTF_8)));
        assertThat(note(reader.read(json(doc), "x").get(0)).getText()).isEqualTo("From the text.");
    }

    @Test
    void deadLettersAPdfWithoutATextLayerAsSuch() {
        DocumentReference scanned = document("doc-scan", "Patient/pat-7", "application/pdf", Pdfs.imageOnly());
        assertThat(reader.read(json(scanned), "x")).containsExactly(SourceRecord.rejected(RejectReason.NO_TEXT_LAYER,
                "The PDF has no text layer (1 page, scanned or image only); ingest does not run OCR", SourceLocation.label("x DocumentReference/doc-scan")));
        DocumentReference blank = document("doc-blank", "Patient/pat-7", "application/pdf", Pdfs.blank());
        assertThat(reader.read(json(blank), "x")).extracting(r -> ((SourceRecord.Rejected) r).rejection().reason())
                .containsExactly(RejectReason.NO_TEXT_LAYER);
    }

    @Test
    void deadLettersEncryptedCorruptAndOversizePdfsWithTheirReason() {
        DocumentReference locked = document("d-locked", "Patient/p", "application/pdf", Pdfs.encrypted("pw", "Secret."));
        DocumentReference corrupt = document("d-corrupt", "Patient/p", "application/pdf",
                "%PDF-1.4\nnot really a pdf".getBytes(StandardCharsets.US_ASCII));
        FhirNoteReader small = new FhirNoteReader(admission, "fhir", PersonIndex.EMPTY, new PdfText(100, Duration.ofSeconds(30), 10_000));
        DocumentReference big = document("d-big", "Patient/p", "application/pdf", Pdfs.withText("Fine."));
        assertThat(List.of(reader.read(json(locked), "x").get(0), reader.read(json(corrupt), "x").get(0), small.read(json(big), "x").get(0)))
                .extracting(r -> ((SourceRecord.Rejected) r).rejection().reason())
                .containsExactly(RejectReason.ENCRYPTED_PDF, RejectReason.MALFORMED_PDF, RejectReason.OVERSIZE);
    }

    @Test
    void readsADiagnosticReportPresentedFormPdfFollowedByItsConclusion() {
        DiagnosticReport report = new DiagnosticReport();
        report.setId("dr-pdf");
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.setCode(new CodeableConcept().setText("Neuropsychological assessment"));
        report.setSubject(new Reference("Patient/pat-9"));
        report.addPresentedForm().setContentType("application/pdf").setData(Pdfs.withText("Attention within normal limits."));
        report.setConclusion("No cognitive deficit.");
        RawNote note = note(reader.read(json(report), "x").get(0));
        assertThat(note.getText()).isEqualTo("Attention within normal limits.\n\nNo cognitive deficit.");
        assertThat(note.getNoteType()).isEqualTo("Neuropsychological assessment");
    }

    @Test
    void deadLettersAReportWhosePdfHasNoTextLayerEvenWithAConclusion() {
        DiagnosticReport report = new DiagnosticReport();
        report.setId("dr-scan");
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.setSubject(new Reference("Patient/pat-9"));
        report.addPresentedForm().setContentType("application/pdf").setData(Pdfs.imageOnly());
        report.setConclusion("See scanned report.");
        assertThat(reader.read(json(report), "x")).extracting(r -> ((SourceRecord.Rejected) r).rejection().reason())
                .containsExactly(RejectReason.NO_TEXT_LAYER);
    }

    /** HL7's own FHIR R4 example (CC0): a complete blood count report whose presentedForm is a real PDF. */
    @Test
    void ingestsTheOfficialExampleBundle101WithTheTextOfItsPdf() throws IOException {
        String bundle = Files.readString(Path.of("../../shared/corpora/fhir-r4-examples/Bundle-101.json"));
        FhirNoteReader defaults = new FhirNoteReader(new Admission("acme-lab", 200_000, Clock.systemUTC()), "fhir");

        List<SourceRecord> records = defaults.read(bundle, "Bundle-101.json");

        assertThat(records).hasSize(1);
        RawNote note = note(records.get(0));
        assertThat(note.getNoteKey()).isEqualTo("acme-lab|101");
        assertThat(note.getPatientId()).isEqualTo("pat2");
        assertThat(note.getNoteType()).isEqualTo("Complete Blood Count");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2011-03-03T21:30:00Z"));
        assertThat(note.getIngest().getContentType()).isEqualTo("application/pdf");
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("Bundle-101.json Bundle/101 entry 1 DiagnosticReport/101");
        assertThat(note.getText())
                .startsWith("CBC Report for Wile. E. COYOTE (MRN: 23453) issued 3-Mar 2011 11:45\n")
                .contains("Haemoglobin           g/L         176         135 - 180")
                .contains("Acme Laboratory, Inc signed: Dr Pete Pathologist");
    }
}
