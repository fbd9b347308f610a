package org.vigil.ingest.hl7;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.hl7.Hl7Messages.mdm;
import static org.vigil.ingest.hl7.Hl7Messages.oru;

class Hl7FileSourceTest {

    @TempDir
    Path dir;

    private final Hl7NoteReader reader = new Hl7NoteReader(new Admission("hosp", 10_000, Clock.systemUTC()),
            new ClinicalTime(ZoneId.of("UTC")), Hl7FileSource.ADAPTER);

    private List<SourceRecord> read(String name, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        try (var source = Hl7FileSource.open(file, reader, 100_000); var stream = source.stream()) {
            return stream.toList();
        }
    }

    private static String key(SourceRecord record) {
        return ((SourceRecord.Accepted) record).note().getNoteKey();
    }

    @Test
    void readsBatchFileWithLineFeedsAndKeepsGoingPastABadMessage() throws IOException {
        String batch = "FHS|^~\\&|EHR|HOSP\nBHS|^~\\&|EHR|HOSP\n"
                + mdm("T02", "C1", "MRN1", "DOC-1", "One.").replace('\r', '\n')       // lines 3-8
                + mdm("T02", "C2", "", "DOC-2", "No patient.").replace('\r', '\n')     // lines 9-14
                + oru("C3", "MRN3").replace('\r', '\n')                                // lines 15-21
                + "BTS|3\nFTS|1\n";
        List<SourceRecord> records = read("batch.hl7", batch);

        assertThat(records).hasSize(3);
        assertThat(key(records.get(0))).isEqualTo("hosp|DOC-1");
        assertThat(((SourceRecord.Accepted) records.get(0)).note().getIngest().getSourceLocation()).isEqualTo("batch.hl7:3 MSH-10=C1");
        assertThat(records.get(1)).isEqualTo(SourceRecord.rejected(RejectReason.MISSING_PATIENT, "The note names no patient",
                SourceLocation.label("batch.hl7:9 MSH-10=C2")));
        assertThat(key(records.get(2))).isEqualTo("hosp|FIL-9");
        assertThat(((SourceRecord.Accepted) records.get(2)).note().getIngest().getAdapter()).isEqualTo("hl7-file");
    }

    @Test
    void readsSingleMessageWithCarriageReturnsAndMllpFraming() throws IOException {
        List<SourceRecord> records = read("one.hl7", "\u000b" + mdm("T02", "C1", "MRN1", "DOC-1", "One.") + "\u001c\r");
        assertThat(records).hasSize(1);
        assertThat(key(records.get(0))).isEqualTo("hosp|DOC-1");
    }

    @Test
    void deadLettersTextThatIsNotAMessageAndReadsTheNextMessage() throws IOException {
        List<SourceRecord> records = read("mixed.hl7", "this is not hl7\r\n" + mdm("T02", "C1", "MRN1", "DOC-1", "One."));
        assertThat(records.get(0)).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_HL7,
                "Text before an MSH segment is not an HL7 v2 message", SourceLocation.label("mixed.hl7:1")));
        assertThat(key(records.get(1))).isEqualTo("hosp|DOC-1");
    }

    @Test
    void skipsMessagesWithoutANoteAndReadsTheRestOfTheFeed() throws IOException {
        String feed = Hl7Messages.adt("A1") + mdm("T02", "C1", "MRN1", "DOC-1", "One.") + Hl7Messages.labResult("L1")
                + Hl7Messages.oruWith("P1", Hl7Messages.ed(1, "AP", "PDF", "Base64",
                org.vigil.ingest.Pdfs.base64(org.vigil.ingest.Pdfs.withText("Discharge summary."))));
        List<SourceRecord> records = read("feed.hl7", feed);
        assertThat(records).hasSize(4);
        assertThat(records.get(0)).isEqualTo(new SourceRecord.Skipped("ADT", "A01",
                "A ADT^A01 message carries no note; MDM and ORU^R01 do", SourceLocation.label("feed.hl7:1 MSH-10=A1")));
        assertThat(key(records.get(1))).isEqualTo("hosp|DOC-1");
        assertThat(records.get(2)).isInstanceOf(SourceRecord.Skipped.class)
                .extracting(r -> ((SourceRecord.Skipped) r).kind()).isEqualTo("ORU^R01");
        assertThat(((SourceRecord.Accepted) records.get(3)).note().getText()).isEqualTo("Discharge summary.");
    }
}
