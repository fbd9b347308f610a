package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusWriterTest {

  @TempDir
  Path dir;

  private final List<SyntheticNote> notes = new CorpusGenerator(5).generate(12);

  @Test
  void writesTxtAnnAndXmlPerNoteThatReadBackToTheNote() {
    CorpusWriter.write(notes, dir);
    for (SyntheticNote n : notes) {
      assertThat(BratFormat.read(dir.resolve(n.noteId() + ".txt"))).isEqualTo(n.bratDocument());
      assertThat(I2b2Format.read(dir.resolve(n.noteId() + ".xml"))).isEqualTo(n.annotatedText());
    }
    assertThat(dir.toFile().list()).hasSize(12 * 3 + 3);
  }

  @Test
  void manifestNamesEveryTextFileWithItsPatientAndNoteId() throws IOException {
    CorpusWriter.write(notes, dir);
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(dir.resolve("manifest.csv"), StandardCharsets.UTF_8)) {
      var rows = format.parse(r).getRecords();
      assertThat(rows).hasSize(notes.size());
      for (int i = 0; i < notes.size(); i++) {
        assertThat(rows.get(i).get("file")).isEqualTo(notes.get(i).noteId() + ".txt");
        assertThat(rows.get(i).get("patientId")).isEqualTo(notes.get(i).patientId());
        assertThat(rows.get(i).get("sourceNoteId")).isEqualTo(notes.get(i).noteId());
        assertThat(rows.get(i).get("authoredAt")).isEqualTo(notes.get(i).authoredAt().toString());
      }
    }
  }

  @Test
  void noteEventsCsvHasTheMimicColumnsAndKeepsMultiLineText() throws IOException {
    CorpusWriter.write(notes, dir);
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(dir.resolve("noteevents.csv"), StandardCharsets.UTF_8);
        CSVParser csv = CSVParser.parse(r, format)) {
      assertThat(csv.getHeaderNames()).containsExactly("ROW_ID", "SUBJECT_ID", "HADM_ID", "CHARTDATE", "CHARTTIME",
          "STORETIME", "CATEGORY", "DESCRIPTION", "CGID", "ISERROR", "TEXT");
      List<CSVRecord> rows = csv.getRecords();
      assertThat(rows).hasSize(12);
      for (int i = 0; i < rows.size(); i++) {
        CSVRecord row = rows.get(i);
        SyntheticNote n = notes.get(i);
        assertThat(row.get("ROW_ID")).isEqualTo(Integer.toString(i + 1));
        assertThat(row.get("SUBJECT_ID")).isEqualTo(n.patientId());
        assertThat(row.get("HADM_ID")).isEqualTo(n.encounterId());
        assertThat(row.get("CHARTDATE")).isEqualTo(n.authoredAt().toString().substring(0, 10));
        assertThat(row.get("ISERROR")).isEmpty();
        assertThat(row.get("TEXT")).isEqualTo(n.text()).contains("\n");
      }
    }
  }

  @Test
  void groundTruthHasOneJsonLinePerNoteWithEveryAnnotation() throws IOException {
    CorpusWriter.write(notes, dir);
    List<String> lines = Files.readAllLines(dir.resolve("ground-truth.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(12);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode o = json.readTree(lines.get(i));
      SyntheticNote n = notes.get(i);
      assertThat(o.get("noteId").asText()).isEqualTo(n.noteId());
      assertThat(o.get("text").asText()).isEqualTo(n.text());
      assertThat(o.get("authoredAt").asText()).isEqualTo(n.authoredAt().toString());
      assertThat(o.get("phi")).hasSize(n.phi().size());
      assertThat(o.get("signals")).hasSize(n.signals().size());
      assertThat(o.get("attributes").get("sex").asText()).isEqualTo(n.attributes().get("sex"));
      if (!n.phi().isEmpty()) {
        assertThat(o.get("phi").get(0).get("mustRemove").asBoolean()).isEqualTo(n.phi().get(0).mustRemove());
      }
    }
  }
}
