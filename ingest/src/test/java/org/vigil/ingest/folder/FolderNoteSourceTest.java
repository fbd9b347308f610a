package org.vigil.ingest.folder;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FolderNoteSourceTest {

    @TempDir
    Path dir;

    private final Admission admission = new Admission("clinic", 1_000, Clock.systemUTC());
    private final ClinicalTime time = new ClinicalTime(ZoneId.of("UTC"));

    private FolderNoteSource folder() {
        return new FolderNoteSource(dir, "*.txt", admission, time);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static RawNote note(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note();
    }

    private static SourceRecord rejected(RejectReason reason, String detail, String location) {
        return SourceRecord.rejected(reason, detail, SourceLocation.label(location));
    }

    @Test
    void readsNoteWithSidecarMetadata() throws IOException {
        Path file = write("n-001.txt", "CC: low mood.\nDenies SI.");
        write("n-001.meta.json", """
                {"patientId": "P-17", "encounterId": "E-2", "noteType": "Psychiatry consult", "authorRole": "psychiatrist",
                 "authoredAt": "2024-05-06T07:08:09Z", "sex": "M", "birthDate": "1990-02-03", "ignored": {"x": 1}}""");
        RawNote note = note(folder().read(file));
        assertThat(note.getNoteKey()).isEqualTo("clinic|n-001");
        assertThat(note.getPatientId()).isEqualTo("P-17");
        assertThat(note.getEncounterId()).isEqualTo("E-2");
        assertThat(note.getNoteType()).isEqualTo("Psychiatry consult");
        assertThat(note.getAuthorRole()).isEqualTo("psychiatrist");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
        assertThat(note.getAttributes()).isEqualTo(Map.of("sex", "M", "birthDate", "1990-02-03"));
        assertThat(note.getText()).isEqualTo("CC: low mood.\nDenies SI.");
        assertThat(note.getIngest().getSourceLocation()).isEqualTo("n-001.txt");
        assertThat(note.getIngest().getCharset()).isEqualTo("UTF-8");
    }

    @Test
    void readsMetadataFromTheFolderManifest() throws IOException {
        Path file = write("a.txt", "Text a.");
        write("manifest.csv", "file,patientId,sourceNoteId,noteType,authoredAt\na.txt,P-1,NOTE-A,ED note,2024-01-02 03:04\n");
        RawNote note = note(folder().read(file));
        assertThat(note.getNoteKey()).isEqualTo("clinic|NOTE-A");
        assertThat(note.getPatientId()).isEqualTo("P-1");
        assertThat(note.getNoteType()).isEqualTo("ED note");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-01-02T03:04:00Z"));
    }

    @Test
    void sidecarTakesPrecedenceOverManifest() throws IOException {
        Path file = write("a.txt", "Text a.");
        write("manifest.csv", "file,patientId\na.txt,P-1\n");
        write("a.meta.json", "{\"patientId\": \"P-2\"}");
        assertThat(note(folder().read(file)).getPatientId()).isEqualTo("P-2");
    }

    @Test
    void deadLettersNoteWithoutMetadataAsMissingPatient() throws IOException {
        Path file = write("orphan.txt", "Text.");
        assertThat(folder().read(file)).isEqualTo(rejected(RejectReason.MISSING_PATIENT, "The note names no patient", "orphan.txt"));
    }

    @Test
    void deadLettersMalformedSidecar() throws IOException {
        Path file = write("b.txt", "Text.");
        write("b.meta.json", "{\"patientId\": \"P-2\",\n oops}");
        assertThat(folder().read(file)).isEqualTo(rejected(RejectReason.MALFORMED_METADATA,
                "The sidecar is not valid JSON (line 2)", "b.txt"));
    }

    @Test
    void deadLettersEmptyFile() throws IOException {
        Path file = write("e.txt", "");
        write("e.meta.json", "{\"patientId\": \"P-2\"}");
        assertThat(folder().read(file)).isEqualTo(rejected(RejectReason.EMPTY_NOTE, "The note has no text", "e.txt"));
    }

    @Test
    void deadLettersOversizeFileWithoutReadingIt() throws IOException {
        Path file = write("big.txt", "x".repeat(4_001));
        write("big.meta.json", "{\"patientId\": \"P-2\"}");
        assertThat(folder().read(file)).isEqualTo(rejected(RejectReason.OVERSIZE,
                "The file has 4001 bytes, over the limit of 1000 characters", "big.txt"));
    }

    @Test
    void decodesUtf16AndWindows1252Files() throws IOException {
        Files.write(dir.resolve("u.txt"), "Naïve, denies SI.".getBytes(StandardCharsets.UTF_16));
        Files.write(dir.resolve("w.txt"), "Naïve, denies SI.".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        write("manifest.csv", "file,patientId\nu.txt,P-1\nw.txt,P-2\n");
        assertThat(note(folder().read(dir.resolve("u.txt"))).getText()).isEqualTo("Naïve, denies SI.");
        RawNote w = note(folder().read(dir.resolve("w.txt")));
        assertThat(w.getText()).isEqualTo("Naïve, denies SI.");
        assertThat(w.getIngest().getCharset()).isEqualTo("windows-1252");
    }

    @Test
    void deadLettersUndecodableFile() throws IOException {
        Files.write(dir.resolve("bin.txt"), new byte[] {'a', 0x00, 0x01, (byte) 0x81, (byte) 0xFF, 0x02, 0x03, 0x7f});
        write("bin.meta.json", "{\"patientId\": \"P-2\"}");
        assertThat(folder().read(dir.resolve("bin.txt"))).isInstanceOf(SourceRecord.Rejected.class);
        assertThat(((SourceRecord.Rejected) folder().read(dir.resolve("bin.txt"))).rejection().reason())
                .isEqualTo(RejectReason.INVALID_ENCODING);
    }

    @Test
    void passReadsNoteFilesInNameOrderSkippingSidecarsAndTemporaryFiles() throws IOException {
        write("b.txt", "B.");
        write("a.txt", "A.");
        write(".hidden.txt", "H.");
        write("c.txt.tmp", "C.");
        write("a.ann", "T1\tSUICIDAL_IDEATION 0 2\tA.");
        write("manifest.csv", "file,patientId\na.txt,P-1\nb.txt,P-2\n");
        try (var pass = folder().pass(); var stream = pass.stream()) {
            List<String> keys = stream.map(r -> ((SourceRecord.Accepted) r).note().getNoteKey()).toList();
            assertThat(keys).containsExactly("clinic|a", "clinic|b");
        }
    }
}
