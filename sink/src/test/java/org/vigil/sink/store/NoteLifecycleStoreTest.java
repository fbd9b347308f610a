package org.vigil.sink.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.sink.Rows;
import org.vigil.sink.TestPostgres;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.Assertion.NEGATED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.schemas.SignalKind.SUICIDE_PLAN;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

/** A note's life in the store: replaced, withdrawn, flagged; in any order, replayed, and with trends that agree. */
class NoteLifecycleStoreTest {

    private static final Instant DAY = Instant.parse("2031-03-04T10:15:00Z");
    // Signals per week, kind and assertion from the trend table, and the same recounted from current notes' signals.
    private static final String TREND = "SELECT week, kind, assertion, sum(signals) FROM signal_weeks GROUP BY 1, 2, 3"
            + " HAVING sum(signals) <> 0 ORDER BY 1, 2, 3";
    private static final String RECOUNT = "SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date, s.kind,"
            + " s.assertion, count(*) FROM signals s JOIN notes n USING (note_id) WHERE n.lifecycle = 'CURRENT'"
            + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();
    private String url;
    private Database database;
    private AssessmentStore store;

    @BeforeEach
    void openDatabase() {
        url = postgres.newDatabaseUrl();
        database = Database.open(url, "postgres", "", 2, java.time.Duration.ofSeconds(2));
        store = new AssessmentStore(database.dataSource());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private static StoredAssessment original(long offset) {
        return new StoredAssessment(assessment("A", "p1", DAY, RiskTier.HIGH,
                finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI"), finding(DEPRESSION, AFFIRMED, "low mood")), 0, offset);
    }

    private static StoredAssessment replacement(long offset) {
        RiskAssessment a = assessment("B", "p1", DAY, RiskTier.IMMINENT, finding(SUICIDE_PLAN, AFFIRMED, "plan to overdose"));
        a.getNote().setLifecycle(NoteLifecycle.REPLACES);
        a.getNote().setReplacesNoteId("A");
        return new StoredAssessment(a, 1, offset);
    }

    private static StoredAssessment withdrawal(String noteId, long offset) {
        RiskAssessment a = assessment(noteId, "p1", DAY, RiskTier.NONE);
        a.getNote().setText("");
        a.getNote().setLifecycle(NoteLifecycle.WITHDRAWN);
        return new StoredAssessment(a, 2, offset);
    }

    @Test
    void replacementSupersedesTheEarlierVersionItsTrendsFactsAndAlert() throws SQLException {
        store.write(List.of(original(1)));
        store.write(List.of(replacement(2)));

        assertThat(query("SELECT note_id, lifecycle, superseded_by FROM notes ORDER BY note_id"))
                .containsExactly(List.of("A", "SUPERSEDED", "B"), row("B", "CURRENT", null));
        assertThat(query("SELECT note_id FROM note_facts")).containsExactly(List.of("B"));
        assertThat(query("SELECT note_id, status FROM alerts ORDER BY note_id"))
                .containsExactly(List.of("A", "CLOSED"), List.of("B", "OPEN"));
        assertThat(query(TREND)).containsExactly(List.of("2031-03-03", "SUICIDE_PLAN", "AFFIRMED", "1"));
        assertThat(query(TREND)).isEqualTo(query(RECOUNT));
        // The superseded version's results stay, for the record.
        assertThat(query("SELECT count(*) FROM signals WHERE note_id = 'A'")).containsExactly(List.of("2"));
    }

    @Test
    void replaceThenCancelLeavesNoCurrentNoteAuditedOnceHoweverOftenReplayed() throws SQLException {
        for (int pass = 0; pass < 2; pass++) {
            store.write(List.of(original(1)));
            store.write(List.of(replacement(2)));
            store.write(List.of(withdrawal("B", 3)));

            assertThat(query("SELECT note_id, lifecycle FROM notes ORDER BY note_id"))
                    .containsExactly(List.of("A", "SUPERSEDED"), List.of("B", "WITHDRAWN"));
            assertThat(query("SELECT count(*) FROM note_facts")).containsExactly(List.of("0"));
            assertThat(query("SELECT count(*) FROM alerts WHERE status = 'OPEN'")).containsExactly(List.of("0"));
            assertThat(query(TREND)).isEmpty();
            assertThat(query(RECOUNT)).isEmpty();
            assertThat(query("SELECT role, action, target, outcome FROM access_audit WHERE action = 'note.withdrawn'"))
                    .containsExactly(List.of("pipeline", "note.withdrawn", "B", "applied"));
            assertThat(query("SELECT note_id, event, by_note_id, source_partition, source_offset FROM note_lifecycle_events"
                    + " ORDER BY note_id")).containsExactly(List.of("A", "SUPERSEDED", "B", "1", "2"),
                    row("B", "WITHDRAWN", null, "2", "3"));
        }
    }

    @Test
    void replacementArrivingBeforeItsOriginalEndsAsIfInOrder() throws SQLException {
        store.write(List.of(replacement(2)));
        assertThat(query("SELECT note_id, lifecycle FROM notes")).containsExactly(List.of("B", "CURRENT"));
        store.write(List.of(original(1)));

        assertThat(query("SELECT note_id, lifecycle, superseded_by FROM notes ORDER BY note_id"))
                .containsExactly(List.of("A", "SUPERSEDED", "B"), row("B", "CURRENT", null));
        assertThat(query("SELECT note_id FROM note_facts")).containsExactly(List.of("B"));
        assertThat(query("SELECT note_id, status FROM alerts")).containsExactly(List.of("B", "OPEN"));
        assertThat(query(TREND)).containsExactly(List.of("2031-03-03", "SUICIDE_PLAN", "AFFIRMED", "1"));
        assertThat(query(TREND)).isEqualTo(query(RECOUNT));
    }

    @Test
    void withdrawalBeforeOrWithItsNoteInOneBatchKeepsTheNoteOutOfEveryCount() throws SQLException {
        store.write(List.of(withdrawal("A", 3), original(1)));
        assertThat(query("SELECT note_id, lifecycle FROM notes")).containsExactly(List.of("A", "WITHDRAWN"));
        store.write(List.of(original(1)));

        assertThat(query("SELECT note_id, lifecycle FROM notes")).containsExactly(List.of("A", "WITHDRAWN"));
        assertThat(query("SELECT count(*) FROM note_facts")).containsExactly(List.of("0"));
        assertThat(query("SELECT count(*) FROM alerts")).containsExactly(List.of("0"));
        assertThat(query(TREND)).isEmpty();
    }

    @Test
    void withdrawalOfANoteNeverStoredIsKeptUntilItArrives() throws SQLException {
        assertThat(store.write(List.of(withdrawal("A", 3)))).isEqualTo(1);
        assertThat(query("SELECT count(*) FROM notes")).containsExactly(List.of("0"));

        store.write(List.of(original(1)));

        assertThat(query("SELECT note_id, lifecycle FROM notes")).containsExactly(List.of("A", "WITHDRAWN"));
        assertThat(query(TREND)).isEmpty();
    }

    @Test
    void supersededInTheSourceWithoutItsReplacementIsStoredCountedAndFlagged() throws SQLException {
        StoredAssessment flagged = original(1);
        flagged.assessment().getNote().setLifecycle(NoteLifecycle.SUPERSEDED);
        store.write(List.of(flagged, new StoredAssessment(assessment("C", "p2", DAY, RiskTier.LOW,
                finding(SUICIDAL_IDEATION, NEGATED, "denies SI")), 0, 2L)));

        assertThat(query("SELECT note_id, lifecycle, superseded_in_source FROM notes ORDER BY note_id"))
                .containsExactly(List.of("A", "CURRENT", "t"), List.of("C", "CURRENT", "f"));
        assertThat(query("SELECT count(*) FROM note_facts")).containsExactly(List.of("2"));
        assertThat(query(TREND)).isEqualTo(query(RECOUNT)).hasSize(3);
    }

    @Test
    void reassessingACurrentNoteStillReplacesItsCounts() throws SQLException {
        store.write(List.of(replacement(2)));
        store.write(List.of(replacement(2)));
        store.write(List.of(original(1)));
        store.write(List.of(replacement(2)));

        assertThat(query(TREND)).containsExactly(List.of("2031-03-03", "SUICIDE_PLAN", "AFFIRMED", "1"));
        assertThat(query(TREND)).isEqualTo(query(RECOUNT));
        assertThat(query("SELECT count(*) FROM note_lifecycle_events")).containsExactly(List.of("1"));
    }

    @Test
    void aReplacementAndItsOriginalWrittenAtTheSameMomentEndWithTheOriginalSuperseded() throws Exception {
        // Two sink instances (two pools, as two processes would have) write each pair at once, many times over.
        try (Database other = Database.open(url, "postgres", "", 2, java.time.Duration.ofSeconds(2))) {
            AssessmentStore second = new AssessmentStore(other.dataSource());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 40; round++) {
                    String a = "A" + round;
                    String b = "B" + round;
                    StoredAssessment orig = new StoredAssessment(assessment(a, "p1", DAY, RiskTier.HIGH,
                            finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI")), 0, round);
                    RiskAssessment r = assessment(b, "p1", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"));
                    r.getNote().setLifecycle(NoteLifecycle.REPLACES);
                    r.getNote().setReplacesNoteId(a);
                    StoredAssessment replacing = new StoredAssessment(r, 1, 1000L + round);
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                    var one = pool.submit(() -> {
                        start.await();
                        return store.write(List.of(orig));
                    });
                    var two = pool.submit(() -> {
                        start.await();
                        return second.write(List.of(replacing));
                    });
                    one.get();
                    two.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(query("SELECT lifecycle, count(*) FROM notes WHERE note_id LIKE 'A%' GROUP BY 1"))
                .containsExactly(List.of("SUPERSEDED", "40"));
        assertThat(query("SELECT count(*) FROM note_facts WHERE note_id LIKE 'A%'")).containsExactly(List.of("0"));
        assertThat(query("SELECT count(*) FROM alerts WHERE status = 'OPEN'")).containsExactly(List.of("0"));
        assertThat(query(TREND)).isEqualTo(query(RECOUNT)).containsExactly(List.of("2031-03-03", "DEPRESSION", "AFFIRMED", "40"));
    }

    private static List<String> row(String... values) {
        return java.util.Arrays.asList(values); // a column may be null
    }

    private List<List<String>> query(String sql) {
        return Rows.query(database.dataSource(), sql);
    }
}
