package org.vigil.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The folder source end to end through a real embedded broker and schema registry. */
class IngestStageFolderTest {

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

    /** Writes a note and its sidecar, dated in the past so the watch treats it as complete. */
    private void note(Path folder, String name, String patient, String text) throws IOException {
        Path file = Files.writeString(folder.resolve(name + ".txt"), text);
        Files.writeString(folder.resolve(name + ".meta.json"), "{\"patientId\": \"" + patient + "\"}");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private static List<String> keys(List<RawNote> notes) {
        return notes.stream().map(RawNote::getNoteKey).toList();
    }

    @Test
    void watchesTheFolderAndNeitherLosesNorResendsAcrossARestart() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        note(inbox, "n1", "P1", "First note.");
        note(inbox, "n2", "", "No patient.");
        note(inbox, "n3", "P3", "Third note.");
        var notesFrom = kafka.mark(Topics.NOTES_RAW);
        var lettersFrom = kafka.mark(Topics.DEAD_LETTERS);
        Map<String, Object> settings = Map.of(IngestSettings.SOURCE, "folder", IngestSettings.PATH, inbox.toString(),
                IngestSettings.SOURCE_SYSTEM, "ward", IngestSettings.FOLDER_POLL_MS, 100L, IngestSettings.FOLDER_SETTLE_MS, 200L);

        try (IngestStage stage = new IngestStage(kafka.config(dir.resolve("data"), settings), new SimpleMeterRegistry())) {
            stage.start();
            assertThat(stage.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            assertThat(stage.counts()).isEqualTo(new IngestCounts(3, 2, 1, 0, Map.of("MISSING_PATIENT", 1L)));

            note(inbox, "n4", "P4", "Arrived while watching.");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (stage.counts().published() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(stage.counts().published()).isEqualTo(3);
        }
        assertThat(keys(kafka.values(Topics.NOTES_RAW, notesFrom))).containsExactlyInAnyOrder("ward|n1", "ward|n3", "ward|n4");
        assertThat(kafka.values(Topics.DEAD_LETTERS, lettersFrom)).extracting(DeadLetter::getReasonCode, DeadLetter::getSourceLocation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MISSING_PATIENT",
                        SourceLocation.file("n2.txt").masked(LocationHash.from(kafka.config(dir.resolve("data"), settings), Map.of()))));

        note(inbox, "n5", "P5", "Arrived while stopped.");
        var afterFirstRun = kafka.mark(Topics.NOTES_RAW);
        try (IngestStage restarted = new IngestStage(kafka.config(dir.resolve("data"), settings), new SimpleMeterRegistry())) {
            restarted.start();
            assertThat(restarted.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            assertThat(restarted.counts()).isEqualTo(new IngestCounts(1, 1, 0, 0, Map.of()));
        }
        assertThat(keys(kafka.values(Topics.NOTES_RAW, afterFirstRun))).containsExactly("ward|n5");
    }
}
