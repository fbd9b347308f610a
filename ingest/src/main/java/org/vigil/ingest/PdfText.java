package org.vigil.ingest;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Reads the text layer of a PDF note with Apache PDFBox, within a size limit, a time-out and the note length
 * limit. No OCR: a scanned or image-only PDF has no text layer and is refused as such, as are encrypted and
 * unreadable files. Refusal details name the cause only, never the file's content.
 *
 * <p>The time-out is checked by the extraction itself, between content-stream operators, so a slow file stops
 * within one operator of its deadline and leaves no thread behind.
 */
public final class PdfText {

    /** Default largest PDF read: hospital text PDFs are kilobytes to a few megabytes, scans are larger. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    // PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, annex H).
    private static final int HEADER_WINDOW = 1024;

    /** What extraction made of one PDF. */
    public sealed interface Extraction permits Extracted, Refused {
    }

    /** The text layer, stripped of surrounding blank space, and the number of pages. */
    public record Extracted(String text, int pages) implements Extraction {
    }

    /** Why the PDF gave no text; the detail is safe for dead letters and logs. */
    public record Refused(RejectReason reason, String detail) implements Extraction {
    }

    private final long maxBytes;
    private final Duration timeout;
    private final int maxChars;

    /**
     * @param maxBytes largest PDF read
     * @param timeout  longest extraction of one PDF
     * @param maxChars longest text kept (the note limit): extraction stops once past it
     */
    public PdfText(long maxBytes, Duration timeout, int maxChars) {
        if (maxBytes < 1 || timeout.isNegative() || timeout.isZero() || maxChars < 1) {
            throw new IllegalArgumentException("PDF limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.maxChars = maxChars;
    }

    /** The default size limit and time-out, with the note limit of {@code admission}. */
    public static PdfText defaults(Admission admission) {
        return new PdfText(DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, admission.maxNoteChars());
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Whether {@code bytes} start like a PDF file (the {@code %PDF-} header within the first kilobyte). */
    public static boolean isPdf(byte[] bytes) {
        int window = Math.min(bytes.length - MAGIC.length, HEADER_WINDOW);
        for (int start = 0; start <= window; start++) {
            int i = 0;
            while (i < MAGIC.length && bytes[start + i] == MAGIC[i]) {
                i++;
            }
            if (i == MAGIC.length) {
                return true;
            }
        }
        return false;
    }

    /** The text layer of {@code pdf}, or why there is none. */
    public Extraction extract(byte[] pdf) {
        if (pdf.length > maxBytes) {
            return new Refused(RejectReason.OVERSIZE, "The PDF has " + pdf.length + " bytes; the limit is " + maxBytes);
        }
        if (!isPdf(pdf)) {
            return new Refused(RejectReason.MALFORMED_PDF, "The attachment is not a PDF file (no %PDF header)");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            BoundedText text = new BoundedText(maxChars);
            new DeadlineStripper(deadline).writeText(document, text);
            String body = text.toString().strip();
            if (body.isEmpty()) {
                return new Refused(RejectReason.NO_TEXT_LAYER, "The PDF has no text layer (" + document.getNumberOfPages()
                        + (document.getNumberOfPages() == 1 ? " page" : " pages") + ", scanned or image only); ingest does not run OCR");
            }
            return new Extracted(body, document.getNumberOfPages());
        } catch (InvalidPasswordException e) {
            return new Refused(RejectReason.ENCRYPTED_PDF, "The PDF is encrypted with a password");
        } catch (TimedOut e) {
            return new Refused(RejectReason.EXTRACTION_TIMEOUT,
                    "Reading the PDF's text took longer than " + timeout.toMillis() + " ms");
        } catch (TooLong e) {
            return new Refused(RejectReason.OVERSIZE, "The PDF's text is over the limit of " + maxChars + " characters");
        } catch (IOException | RuntimeException e) {
            // PDFBox's messages can quote bytes of the file: keep the exception class only.
            return new Refused(RejectReason.MALFORMED_PDF, "The PDF cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (StackOverflowError e) {
            // Deeply nested objects (a known malformed-PDF pattern) recurse in the parser.
            return new Refused(RejectReason.MALFORMED_PDF, "The PDF cannot be read (nesting too deep)");
        }
    }

    /** PDFBox's text stripper, stopped at the deadline; lines end in LF whatever the platform. */
    private static final class DeadlineStripper extends PDFTextStripper {
        private final long deadline;

        DeadlineStripper(long deadline) {
            this.deadline = deadline;
            setLineSeparator("\n");
        }

        @Override
        protected void startPage(PDPage page) throws IOException {
            check();
            super.startPage(page);
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            check();
            super.processOperator(operator, operands);
        }

        private void check() throws TimedOut {
            if (System.nanoTime() - deadline > 0) {
                throw new TimedOut();
            }
        }
    }

    /** Collects text up to a limit and stops the extraction past it, so a huge text layer is never held. */
    private static final class BoundedText extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int maxChars;

        BoundedText(int maxChars) {
            this.maxChars = maxChars;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws TooLong {
            if (text.length() + length > maxChars + 1024L) {
                // Some slack for the layout's trailing blank lines, which strip() removes.
                throw new TooLong();
            }
            text.append(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static final class TimedOut extends IOException {
        TimedOut() {
            super("PDF text extraction past its time-out");
        }
    }

    private static final class TooLong extends IOException {
        TooLong() {
            super("PDF text over the note limit");
        }
    }
}
