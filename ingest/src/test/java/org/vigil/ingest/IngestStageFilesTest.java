package org.vigil.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.cli.IngestCommand;
import org.vigil.ingest.csv.CsvNoteSource;
import picocli.CommandLine;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.RawNote;
import org.assertj.core.groups.Tuple;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The file sources (CSV, FHIR NDJSON, HL7 files) end to end through a real embedded broker and schema registry. */
class IngestStageFilesTest {

    private static final String HEADER = "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n";

    @TempDir
    static Path clusterDir;
    static KafkaFixture kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = new KafkaFixture(clusterDir);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static String row(int id, String subject, String isError, String text) {
        return id + "," + subject + ",900" + id + ",2150-01-0" + (id % 9 + 1) + ",,,Nursing,Progress,," + isError + ",\"" + text + "\"\n";
    }

    @Test
    void publishesNotesAndDeadLettersBadRowsThenSkipsTheFileOnRestart() throws Exception {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        Files.writeString(csv, HEADER + row(1, "101", "", "Pt denies SI.") + row(2, "", "", "No subject.")
                + row(3, "103", "1", "Struck.") + row(4, "104", "", "Pt calm,\nsleeping.") + row(5, "105", "", " "));
        var notesFrom = kafka.mark(Topics.NOTES_RAW);
        var lettersFrom = kafka.mark(Topics.DEAD_LETTERS);
        Map<String, Object> settings = Map.of(IngestSettings.SOURCE, "csv", IngestSettings.PATH, csv.toString(),
                IngestSettings.SOURCE_SYSTEM, "mimic-demo");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("data"), settings), meters)) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(stage.counts()).isEqualTo(new IngestCounts(5, 2, 3, 0,
                    Map.of("MISSING_PATIENT", 1L, "ENTERED_IN_ERROR", 1L, "EMPTY_NOTE", 1L)));
            assertThat(stage.healthy()).isTrue();
        }
        List<RawNote> notes = kafka.values(Topics.NOTES_RAW, notesFrom);
        assertThat(notes).extracting(RawNote::getNoteKey).containsExactlyInAnyOrder("mimic-demo|1", "mimic-demo|4");
        assertThat(notes).filteredOn(n -> n.getSourceNoteId().equals("4")).singleElement()
                .satisfies(n -> assertThat(n.getText()).isEqualTo("Pt calm,\nsleeping."));
        List<DeadLetter> letters = kafka.values(Topics.DEAD_LETTERS, lettersFrom);
        // The file's name only as its keyed hash under the stage's own key (created in its data folder), the row kept.
        LocationHash hash = LocationHash.from(kafka.config(dir.resolve("data"), settings), Map.of());
        String file = SourceLocation.file("NOTEEVENTS.csv").masked(hash);
        assertThat(file).matches("#[0-9a-f]{16}\\.csv");
        assertThat(letters).extracting(DeadLetter::getReasonCode, DeadLetter::getSourceLocation, DeadLetter::getStage)
                .containsExactly(
                        Tuple.tuple("MISSING_PATIENT", file + ":3", "ingest"),
                        Tuple.tuple("ENTERED_IN_ERROR", file + ":4", "ingest"),
                        Tuple.tuple("EMPTY_NOTE", file + ":7", "ingest"));
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly(
                "The note names no patient", "The source marks the note as entered in error", "The note has no text");
        assertThat(meters.counter("vigil.ingest.records", "adapter", "csv", "outcome", "published").count()).isEqualTo(2.0);
        assertThat(meters.counter("vigil.ingest.dead.letters", "adapter", "csv", "reason", "MISSING_PATIENT").count()).isEqualTo(1.0);

        var notesBeforeRestart = kafka.mark(Topics.NOTES_RAW);
        try (IngestStage again = new IngestStage(kafka.config(dir.resolve("data"), settings), new SimpleMeterRegistry())) {
            again.start();
            assertThat(again.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(again.counts()).isEqualTo(IngestCounts.none());
        }
        assertThat(kafka.values(Topics.NOTES_RAW, notesBeforeRestart)).isEmpty();
    }

    @Test
    void resumesAfterAStopMidFileWithoutLossOrDuplicate() throws IOException {
        StringBuilder content = new StringBuilder(HEADER);
        IntStream.rangeClosed(1, 100).forEach(i -> content.append(row(i, "P" + i, "", "Note " + i + ".")));
        Path csv = Files.writeString(dir.resolve("big.csv"), content);
        var from = kafka.mark(Topics.NOTES_RAW);
        Admission admission = new Admission("resume", 1000, Clock.systemUTC());
        ClinicalTime time = new ClinicalTime(ZoneId.of("UTC"));
        FileProgress progress = new FileProgress(dir.resolve("progress"));

        try (NotePublisher publisher = kafka.publisher(dir)) {
            SourceRun run = new SourceRun(publisher, progress, 10, Duration.ofHours(1));
            int[] seen = {0};
            try (var source = CsvNoteSource.open(csv, Optional.empty(), admission, time)) {
                SourceRun.Result first = run.run("csv", csv, source, () -> seen[0]++ >= 37);
                assertThat(first).isEqualTo(new SourceRun.Result(0, 37, false));
            }
            try (var source = CsvNoteSource.open(csv, Optional.empty(), admission, time)) {
                SourceRun.Result second = run.run("csv", csv, source, () -> false);
                assertThat(second).isEqualTo(new SourceRun.Result(37, 63, true));
            }
        }
        List<String> keys = kafka.values(Topics.NOTES_RAW, from).stream().map(RawNote::getNoteKey).toList();
        assertThat(keys).hasSize(100).doesNotHaveDuplicates();
        assertThat(keys).containsAll(IntStream.rangeClosed(1, 100).mapToObj(i -> "resume|" + i).toList());
    }

    @Test
    void ingestCsvCommandReadsTheFileAndPrintsTheSummary() throws IOException {
        Path csv = Files.writeString(dir.resolve("cli.csv"), HEADER + row(1, "101", "", "Pt denies SI.") + row(2, "", "", "x"));
        var from = kafka.mark(Topics.NOTES_RAW);
        StringWriter out = new StringWriter();
        Map<String, Object> s = kafka.settings(dir.resolve("data"), Map.of());
        int code = new CommandLine(new IngestCommand()).setOut(new PrintWriter(out)).execute("csv", csv.toString(),
                "--source-system", "cli", "-Dbootstrap.servers=" + s.get("bootstrap.servers"),
                "-Dschema.registry.url=" + s.get("schema.registry.url"), "-Ddata.dir=" + s.get("data.dir"));
        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).containsPattern(
                "ingest csv finished in [0-9.]+ s: read=2 published=1 deadLettered=1 \\{MISSING_PATIENT=1\\} \\([0-9]+ records/s\\)");
        assertThat(kafka.values(Topics.NOTES_RAW, from)).extracting(RawNote::getNoteKey).containsExactly("cli|1");
    }

    @Test
    void everyIngestSubcommandHasHelp() {
        CommandLine cli = new CommandLine(new IngestCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        for (String sub : cli.getSubcommands().keySet()) {
            assertThat(cli.execute(sub, "--help")).as(sub).isEqualTo(0);
        }
        assertThat(cli.getSubcommands().keySet()).containsExactly("fhir", "ndjson", "hl7", "csv", "folder", "http", "mllp");
    }

    private static String documentLine(String id, String patient, String text) {
        var doc = new org.hl7.fhir.r4.model.DocumentReference();
        doc.setId(id);
        doc.setSubject(new org.hl7.fhir.r4.model.Reference(patient));
        doc.addContent().getAttachment().setContentType("text/plain").setData(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return org.vigil.ingest.fhir.FhirNoteReader.context().newJsonParser().encodeResourceToString(doc) + "\n";
    }

    @Test
    void readsABulkExportDirectoryWithPatientAttributesAndIdentifiersThenSkipsItOnRestart() throws Exception {
        Path export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"male\","
                + "\"birthDate\":\"1971-05-06\",\"name\":[{\"family\":\"Halloran\",\"given\":[\"Desmond\"]}]}\n");
        Files.writeString(export.resolve("RelatedPerson.ndjson"), "{\"resourceType\":\"RelatedPerson\",\"id\":\"r1\","
                + "\"patient\":{\"reference\":\"Patient/p1\"},\"telecom\":[{\"value\":\"555-0177\"}]}\n");
        Files.writeString(export.resolve("DocumentReference.ndjson"),
                documentLine("d1", "Patient/p1", "One.") + "{\"resourceType\": 42}\n" + documentLine("d2", "Patient/p2", "Two."));
        Files.writeString(export.resolve("Observation.ndjson"), "{\"resourceType\":\"Observation\",\"id\":\"o1\"}\n");
        var notesFrom = kafka.mark(Topics.NOTES_RAW);
        Map<String, Object> settings = Map.of(IngestSettings.SOURCE, "ndjson", IngestSettings.PATH, export.toString(),
                IngestSettings.SOURCE_SYSTEM, "bulk");
        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("data"), settings), new SimpleMeterRegistry())) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(stage.counts()).isEqualTo(new IngestCounts(3, 2, 1, 0, Map.of("MALFORMED_FHIR", 1L)));
        }
        List<RawNote> notes = kafka.values(Topics.NOTES_RAW, notesFrom);
        assertThat(notes).extracting(RawNote::getNoteKey).containsExactlyInAnyOrder("bulk|d1", "bulk|d2");
        assertThat(notes).filteredOn(n -> n.getNoteKey().equals("bulk|d1")).singleElement()
                .satisfies(n -> assertThat(n.getAttributes()).isEqualTo(Map.of("sex", "male", "birthDate", "1971-05-06")))
                .satisfies(n -> assertThat(n.getKnownIdentifiers()).extracting(KnownIdentifier::getKind, KnownIdentifier::getHolder,
                        KnownIdentifier::getValue).containsExactly(
                        Tuple.tuple(KnownIdentifierKind.FAMILY_NAME, IdentifierHolder.PATIENT, "Halloran"),
                        Tuple.tuple(KnownIdentifierKind.GIVEN_NAME, IdentifierHolder.PATIENT, "Desmond"),
                        Tuple.tuple(KnownIdentifierKind.BIRTH_DATE, IdentifierHolder.PATIENT, "1971-05-06"),
                        Tuple.tuple(KnownIdentifierKind.TELECOM, IdentifierHolder.RELATED_PERSON, "555-0177")));

        var beforeRestart = kafka.mark(Topics.NOTES_RAW);
        try (IngestStage again = new IngestStage(kafka.config(dir.resolve("data"), settings), new SimpleMeterRegistry())) {
            again.start();
            assertThat(again.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(again.counts().read()).isEqualTo(0);
        }
        assertThat(kafka.values(Topics.NOTES_RAW, beforeRestart)).isEmpty();
    }

    @Test
    void resumesAnHl7BatchFileAfterAStopWithoutLossOrDuplicate() throws IOException {
        StringBuilder batch = new StringBuilder("FHS|^~\\&|EHR\rBHS|^~\\&|EHR\r");
        for (int i = 1; i <= 40; i++) {
            batch.append("MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||MDM^T02^MDM_T02|C").append(i).append("|P|2.5.1\r")
                    .append("PID|1||MRN").append(i).append("^^^HOSP^MR\r")
                    .append("TXA|1|PN|TX|20240305100000||||||||DOC-").append(i).append("|||||AU||AV\r")
                    .append("OBX|1|TX|PN||Note ").append(i).append(".||||||F\r");
        }
        batch.append("BTS|40\rFTS|1\r");
        Path file = Files.writeString(dir.resolve("batch.hl7"), batch);
        var from = kafka.mark(Topics.NOTES_RAW);
        var reader = new org.vigil.ingest.hl7.Hl7NoteReader(new Admission("lis", 1000, Clock.systemUTC()),
                new ClinicalTime(ZoneId.of("UTC")), "hl7-file");
        FileProgress progress = new FileProgress(dir.resolve("hl7-progress"));
        try (NotePublisher publisher = kafka.publisher(dir)) {
            SourceRun run = new SourceRun(publisher, progress, 7, Duration.ofHours(1));
            int[] seen = {0};
            try (var source = org.vigil.ingest.hl7.Hl7FileSource.open(file, reader, 100_000)) {
                assertThat(run.run("hl7-file", file, source, () -> seen[0]++ >= 13)).isEqualTo(new SourceRun.Result(0, 13, false));
            }
            try (var source = org.vigil.ingest.hl7.Hl7FileSource.open(file, reader, 100_000)) {
                assertThat(run.run("hl7-file", file, source, () -> false)).isEqualTo(new SourceRun.Result(13, 27, true));
            }
        }
        List<String> keys = kafka.values(Topics.NOTES_RAW, from).stream().map(RawNote::getNoteKey).toList();
        assertThat(keys).hasSize(40).doesNotHaveDuplicates()
                .containsAll(IntStream.rangeClosed(1, 40).mapToObj(i -> "lis|DOC-" + i).toList());
    }

    private static String msh(String type, String control) {
        return "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||" + type + "|" + control + "|P|2.5.1\r";
    }

    @Test
    void skipsAndCountsHl7MessagesWithoutANoteAndDeadLettersThemWhenSoConfigured() throws Exception {
        String feed = msh("ADT^A01^ADT_A01", "A1") + "EVN|A01|20240305\rPID|1||MRN1^^^HOSP^MR\r"
                + msh("ORU^R01^ORU_R01", "L1") + "PID|1||MRN1^^^HOSP^MR\rOBR|1||LAB-1|718-7^Hb^LN\rOBX|1|NM|718-7^Hb^LN||13.2|g/dL||||||F\r"
                + msh("MDM^T02^MDM_T02", "C1") + "PID|1||MRN1^^^HOSP^MR\rTXA|1|PN|TX|20240305100000||||||||DOC-1|||||AU||AV\r"
                + "OBX|1|TX|PN||Pt calm.||||||F\r"
                + msh("MDM^T02^MDM_T02", "C2") + "PID|1||MRN2^^^HOSP^MR\rOBX|1|TX|PN||No TXA.||||||F\r";
        Path file = Files.writeString(dir.resolve("feed.hl7"), feed);
        var notesFrom = kafka.mark(Topics.NOTES_RAW);
        var lettersFrom = kafka.mark(Topics.DEAD_LETTERS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("skip"), Map.of(IngestSettings.SOURCE, "hl7-file",
                IngestSettings.PATH, file.toString(), IngestSettings.SOURCE_SYSTEM, "his")), meters)) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(stage.counts()).isEqualTo(new IngestCounts(4, 1, 1, 0, Map.of("MALFORMED_HL7", 1L),
                    2, Map.of("ADT^A01", 1L, "ORU^R01", 1L)));
            assertThat(stage.counts().summary()).isEqualTo(
                    "read=4 published=1 deadLettered=1 {MALFORMED_HL7=1} skipped=2 {ADT^A01=1, ORU^R01=1}");
        }
        assertThat(meters.counter("vigil.ingest.skipped", "adapter", "hl7-file", "message_type", "ADT", "trigger", "A01").count())
                .isEqualTo(1.0);
        assertThat(meters.counter("vigil.ingest.skipped", "adapter", "hl7-file", "message_type", "ORU", "trigger", "R01").count())
                .isEqualTo(1.0);
        assertThat(meters.counter("vigil.ingest.records", "adapter", "hl7-file", "outcome", "skipped").count()).isEqualTo(2.0);
        assertThat(kafka.values(Topics.NOTES_RAW, notesFrom)).extracting(RawNote::getNoteKey).containsExactly("his|DOC-1");
        assertThat(kafka.values(Topics.DEAD_LETTERS, lettersFrom)).extracting(DeadLetter::getReasonCode, DeadLetter::getSourceLocation)
                .containsExactly(Tuple.tuple("MALFORMED_HL7", SourceLocation.file("feed.hl7", 12).then("MSH-10=C2")
                        .masked(LocationHash.from(kafka.config(dir.resolve("skip"), Map.of()), Map.of()))));

        var lettersAgain = kafka.mark(Topics.DEAD_LETTERS);
        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("dead-letter"), Map.of(IngestSettings.SOURCE, "hl7-file",
                IngestSettings.PATH, file.toString(), IngestSettings.SOURCE_SYSTEM, "his",
                IngestSettings.HL7_WITHOUT_NOTE, "dead-letter")), new SimpleMeterRegistry())) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(stage.counts().skipped()).isZero();
        }
        assertThat(kafka.values(Topics.DEAD_LETTERS, lettersAgain)).extracting(DeadLetter::getReasonCode)
                .containsExactly("UNSUPPORTED_MESSAGE", "EMPTY_NOTE", "MALFORMED_HL7");
    }

    @Test
    void ingestsTheOfficialFhirExampleBundle101WithTheTextOfItsPdf() throws Exception {
        Path bundle = Path.of("../../shared/corpora/fhir-r4-examples/Bundle-101.json");
        assertThat(bundle).as("the shared FHIR R4 examples corpus").exists();
        var notesFrom = kafka.mark(Topics.NOTES_RAW);
        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("data"), Map.of(IngestSettings.SOURCE, "fhir",
                IngestSettings.PATH, bundle.toString(), IngestSettings.SOURCE_SYSTEM, "acme-lab")), new SimpleMeterRegistry())) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(stage.counts()).isEqualTo(new IngestCounts(1, 1, 0, 0, Map.of()));
        }
        assertThat(kafka.values(Topics.NOTES_RAW, notesFrom)).singleElement().satisfies(note -> {
            assertThat(note.getNoteKey()).isEqualTo("acme-lab|101");
            assertThat(note.getIngest().getContentType()).isEqualTo("application/pdf");
            assertThat(note.getText()).contains("CBC Report for Wile. E. COYOTE", "Red Cell Count        x10*12/L    5.9",
                    "signed: Dr Pete Pathologist");
        });
    }
}
