package org.vigil.ingest.hl7;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.PdfText;
import org.vigil.ingest.Pdfs;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.hl7.Hl7Messages.ed;
import static org.vigil.ingest.hl7.Hl7Messages.obx;
import static org.vigil.ingest.hl7.Hl7Messages.oruWith;

/** PDF notes in HL7 v2: OBX of value type ED holding a base64 PDF. */
class Hl7PdfNotesTest {

    private final Admission admission = new Admission("ris", 10_000, Clock.systemUTC());
    private final Hl7NoteReader reader = new Hl7NoteReader(admission, new ClinicalTime(ZoneId.of("UTC")), "hl7",
            Hl7NoteReader.WithoutNote.SKIP, new PdfText(1024 * 1024, Duration.ofSeconds(30), admission.maxNoteChars()));

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    private static SourceRecord rejected(RejectReason reason, String detail, String control) {
        return SourceRecord.rejected(reason, detail, SourceLocation.label("MSH-10=" + control));
    }

    @Test
    void readsTheTextLayerOfABase64PdfInObxEd() {
        String pdf = Pdfs.base64(Pdfs.withText("MRI brain: no acute findings.", "Impression: normal study."));
        RawNote note = note(reader.read(oruWith("R1", ed(1, "AP", "PDF", "Base64", pdf)), "").record());
        assertThat(note.getNoteKey()).isEqualTo("ris|RAD-R1");
        assertThat(note.getText()).isEqualTo("MRI brain: no acute findings.\nImpression: normal study.");
        assertThat(note.getIngest().getContentType()).isEqualTo("application/pdf");
    }

    @Test
    void joinsPdfTextWithTextResultsInMessageOrderWhateverTheDeclaredSubtype() {
        String pdf = Pdfs.base64(Pdfs.withText("Report body."));
        RawNote note = note(reader.read(oruWith("R2", obx(1, "TX", "Preliminary."), ed(2, "application", "pdf", "base64", pdf)), "")
                .record());
        assertThat(note.getText()).isEqualTo("Preliminary.\nReport body.");
    }

    @Test
    void deadLettersAPdfWithoutATextLayer() {
        String scanned = Pdfs.base64(Pdfs.imageOnly());
        assertThat(reader.read(oruWith("R3", ed(1, "AP", "PDF", "Base64", scanned)), "").record()).isEqualTo(rejected(
                RejectReason.NO_TEXT_LAYER, "The PDF has no text layer (1 page, scanned or image only); ingest does not run OCR", "R3"));
    }

    @Test
    void deadLettersEncryptedOversizeAndUndecodablePdfs() {
        assertThat(reader.read(oruWith("R4", ed(1, "AP", "PDF", "Base64", Pdfs.base64(Pdfs.encrypted("pw", "Secret.")))), "").record())
                .isEqualTo(rejected(RejectReason.ENCRYPTED_PDF, "The PDF is encrypted with a password", "R4"));
        Hl7NoteReader small = new Hl7NoteReader(admission, new ClinicalTime(ZoneId.of("UTC")), "hl7",
                Hl7NoteReader.WithoutNote.SKIP, new PdfText(300, Duration.ofSeconds(30), 10_000));
        String pdf = Pdfs.base64(Pdfs.withText("Fine."));
        assertThat(small.read(oruWith("R5", ed(1, "AP", "PDF", "Base64", pdf)), "").record()).isEqualTo(rejected(RejectReason.OVERSIZE,
                "OBX-5 encapsulated data has about " + pdf.length() / 4 * 3 + " bytes; the PDF limit is 300", "R5"));
        assertThat(reader.read(oruWith("R6", ed(1, "AP", "PDF", "Base64", "JVBER*not*base64")), "").record())
                .isEqualTo(rejected(RejectReason.MALFORMED_HL7, "OBX-5 encapsulated data is not valid Base64", "R6"));
    }

    @Test
    void deadLettersEncapsulatedDataThatIsNotAPdfWhenItIsAllTheMessageHolds() {
        String rtf = java.util.Base64.getEncoder().encodeToString("{\\rtf1 Pt calm.}".getBytes(StandardCharsets.US_ASCII));
        assertThat(reader.read(oruWith("R7", ed(1, "TEXT", "RTF", "Base64", rtf)), "").record()).isEqualTo(rejected(
                RejectReason.UNSUPPORTED_CONTENT_TYPE,
                "OBX-5 encapsulated data (TEXT/RTF/Base64) is not a base64 PDF; only PDF and TX, FT, ST text are read", "R7"));
        // Beside text, other encapsulated data (an image of an ECG strip, say) is left out and the text flows.
        assertThat(note(reader.read(oruWith("R8", obx(1, "TX", "Sinus rhythm."), ed(2, "IM", "JPEG", "Base64", "/9j/4AAQ")), "")
                .record()).getText()).isEqualTo("Sinus rhythm.");
    }
}
