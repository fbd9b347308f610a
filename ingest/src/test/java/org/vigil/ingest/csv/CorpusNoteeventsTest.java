package org.vigil.ingest.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import org.vigil.corpus.SyntheticNote;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV adapter reads the project's generated corpus (noteevents.csv, MIMIC-III shape) out of the box. */
class CorpusNoteeventsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryGeneratedNoteWithItsPatientEncounterTimeAndExactText() throws IOException {
        List<SyntheticNote> generated = new CorpusGenerator(7).generate(60);
        CorpusWriter.write(generated, dir);

        List<SourceRecord> records;
        try (var source = CsvNoteSource.open(dir.resolve("noteevents.csv"), Optional.empty(),
                new Admission("corpus", 200_000, Clock.systemUTC()), new ClinicalTime(ZoneId.of("UTC")));
             var stream = source.stream()) {
            records = stream.toList();
        }

        assertThat(records).hasSize(60).allMatch(r -> r instanceof SourceRecord.Accepted);
        for (int i = 0; i < generated.size(); i++) {
            SyntheticNote expected = generated.get(i);
            RawNote note = ((SourceRecord.Accepted) records.get(i)).note();
            assertThat(note.getNoteKey()).isEqualTo("corpus|" + (i + 1));
            assertThat(note.getPatientId()).isEqualTo(expected.patientId());
            assertThat(note.getEncounterId()).isEqualTo(expected.encounterId());
            assertThat(note.getText()).isEqualTo(expected.text());
            assertThat(note.getAuthoredAt()).isEqualTo(expected.authoredAt().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
