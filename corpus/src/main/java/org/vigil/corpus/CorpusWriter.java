package org.vigil.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a generated corpus to a directory: per note {@code <noteId>.txt}, {@code .ann} (brat) and {@code .xml}
 * (i2b2 2014); plus {@code noteevents.csv} in the MIMIC-III NOTEEVENTS column shape, {@code manifest.csv} (the
 * ingest folder source's metadata) and {@code ground-truth.jsonl}
 * with every field and annotation of each note.
 */
public final class CorpusWriter {

  /** MIMIC-III NOTEEVENTS columns, in order. */
  public static final List<String> NOTEEVENTS_COLUMNS = List.of("ROW_ID", "SUBJECT_ID", "HADM_ID", "CHARTDATE",
      "CHARTTIME", "STORETIME", "CATEGORY", "DESCRIPTION", "CGID", "ISERROR", "TEXT");

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusWriter() {
  }

  /** Writes every note's files and the two corpus-wide files, creating {@code dir} if needed. */
  public static void write(List<SyntheticNote> notes, Path dir) {
    try {
      Files.createDirectories(dir);
      for (SyntheticNote n : notes) {
        Files.writeString(dir.resolve(n.noteId() + ".txt"), n.text(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(n.noteId() + ".ann"), BratFormat.writeAnn(n.signals()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(n.noteId() + ".xml"), I2b2Format.write(n), StandardCharsets.UTF_8);
      }
      writeNoteEvents(notes, dir.resolve("noteevents.csv"));
      writeManifest(notes, dir.resolve("manifest.csv"));
      writeGroundTruth(notes, dir.resolve("ground-truth.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write corpus to " + dir, e);
    }
  }

  /** The MIMIC-III NOTEEVENTS CSV: RFC 4180, every field quoted where needed, TEXT kept multi-line. */
  public static void writeNoteEvents(List<SyntheticNote> notes, Path csv) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(NOTEEVENTS_COLUMNS.toArray(String[]::new)).get();
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        CSVPrinter out = new CSVPrinter(w, format)) {
      int row = 1;
      for (SyntheticNote n : notes) {
        var at = n.authoredAt().atOffset(ZoneOffset.UTC);
        out.printRecord(row++, n.patientId(), n.encounterId(), DAY.format(at), TIME.format(at),
            TIME.format(at.plusMinutes(5 + Math.floorMod(n.noteId().hashCode(), 180))), mimicCategory(n.noteType()),
            mimicDescription(n.noteType()), caregiverId(n), "", n.text());
      }
    }
  }

  /** The folder manifest the ingest folder source reads: each .txt file with its patient and note metadata. */
  public static void writeManifest(List<SyntheticNote> notes, Path csv) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader("file", "patientId", "sourceNoteId", "encounterId",
        "noteType", "authorRole", "authoredAt", "sex", "birthDate").get();
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        CSVPrinter out = new CSVPrinter(w, format)) {
      for (SyntheticNote n : notes) {
        out.printRecord(n.noteId() + ".txt", n.patientId(), n.noteId(), n.encounterId(), n.noteType(),
            n.authorRole(), n.authoredAt().toString(), n.attributes().getOrDefault("sex", ""),
            n.attributes().getOrDefault("birthDate", ""));
      }
    }
  }

  /** One JSON object per line with every field of the note. */
  public static void writeGroundTruth(List<SyntheticNote> notes, Path jsonl) throws IOException {
    try (Writer w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
      for (SyntheticNote n : notes) {
        w.write(JSON.writeValueAsString(toJson(n)));
        w.write('\n');
      }
    }
  }

  /** The note as a JSON tree (authoredAt as ISO-8601 instant). */
  public static ObjectNode toJson(SyntheticNote n) {
    ObjectNode o = JSON.createObjectNode();
    o.put("noteId", n.noteId());
    o.put("patientId", n.patientId());
    o.put("encounterId", n.encounterId());
    o.put("noteType", n.noteType());
    o.put("authorRole", n.authorRole());
    o.put("authoredAt", n.authoredAt().toString());
    o.put("phraseBankVersion", PhraseBank.VERSION);
    o.put("text", n.text());
    ArrayNode phi = o.putArray("phi");
    for (PhiAnnotation s : n.phi()) {
      phi.addObject().put("category", s.category()).put("type", s.type()).put("start", s.start())
          .put("end", s.end()).put("text", s.text()).put("comment", s.comment())
          .put("mustRemove", s.mustRemove());
    }
    ArrayNode signals = o.putArray("signals");
    for (SignalMention m : n.signals()) {
      signals.addObject().put("kind", m.kind()).put("assertion", m.assertion()).put("start", m.start())
          .put("end", m.end()).put("text", m.text());
    }
    ObjectNode attrs = o.putObject("attributes");
    new TreeMap<>(n.attributes()).forEach(attrs::put);
    return o;
  }

  private static final Map<String, String> CATEGORIES = Map.of("DISCHARGE_SUMMARY", "Discharge summary",
      "SOCIAL_WORK", "Social Work", "PRIMARY_CARE", "General");

  private static String mimicCategory(String noteType) {
    return PhraseBank.standard().layouts().stream().filter(l -> l.noteType().equals(noteType))
        .map(PhraseBank.NoteLayout::mimicCategory).findFirst()
        .orElse(CATEGORIES.getOrDefault(noteType, "Physician "));
  }

  private static String mimicDescription(String noteType) {
    return PhraseBank.standard().layouts().stream().filter(l -> l.noteType().equals(noteType))
        .map(PhraseBank.NoteLayout::description).findFirst().orElse(noteType);
  }

  /** A stable caregiver id per author role and patient, in MIMIC's numeric CGID range. */
  private static String caregiverId(SyntheticNote n) {
    return Integer.toString(14_000 + Math.floorMod((n.authorRole() + n.patientId()).hashCode(), 7_000));
  }
}
