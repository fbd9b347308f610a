package org.vigil.ingest.csv;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CsvNoteSourceTest {

    static final String MIMIC_III_HEADER = "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n";

    @TempDir
    Path dir;

    private final Admission admission = new Admission("mimic", 10_000, Clock.systemUTC());
    private final ClinicalTime time = new ClinicalTime(ZoneId.of("UTC"));

    private List<SourceRecord> read(String name, String content, Optional<CsvLayout> layout) throws IOException {
        return read(name, content.getBytes(StandardCharsets.UTF_8), layout);
    }

    private List<SourceRecord> read(String name, byte[] content, Optional<CsvLayout> layout) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        try (var source = CsvNoteSource.open(file, layout, admission, time); var stream = source.stream()) {
            return stream.toList();
        }
    }

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    private static SourceRecord.Rejected rejected(RejectReason reason, String detail, String location) {
        return (SourceRecord.Rejected) SourceRecord.rejected(reason, detail, SourceLocation.label(location));
    }

    @Test
    void readsMimicIiiNoteeventsWithMultiLineQuotedText() throws IOException {
        String csv = MIMIC_III_HEADER
                + "174,22532,167853,2151-08-04,,2151-08-04 18:34:00,Discharge summary,Report,,,\"Admission Date:  [**2151-7-16**]\n"
                + "Pt reports \"\"feeling hopeless\"\", denies SI.\"\n"
                + "175,13702,107527,2118-06-14,2118-06-14 08:15:00,,Nursing,Nursing Progress Note,17492,,\"Pt calm.\"\n";
        List<SourceRecord> records = read("NOTEEVENTS.csv", csv, Optional.empty());

        assertThat(records).hasSize(2);
        RawNote first = note(records.get(0));
        assertThat(first.getNoteKey()).isEqualTo("mimic|174");
        assertThat(first.getPatientId()).isEqualTo("22532");
        assertThat(first.getEncounterId()).isEqualTo("167853");
        assertThat(first.getNoteType()).isEqualTo("Discharge summary / Report");
        assertThat(first.getAuthoredAt()).isEqualTo(Instant.parse("2151-08-04T00:00:00Z"));
        assertThat(first.getText()).isEqualTo("Admission Date:  [**2151-7-16**]\nPt reports \"feeling hopeless\", denies SI.");
        assertThat(first.getIngest().getSourceLocation()).isEqualTo("NOTEEVENTS.csv:2");
        assertThat(first.getIngest().getAdapter()).isEqualTo("csv");
        RawNote second = note(records.get(1));
        assertThat(second.getNoteKey()).isEqualTo("mimic|175");
        assertThat(second.getAuthoredAt()).isEqualTo(Instant.parse("2118-06-14T08:15:00Z"));
        assertThat(second.getNoteType()).isEqualTo("Nursing / Nursing Progress Note");
        assertThat(second.getIngest().getSourceLocation()).isEqualTo("NOTEEVENTS.csv:4");
    }

    @Test
    void deadLettersRowsMarkedInErrorAndKeepsGoing() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,10,20,2100-01-01,,,Nursing,Note,,1,\"Wrong patient.\"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Right patient.\"\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records.get(0)).isEqualTo(rejected(RejectReason.ENTERED_IN_ERROR,
                "The source marks the note as entered in error", "n.csv:2"));
        assertThat(note(records.get(1)).getNoteKey()).isEqualTo("mimic|2");
    }

    @Test
    void deadLettersRowWithoutPatientAndKeepsGoing() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,,20,2100-01-01,,,Nursing,Note,,,\"No subject.\"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Has subject.\"\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records.get(0)).isEqualTo(rejected(RejectReason.MISSING_PATIENT, "The note names no patient", "n.csv:2"));
        assertThat(note(records.get(1)).getPatientId()).isEqualTo("11");
    }

    @Test
    void deadLettersEmptyNoteAndKeepsGoing() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,10,20,2100-01-01,,,Nursing,Note,,,\"   \"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Text.\"\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records.get(0)).isEqualTo(rejected(RejectReason.EMPTY_NOTE, "The note has no text", "n.csv:2"));
        assertThat(note(records.get(1)).getText()).isEqualTo("Text.");
    }

    @Test
    void deadLettersOversizeNoteAndKeepsGoing() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,10,20,2100-01-01,,,Nursing,Note,,,\"" + "a".repeat(10_001) + "\"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Text.\"\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records.get(0)).isEqualTo(rejected(RejectReason.OVERSIZE,
                "The note has 10001 characters; the limit is 10000", "n.csv:2"));
        assertThat(note(records.get(1)).getSourceNoteId()).isEqualTo("2");
    }

    @Test
    void deadLettersRowWithWrongFieldCountAndKeepsGoing() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,10,20,2100-01-01,\"Text.\"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Text.\"\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records.get(0)).isEqualTo(rejected(RejectReason.MALFORMED_CSV,
                "The row has 5 fields; the header has 11", "n.csv:2"));
        assertThat(note(records.get(1)).getSourceNoteId()).isEqualTo("2");
    }

    @Test
    void deadLettersUnparseableTimeAndKeepsGoing() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,10,20,last tuesday,,,Nursing,Note,,,\"Text.\"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Text.\"\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records.get(0)).isEqualTo(rejected(RejectReason.INVALID_TIMESTAMP,
                "The note's time matches no accepted format (column CHARTTIME|CHARTDATE)", "n.csv:2"));
        assertThat(note(records.get(1)).getSourceNoteId()).isEqualTo("2");
    }

    @Test
    void endsFileAtUnbalancedQuoteWithOneDeadLetter() throws IOException {
        String csv = MIMIC_III_HEADER
                + "1,10,20,2100-01-01,,,Nursing,Note,,,\"Good.\"\n"
                + "2,11,21,2100-01-02,,,Nursing,Note,,,\"Never closed.\n";
        List<SourceRecord> records = read("n.csv", csv, Optional.empty());
        assertThat(records).hasSize(2);
        assertThat(note(records.get(0)).getSourceNoteId()).isEqualTo("1");
        assertThat(records.get(1)).isEqualTo(rejected(RejectReason.MALFORMED_CSV,
                "The CSV cannot be parsed past this line (unbalanced quotes); the rest of the file is not read", "n.csv:3"));
    }

    @Test
    void decodesWindows1252Export() throws IOException {
        String csv = MIMIC_III_HEADER + "1,10,20,2100-01-01,,,Nursing,Note,,,\"Café; naïve.\"\n";
        List<SourceRecord> records = read("n.csv", csv.getBytes(Charset.forName("windows-1252")), Optional.empty());
        RawNote note = note(records.get(0));
        assertThat(note.getText()).isEqualTo("Café; naïve.");
        assertThat(note.getIngest().getCharset()).isEqualTo("windows-1252");
    }

    @Test
    void deadLettersInvalidBytesLaterInTheFile() throws IOException {
        StringBuilder csv = new StringBuilder(MIMIC_III_HEADER);
        // Over 64 KiB of valid UTF-8 so the sniffed head is clean, then a bad byte in the last row.
        for (int i = 1; i <= 700; i++) {
            csv.append(i).append(",10,20,2100-01-01,,,Nursing,Note,,,\"").append("é".repeat(50)).append("\"\n");
        }
        byte[] head = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("701,10,20,2100-01-01,,,Nursing,Note,,,\"bad \u0081 byte\"\n"
                + "702,10,20,2100-01-01,,,Nursing,Note,,,\"fine\"\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        List<SourceRecord> records = read("n.csv", all, Optional.empty());
        assertThat(records).hasSize(702);
        assertThat(records.subList(0, 700)).allMatch(r -> r instanceof SourceRecord.Accepted);
        assertThat(records.get(700)).isEqualTo(rejected(RejectReason.INVALID_ENCODING,
                "The row holds bytes invalid in the file's encoding (UTF-8)", "n.csv:702"));
        assertThat(note(records.get(701)).getSourceNoteId()).isEqualTo("702");
    }

    @Test
    void readsMimicIvNoteWithCodedNoteTypes() throws IOException {
        String csv = "note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text\n"
                + "10000032-DS-21,10000032,22595853,DS,21,2180-05-07 00:00:00,2180-05-09 15:26:00,\"Discharge text.\"\n"
                + "10000032-RR-14,10000032,,RR,14,2180-04-28 08:38:00,,\"Chest film.\"\n";
        List<SourceRecord> records = read("discharge.csv", csv, Optional.empty());
        RawNote ds = note(records.get(0));
        assertThat(ds.getNoteKey()).isEqualTo("mimic|10000032-DS-21");
        assertThat(ds.getNoteType()).isEqualTo("Discharge summary");
        assertThat(ds.getEncounterId()).isEqualTo("22595853");
        assertThat(ds.getAuthoredAt()).isEqualTo(Instant.parse("2180-05-07T00:00:00Z"));
        RawNote rr = note(records.get(1));
        assertThat(rr.getNoteType()).isEqualTo("Radiology");
        assertThat(rr.getEncounterId()).isNull();
    }

    @Test
    void readsAnyShapeThroughAColumnMapping() throws IOException {
        String csv = "id;mrn;kind;written;gender;dob;body\n".replace(';', ',')
                + "A-1,MRN9,Psych eval,2024-02-03T04:05:06Z,F,1980-01-01,\"Pt anxious.\"\n";
        CsvLayout layout = CsvLayout.parse("sourceNoteId=id, patientId=mrn, noteType=kind, authoredAt=written, "
                + "sex=gender, birthDate=dob, text=body");
        RawNote note = note(read("export.csv", csv, Optional.of(layout)).get(0));
        assertThat(note.getNoteKey()).isEqualTo("mimic|A-1");
        assertThat(note.getPatientId()).isEqualTo("MRN9");
        assertThat(note.getNoteType()).isEqualTo("Psych eval");
        assertThat(note.getAttributes()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("sex", "F", "birthDate", "1980-01-01"));
    }

    @Test
    void rejectsUnknownShapeWithoutMapping() throws IOException {
        List<SourceRecord> records = read("x.csv", "a,b,c\n1,2,3\n", Optional.empty());
        assertThat(records).containsExactly(rejected(RejectReason.MALFORMED_CSV,
                "The CSV header matches neither MIMIC-III NOTEEVENTS nor MIMIC-IV-Note and no column mapping is configured",
                "x.csv:1"));
    }
}
