package org.vigil.launcher.deadletter;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReportTest {

    private static DeadLetterEntry entry(int minute, String stage, String reason, String kind, String position) {
        return new DeadLetterEntry(stage.equals("deidentify") ? "vigil.notes.quarantine" : "vigil.deadletter",
                Instant.parse("2026-12-01T08:00:00Z").plusSeconds(60L * minute), stage, reason, kind, position);
    }

    private static final List<DeadLetterEntry> ENTRIES = List.of(
            entry(5, "ingest", "MALFORMED_HL7", "mllp", "mllp MSH-10=A1"),
            entry(1, "ingest", "EMPTY_NOTE", "csv", "#0123456789abcdef.csv:3"),
            entry(9, "ingest", "MALFORMED_HL7", "mllp", "mllp MSH-10=A2"),
            entry(3, "deidentify", "RECOGNIZER_FAILED", "vigil.notes.raw", "vigil.notes.raw/2/40"),
            entry(7, "ingest", "MALFORMED_HL7", "hl7", "#0123456789abcdef.hl7:12 MSH-10=B1"));

    @Test
    void countsByTopicStageReasonAndKindMostFirstAndKeepsTheLatestRecordsNewestFirst() {
        DeadLetterReport report = DeadLetterReport.of(ENTRIES, Optional.empty(), Optional.empty(), 3);

        assertThat(report.total()).isEqualTo(5);
        assertThat(report.counts()).containsExactly(
                new DeadLetterReport.Count("vigil.deadletter", "ingest", "MALFORMED_HL7", "mllp", 2),
                new DeadLetterReport.Count("vigil.deadletter", "ingest", "EMPTY_NOTE", "csv", 1),
                new DeadLetterReport.Count("vigil.deadletter", "ingest", "MALFORMED_HL7", "hl7", 1),
                new DeadLetterReport.Count("vigil.notes.quarantine", "deidentify", "RECOGNIZER_FAILED", "vigil.notes.raw", 1));
        assertThat(report.latest()).extracting(DeadLetterEntry::position)
                .containsExactly("mllp MSH-10=A2", "#0123456789abcdef.hl7:12 MSH-10=B1", "mllp MSH-10=A1");
    }

    @Test
    void keepsOnlyTheReasonAskedForWhateverItsCase() {
        DeadLetterReport report = DeadLetterReport.of(ENTRIES, Optional.empty(), Optional.of("malformed_hl7"), 20);

        assertThat(report.total()).isEqualTo(3);
        assertThat(report.reason()).contains("MALFORMED_HL7");
        assertThat(report.counts()).extracting(DeadLetterReport.Count::sourceKind).containsExactly("mllp", "hl7");
        assertThat(report.latest()).hasSize(3);
    }

    @Test
    void printsTheCountsThenTheLatestAsAlignedTables() {
        String text = DeadLetterReport.of(ENTRIES.subList(0, 2), Optional.of(Instant.parse("2026-12-01T00:00:00Z")),
                Optional.empty(), 1).text();

        assertThat(text.lines().toList()).containsExactly(
                "Dead-lettered and quarantined records since 2026-12-01 00:00:00Z: 2",
                "",
                "TOPIC             STAGE   REASON         SOURCE KIND  COUNT",
                "vigil.deadletter  ingest  EMPTY_NOTE     csv          1",
                "vigil.deadletter  ingest  MALFORMED_HL7  mllp         1",
                "",
                "Latest 1:",
                "TIME                  TOPIC             STAGE   REASON         SOURCE KIND  POSITION",
                "2026-12-01 08:05:00Z  vigil.deadletter  ingest  MALFORMED_HL7  mllp         mllp MSH-10=A1");
    }

    @Test
    void saysSoWhenThereIsNothing() {
        assertThat(DeadLetterReport.of(List.of(), Optional.empty(), Optional.empty(), 20).text())
                .isEqualTo("Dead-lettered and quarantined records: 0" + System.lineSeparator());
    }
}
