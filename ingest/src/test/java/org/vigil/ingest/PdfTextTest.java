package org.vigil.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PdfTextTest {

    private final PdfText pdf = new PdfText(1024 * 1024, Duration.ofSeconds(30), 10_000);

    @Test
    void readsTheTextLayerLineByLineAndPageByPage() {
        byte[] file = Pdfs.withText(List.of(List.of("Pt reports low mood.", "Denies SI."), List.of("Plan: follow up in 2 weeks.")));
        assertThat(pdf.extract(file)).isEqualTo(new PdfText.Extracted(
                "Pt reports low mood.\nDenies SI.\nPlan: follow up in 2 weeks.", 2));
    }

    @Test
    void refusesAnImageOnlyPdfAsHavingNoTextLayer() {
        assertThat(pdf.extract(Pdfs.imageOnly())).isEqualTo(new PdfText.Refused(RejectReason.NO_TEXT_LAYER,
                "The PDF has no text layer (1 page, scanned or image only); ingest does not run OCR"));
    }

    @Test
    void refusesABlankPageAsHavingNoTextLayer() {
        assertThat(pdf.extract(Pdfs.blank())).extracting(e -> ((PdfText.Refused) e).reason()).isEqualTo(RejectReason.NO_TEXT_LAYER);
    }

    @Test
    void refusesAPasswordProtectedPdf() {
        assertThat(pdf.extract(Pdfs.encrypted("s3cret", "Confidential."))).isEqualTo(
                new PdfText.Refused(RejectReason.ENCRYPTED_PDF, "The PDF is encrypted with a password"));
    }

    @Test
    void readsAPdfThatOpensWithoutAPasswordThoughItForbidsCopying() {
        assertThat(pdf.extract(Pdfs.copyProtected("Pt calm."))).isEqualTo(new PdfText.Extracted("Pt calm.", 1));
    }

    @Test
    void refusesBytesThatAreNotAPdfAndACorruptPdf() {
        assertThat(pdf.extract("Pt denies SI.".getBytes(StandardCharsets.UTF_8))).isEqualTo(new PdfText.Refused(
                RejectReason.MALFORMED_PDF, "The attachment is not a PDF file (no %PDF header)"));
        byte[] corrupt = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
        PdfText.Extraction refused = pdf.extract(corrupt);
        assertThat(refused).isInstanceOf(PdfText.Refused.class);
        assertThat(((PdfText.Refused) refused).reason()).isEqualTo(RejectReason.MALFORMED_PDF);
        assertThat(((PdfText.Refused) refused).detail()).startsWith("The PDF cannot be read (");
    }

    @Test
    void refusesAPdfOverTheSizeLimitWithoutReadingIt() {
        byte[] file = Pdfs.withText("Pt reports low mood.");
        PdfText small = new PdfText(file.length - 1, Duration.ofSeconds(30), 10_000);
        assertThat(small.extract(file)).isEqualTo(new PdfText.Refused(RejectReason.OVERSIZE,
                "The PDF has " + file.length + " bytes; the limit is " + (file.length - 1)));
    }

    @Test
    void stopsAtTheTimeOut() {
        PdfText impatient = new PdfText(1024 * 1024, Duration.ofNanos(1), 10_000);
        assertThat(impatient.extract(Pdfs.withText("Pt reports low mood."))).isEqualTo(new PdfText.Refused(
                RejectReason.EXTRACTION_TIMEOUT, "Reading the PDF's text took longer than 0 ms"));
    }

    @Test
    void stopsOnceTheTextIsPastTheNoteLimit() {
        char[] line = new char[80];
        Arrays.fill(line, 'x');
        byte[] file = Pdfs.withText(Collections.nCopies(40, Collections.nCopies(40, new String(line))));
        PdfText limited = new PdfText(10 * 1024 * 1024, Duration.ofSeconds(30), 2_000);
        assertThat(limited.extract(file)).isEqualTo(new PdfText.Refused(RejectReason.OVERSIZE,
                "The PDF's text is over the limit of 2000 characters"));
    }

    @Test
    void recognisesThePdfHeaderWithinTheFirstKilobyte() {
        assertThat(PdfText.isPdf("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PdfText.isPdf(("\n\n  %PDF-1.4").getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PdfText.isPdf("%PD".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(PdfText.isPdf(("x".repeat(1100) + "%PDF-1.4").getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
