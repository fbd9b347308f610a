package org.vigil.ingest.fhir;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.document;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.json;
import static org.vigil.ingest.fhir.FhirNoteReaderTest.patient;

class NdjsonNoteSourceTest {

    @TempDir
    Path dir;

    private final Admission admission = new Admission("bulk", 1_000, Clock.systemUTC());

    private static String line(String id, String patient, String text) {
        return json(document(id, patient, "text/plain", text.getBytes(StandardCharsets.UTF_8))) + "\n";
    }

    private List<SourceRecord> read(Path file, PersonIndex index, int maxLine) throws IOException {
        try (var source = NdjsonNoteSource.open(file, new FhirNoteReader(admission, "ndjson", index), maxLine);
             var stream = source.stream()) {
            return stream.toList();
        }
    }

    @Test
    void readsOneResourcePerLineAndKeepsGoingPastBadLines() throws IOException {
        Path file = Files.writeString(dir.resolve("DocumentReference.ndjson"),
                line("d1", "Patient/p1", "First.")
                        + "\n"
                        + "{\"resourceType\": \"DocumentReference\", \"status\": \n"
                        + line("d2", "Patient/p2", " ")
                        + line("d3", "Patient/p3", "Third.") + "\r\n"
                        + line("d4", "Patient/p4", "x".repeat(1600)));
        List<SourceRecord> records = read(file, PersonIndex.EMPTY, 2_000);

        assertThat(records).hasSize(5);
        assertThat(((SourceRecord.Accepted) records.get(0)).note().getNoteKey()).isEqualTo("bulk|d1");
        assertThat(((SourceRecord.Rejected) records.get(1)).sourceLocation().original()).isEqualTo("DocumentReference.ndjson:3");
        assertThat(((SourceRecord.Rejected) records.get(1)).rejection().reason()).isEqualTo(RejectReason.MALFORMED_FHIR);
        assertThat(records.get(2)).isEqualTo(SourceRecord.rejected(RejectReason.EMPTY_NOTE, "The note has no text",
                SourceLocation.label("DocumentReference.ndjson:4 DocumentReference/d2")));
        RawNote third = ((SourceRecord.Accepted) records.get(3)).note();
        assertThat(third.getText()).isEqualTo("Third.");
        assertThat(third.getIngest().getSourceLocation()).isEqualTo("DocumentReference.ndjson:5 DocumentReference/d3");
        assertThat(((SourceRecord.Rejected) records.get(4)).sourceLocation().original()).isEqualTo("DocumentReference.ndjson:7");
        assertThat(((SourceRecord.Rejected) records.get(4)).rejection().reason()).isEqualTo(RejectReason.OVERSIZE);
    }

    @Test
    void takesPatientAttributesFromTheExportsPatientFile() throws IOException {
        Path patients = Files.writeString(dir.resolve("Patient.ndjson"), json(patient("p1", "MRN-1")) + "\n{broken\n");
        Path notes = Files.writeString(dir.resolve("DocumentReference.ndjson"), line("d1", "Patient/p1", "Note."));
        var index = PersonIndex.load(List.of(patients), 10_000);
        RawNote note = ((SourceRecord.Accepted) read(notes, index, 10_000).get(0)).note();
        assertThat(note.getPatientId()).isEqualTo("p1");
        assertThat(note.getAttributes()).isEqualTo(Map.of("sex", "female", "birthDate", "1984-02-29"));
    }

    @Test
    void deadLettersResourcesThatAreNotNotes() throws IOException {
        Path file = Files.writeString(dir.resolve("mixed.ndjson"), json(patient("p1", "MRN-1")) + "\n" + line("d1", "Patient/p1", "Note."));
        List<SourceRecord> records = read(file, PersonIndex.EMPTY, 10_000);
        assertThat(records.get(0)).isEqualTo(SourceRecord.rejected(RejectReason.UNSUPPORTED_RESOURCE,
                "A Patient resource carries no note", SourceLocation.label("mixed.ndjson:1 Patient")));
        assertThat(records.get(1)).isInstanceOf(SourceRecord.Accepted.class);
    }
}
