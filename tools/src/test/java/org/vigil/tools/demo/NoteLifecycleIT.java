package org.vigil.tools.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.IngestStage;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A note's life through the whole embedded pipeline, from an HL7 v2 file: an original and its MDM T10 replacement
 * end as one current note, a note and its T11 cancellation as none, and the trend and fact tables count each
 * current note once.
 */
class NoteLifecycleIT {

    // Signals per week, kind and assertion from the trend table, and the same recounted from current notes' signals.
    private static final String TREND = "SELECT week, kind, assertion, sum(signals) FROM signal_weeks GROUP BY 1, 2, 3"
            + " HAVING sum(signals) <> 0 ORDER BY 1, 2, 3";
    private static final String RECOUNT = "SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date, s.kind,"
            + " s.assertion, count(*) FROM signals s JOIN notes n USING (note_id) WHERE n.lifecycle = 'CURRENT'"
            + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

    @TempDir
    Path dir;

    @Test
    void replacementLeavesOneCurrentNoteCancellationNoneAndTrendsCountCurrentNotesOnce() throws Exception {
        Path feed = dir.resolve("mdm.hl7");
        Files.writeString(feed, String.join("",
                mdm("T02", "C1", "MRN1", txa("DOC-1", "", "AV"), "Patient endorses SI. Reports depressed mood."),
                mdm("T10", "C2", "MRN1", txa("DOC-2", "DOC-1", "AV"), "Corrected: reports depressed mood, denies SI."),
                mdm("T02", "C3", "MRN2", txa("DOC-3", "", "AV"), "Wrong patient: reports depressed mood."),
                mdm("T11", "C4", "MRN2", txa("DOC-3", "", "CA"))));

        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("run"), 3, Map.of())) {
            IngestStage hl7 = pipeline.ingest(Map.of("ingest.source", "hl7-file", "ingest.path", feed.toString(),
                    "ingest.source.system", "hosp"));
            try (TopicTally tally = new TopicTally(pipeline.platform().broker().bootstrapServers(),
                    new SchemaRegistryClient(pipeline.platform().registry().url()));
                 StoreCensus store = new StoreCensus(pipeline.platform().postgres())) {
                assertThat(new Progress(new PrintStream(System.out), tally, store, List.of(hl7))
                        .awaitSettled(Duration.ofMinutes(2))).isEqualTo(DemoCommand.Outcome.SETTLED);
                assertThat(hl7.counts().published()).isEqualTo(4);
                awaitLifecycles(store, new NoteLifecycles(0, 1, 1));
            } finally {
                hl7.close();
            }

            var pg = pipeline.platform().postgres();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                assertThat(query(c, "SELECT lifecycle FROM notes ORDER BY lifecycle"))
                        .containsExactly(List.of("CURRENT"), List.of("SUPERSEDED"), List.of("WITHDRAWN"));

                List<List<String>> current = query(c, "SELECT note_id FROM notes WHERE lifecycle = 'CURRENT'");
                String replacement = current.get(0).get(0);
                assertThat(query(c, "SELECT superseded_by FROM notes WHERE lifecycle = 'SUPERSEDED'"))
                        .containsExactly(List.of(replacement));
                assertThat(query(c, "SELECT note_text LIKE 'Corrected:%' FROM notes WHERE note_id = '" + replacement + "'"))
                        .containsExactly(List.of("t"));
                assertThat(query(c, "SELECT note_id FROM note_facts")).isEqualTo(current);
                assertThat(query(c, "SELECT count(*) FROM alerts WHERE status = 'OPEN' AND note_id <> '" + replacement + "'"))
                        .containsExactly(List.of("0"));
                // The superseded version's signals stay, for the record, and the trend leaves them out.
                assertThat(query(c, "SELECT count(*) > 0 FROM signals s JOIN notes n USING (note_id)"
                        + " WHERE n.lifecycle = 'SUPERSEDED'")).containsExactly(List.of("t"));
                List<List<String>> trend = query(c, TREND);
                assertThat(trend).isNotEmpty().isEqualTo(query(c, RECOUNT));
                // All three stored notes speak of depressed mood; only the current one counts.
                assertThat(query(c, "SELECT sum(signals) FROM signal_weeks WHERE kind = 'DEPRESSION'"
                        + " AND assertion = 'AFFIRMED'")).containsExactly(List.of("1"));
                assertThat(query(c, "SELECT count(DISTINCT note_id) FROM signals WHERE kind = 'DEPRESSION'"
                        + " AND assertion = 'AFFIRMED'")).containsExactly(List.of("3"));
                assertThat(query(c, "SELECT count(*) FROM note_lifecycle_events")).containsExactly(List.of("2"));
            }
        }
    }

    private static String mdm(String event, String controlId, String mrn, String txa, String... obxValues) {
        List<String> segments = new ArrayList<>(List.of(
                "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||MDM^" + event + "^MDM_T02|" + controlId + "|P|2.5.1",
                "EVN|" + event + "|20240305101530",
                "PID|1||" + mrn + "^^^HOSP^MR||Doe^Jane||19840229|F",
                "PV1|1|I|||||||||||||||||VISIT-" + mrn, txa));
        for (int i = 0; i < obxValues.length; i++) {
            segments.add("OBX|" + (i + 1) + "|TX|PN^Progress note||" + obxValues[i] + "||||||F");
        }
        return String.join("\r", segments) + "\r";
    }

    /** TXA with its document number (TXA-12), the parent it replaces (TXA-13) and its availability (TXA-19). */
    private static String txa(String document, String parent, String availability) {
        String[] f = new String[19];
        java.util.Arrays.fill(f, "");
        f[0] = "1";
        f[1] = "PN^Progress note";
        f[2] = "TX";
        f[3] = "20240305100000";
        f[4] = "^Smith^John^^^^MD";
        f[11] = document;
        f[12] = parent;
        f[16] = "AU";
        f[18] = availability;
        return "TXA|" + String.join("|", f);
    }

    /** Settled means every key is stored; the later word on a key (the cancellation) may still be landing. */
    private static void awaitLifecycles(StoreCensus store, NoteLifecycles expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!store.lifecycles().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(store.lifecycles()).isEqualTo(expected);
    }

    private static List<List<String>> query(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
