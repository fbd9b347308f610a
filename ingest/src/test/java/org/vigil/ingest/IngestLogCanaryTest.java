package org.vigil.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RawNote;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files named after a patient and FHIR resources whose ids carry a record number, read by the ndjson, csv and folder
 * sources with good and bad records: the names and ids reach the raw topic only, never a log line or a dead letter.
 */
class IngestLogCanaryTest {

    private static final List<String> CANARIES = List.of("48213377", "QUILLFEATHER", "Quillfeather", "ZEBULON", "Zebulon");

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

    private static String document(String id, String subject, String text) {
        String data = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return "{\"resourceType\":\"DocumentReference\",\"id\":\"" + id + "\",\"status\":\"current\","
                + (subject.isEmpty() ? "" : "\"subject\":{\"reference\":\"" + subject + "\"},")
                + "\"date\":\"2024-03-04T05:06:07Z\",\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"" + data + "\"}}]}\n";
    }

    private void run(Map<String, Object> settings) throws InterruptedException {
        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("data"), settings), new SimpleMeterRegistry())) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(stage.failure()).isEmpty();
        }
    }

    @Test
    void fileNamesAndResourceIdsReachTheRawTopicOnlyNeverALogOrADeadLetter() throws Exception {
        Path ndjson = Files.writeString(dir.resolve("SMITH_ZEBULON_MRN48213377.ndjson"),
                document("ZQ-48213377-A", "Patient/p1", "Pt denies SI.")
                        + document("QUILLFEATHER-48213377", "", "No subject.")
                        + "{\"resourceType\": \"DocumentReference\", \"status\": \n");
        Path csv = Files.writeString(dir.resolve("QUILLFEATHER_Z_48213377.csv"),
                "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n"
                        + "1,,9001,2150-01-01,,,Nursing,Progress,,,\"No subject.\"\n");
        Path folder = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(folder.resolve("QUILLFEATHER_ZEBULON_MRN48213377.txt"), "No metadata, so no patient.");

        var notesFrom = kafka.mark(Topics.NOTES_RAW);
        var lettersFrom = kafka.mark(Topics.DEAD_LETTERS);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        try {
            run(Map.of(IngestSettings.SOURCE, "ndjson", IngestSettings.PATH, ndjson.toString(), IngestSettings.SOURCE_SYSTEM, "bulk"));
            run(Map.of(IngestSettings.SOURCE, "csv", IngestSettings.PATH, csv.toString(), IngestSettings.SOURCE_SYSTEM, "mimic"));
            // A second pass over the same files logs that they were read already: by hash too.
            run(Map.of(IngestSettings.SOURCE, "csv", IngestSettings.PATH, csv.toString(), IngestSettings.SOURCE_SYSTEM, "mimic"));
            run(Map.of(IngestSettings.SOURCE, "folder", IngestSettings.PATH, folder.toString(), IngestSettings.SOURCE_SYSTEM, "ward"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String logged = captured.toString(StandardCharsets.UTF_8);
        out.print(logged);

        LocationHash hash = LocationHash.from(kafka.config(dir.resolve("data"), Map.of()), Map.of());
        String ndjsonHash = SourceLocation.file(ndjson.getFileName().toString()).masked(hash);
        assertThat(logged).as("the capture holds the stage's own lines")
                .contains("Ingest ndjson: " + ndjsonHash + " read", "was already read completely");
        for (String canary : CANARIES) {
            assertThat(logged).as("canary %s logged", canary).doesNotContain(canary);
        }

        List<DeadLetter> letters = kafka.values(Topics.DEAD_LETTERS, lettersFrom);
        assertThat(letters).extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder("MISSING_PATIENT", "MALFORMED_FHIR", "MISSING_PATIENT", "MISSING_PATIENT");
        for (DeadLetter letter : letters) {
            for (String canary : CANARIES) {
                assertThat(letter.getSourceLocation() + " " + letter.getReason()).as("canary %s in a dead letter", canary)
                        .doesNotContain(canary);
            }
        }
        // The position in the file and the resource type stay readable; the id and the name are hashed.
        assertThat(letters).extracting(DeadLetter::getSourceLocation).contains(
                ndjsonHash + ":2 DocumentReference/" + hash.of("QUILLFEATHER-48213377"), ndjsonHash + ":3");

        List<RawNote> notes = kafka.values(Topics.NOTES_RAW, notesFrom);
        assertThat(notes).extracting(n -> n.getIngest().getSourceLocation())
                .containsExactly("SMITH_ZEBULON_MRN48213377.ndjson:1 DocumentReference/ZQ-48213377-A");
    }
}
