package org.vigil.sink.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.sink.Rows;
import org.vigil.sink.TestPostgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.Assertion.NEGATED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.schemas.SignalKind.SUICIDE_PLAN;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

class AssessmentStoreTest {

    private static final Instant DAY = Instant.parse("2031-03-04T10:15:00Z");

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();
    private Database database;
    private AssessmentStore store;

    @BeforeEach
    void openDatabase() {
        database = Database.open(postgres.newDatabaseUrl(), "postgres", "", 2, java.time.Duration.ofSeconds(2));
        store = new AssessmentStore(database.dataSource());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void consumerWritesWhileTheDashboardHoldsEveryConnectionOfItsOwn() throws SQLException {
        java.sql.Connection held = database.dataSource().getConnection();
        try {
            assertThatThrownBy(() -> database.dataSource().getConnection().close())
                    .isInstanceOf(java.sql.SQLTransientConnectionException.class);
            AssessmentStore consumerSide = new AssessmentStore(database.writer());
            assertThat(consumerSide.write(List.of(new StoredAssessment(assessment("n1", "p1", DAY, RiskTier.HIGH,
                    finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI")), 0, 1L)))).isEqualTo(1);
        } finally {
            held.close();
        }
        assertThat(query("SELECT note_id FROM notes")).containsExactly(List.of("n1"));
    }

    @Test
    void storesNoteSignalsTierAndAlert() throws SQLException {
        RiskAssessment a = assessment("n1", "p1", DAY, RiskTier.HIGH,
                finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI"), finding(DEPRESSION, AFFIRMED, "depressed mood"));

        assertThat(store.write(List.of(new StoredAssessment(a, 3, 41L)))).isEqualTo(1);

        assertThat(query("SELECT note_id, patient_pseudonym, note_type, sex, age_band, source_partition, source_offset,"
                + " note_text = '" + a.getNote().getText() + "' FROM notes"))
                .containsExactly(List.of("n1", "p1", "psychiatry", "F", "30-39", "3", "41", "t"));
        assertThat(query("SELECT ordinal, kind, assertion, evidence_start, evidence_end, evidence_text FROM signals ORDER BY ordinal"))
                .containsExactly(List.of("0", "SUICIDAL_IDEATION", "AFFIRMED", "30", "41", "endorses SI"),
                        List.of("1", "DEPRESSION", "AFFIRMED", "43", "57", "depressed mood"));
        assertThat(query("SELECT tier, array_to_string(reasons, '|'), backend FROM risk_tiers"))
                .containsExactly(List.of("HIGH", "tier from 2 findings", "rules"));
        assertThat(query("SELECT note_id, tier, status FROM alerts")).containsExactly(List.of("n1", "HIGH", "OPEN"));
    }

    @Test
    void evidenceWithTabsNewlinesAndBackslashesIsStoredVerbatim() throws SQLException {
        String evidence = "SI:\tendorses\r\nplan \\N to OD \\ \"pills\"";
        RiskAssessment a = assessment("n-escape", "p1", DAY, RiskTier.HIGH, finding(SUICIDE_PLAN, AFFIRMED, evidence));
        a.getSignals().get(0).setSection(null);
        a.getNote().setNoteDate(null);

        store.write(List.of(new StoredAssessment(a, 0, 1L)));

        assertThat(query("SELECT evidence_text = '" + evidence.replace("'", "''") + "', section IS NULL, note_date IS NULL,"
                + " confidence FROM signals WHERE note_id = 'n-escape'"))
                .containsExactly(List.of("t", "t", "t", "0.9"));
    }

    @Test
    void sameNoteTwiceGivesOneRow() throws SQLException {
        RiskAssessment a = assessment("n1", "p1", DAY, RiskTier.MODERATE, finding(DEPRESSION, AFFIRMED, "low mood"));

        store.write(List.of(new StoredAssessment(a, 0, 5L)));
        store.write(List.of(new StoredAssessment(a, 0, 5L)));

        assertThat(query("SELECT count(*) FROM notes")).containsExactly(List.of("1"));
        assertThat(query("SELECT count(*) FROM signals")).containsExactly(List.of("1"));
        assertThat(query("SELECT count(*) FROM risk_tiers")).containsExactly(List.of("1"));
    }

    @Test
    void replayOverwritesSignalsTierAndClearsOpenAlert() throws SQLException {
        store.write(List.of(new StoredAssessment(assessment("n1", "p1", DAY, RiskTier.IMMINENT,
                finding(SUICIDE_PLAN, AFFIRMED, "plan to overdose"), finding(SUICIDAL_IDEATION, AFFIRMED, "wants to die")), 0, 1L)));

        store.write(List.of(new StoredAssessment(assessment("n1", "p1", DAY, RiskTier.LOW,
                finding(SUICIDAL_IDEATION, NEGATED, "denies SI")), 0, 9L)));

        assertThat(query("SELECT kind, assertion FROM signals")).containsExactly(List.of("SUICIDAL_IDEATION", "NEGATED"));
        assertThat(query("SELECT tier FROM risk_tiers")).containsExactly(List.of("LOW"));
        assertThat(query("SELECT source_offset FROM notes")).containsExactly(List.of("9"));
        assertThat(query("SELECT count(*) FROM alerts")).containsExactly(List.of("0"));
    }

    @Test
    void lastOfTwoVersionsInOneBatchWins() throws SQLException {
        RiskAssessment first = assessment("n1", "p1", DAY, RiskTier.HIGH, finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI"));
        RiskAssessment second = assessment("n1", "p1", DAY, RiskTier.NONE, finding(DEPRESSION, NEGATED, "no depression"));

        int written = store.write(List.of(new StoredAssessment(first, 0, 1L), new StoredAssessment(second, 0, 2L)));

        assertThat(written).isEqualTo(1);
        assertThat(query("SELECT kind, assertion FROM signals")).containsExactly(List.of("DEPRESSION", "NEGATED"));
        assertThat(query("SELECT tier FROM risk_tiers")).containsExactly(List.of("NONE"));
    }

    @Test
    void batchWithRowPostgresRefusesStoresNothing() throws SQLException {
        RiskAssessment good = assessment("n1", "p1", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"));
        RiskAssessment bad = assessment("n2", "p2", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"));
        bad.getNote().setText(bad.getNote().getText() + "\u0000");

        assertThatThrownBy(() -> store.write(List.of(new StoredAssessment(good, 0, 1L), new StoredAssessment(bad, 0, 2L))))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(SqlFailure.rejectsData(e)).isTrue());
        assertThat(query("SELECT count(*) FROM notes")).containsExactly(List.of("0"));
    }

    @Test
    void replayMovesWeeklyCountsAndSignalKeys() throws SQLException {
        store.write(List.of(new StoredAssessment(assessment("n1", "p1", DAY, RiskTier.HIGH,
                finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI"), finding(SUICIDAL_IDEATION, AFFIRMED, "wants to die")), 0, 1L)));
        assertThat(query("SELECT week, kind, assertion, note_type, unit, signals FROM signal_weeks WHERE signals <> 0"))
                .containsExactly(List.of("2031-03-03", "SUICIDAL_IDEATION", "AFFIRMED", "psychiatry", "", "2"));

        store.write(List.of(new StoredAssessment(assessment("n1", "p1", DAY.plus(java.time.Duration.ofDays(7)), RiskTier.LOW,
                finding(DEPRESSION, NEGATED, "no depression")), 0, 2L)));

        assertThat(query("SELECT week, kind, assertion, signals FROM signal_weeks WHERE signals <> 0"))
                .containsExactly(List.of("2031-03-10", "DEPRESSION", "NEGATED", "1"));
        assertThat(query("SELECT array_to_string(signal_keys, ','), tier FROM note_facts"))
                .containsExactly(List.of("DEPRESSION/NEGATED", "LOW"));
    }

    @Test
    void weeklyCountsEqualARecountAfterReplaysOfGeneratedNotes() throws SQLException {
        List<org.vigil.corpus.SyntheticNote> notes = new org.vigil.corpus.CorpusGenerator(5).generate(150);
        List<StoredAssessment> first = new java.util.ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            first.add(new StoredAssessment(org.vigil.corpus.SyntheticAssessments.assessment(notes.get(i)), 0, i));
        }
        store.write(first.subList(0, 100));
        store.write(first.subList(50, 150));
        List<StoredAssessment> replays = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i += 3) {
            replays.add(new StoredAssessment(org.vigil.corpus.SyntheticAssessments.assessment(notes.get(i),
                    DAY.plus(java.time.Duration.ofDays(i % 20))), 0, 1000 + i));
        }
        store.write(replays);

        String recount = "SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date, s.kind, s.assertion,"
                + " n.note_type, count(*) FROM signals s JOIN notes n USING (note_id) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
        List<List<String>> expected = query(recount);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(query("SELECT week, kind, assertion, note_type, signals FROM signal_weeks WHERE signals <> 0"
                + " ORDER BY 1, 2, 3, 4")).isEqualTo(expected);
        assertThat(query("SELECT count(*) FROM note_facts n WHERE n.signal_keys <> coalesce((SELECT array_agg(DISTINCT"
                + " s.kind || '/' || s.assertion ORDER BY s.kind || '/' || s.assertion) FROM signals s"
                + " WHERE s.note_id = n.note_id), '{}')")).containsExactly(List.of("0"));
        assertThat(query("SELECT count(*) FROM note_facts f JOIN notes n USING (note_id) JOIN risk_tiers t USING (note_id)"
                + " WHERE f.note_date IS NOT DISTINCT FROM n.note_date AND f.tier = t.tier AND f.note_type = n.note_type"))
                .containsExactly(List.of("150"));
    }

    @Test
    void accessAuditRefusesUpdateAndDelete() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO access_audit (action, target, outcome) VALUES ('VIEW_NOTE', 'n1', 'OK')");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE access_audit SET outcome = 'X'"))
                    .hasMessageContaining("access_audit is append-only: UPDATE refused");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM access_audit"))
                    .hasMessageContaining("access_audit is append-only: DELETE refused");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE access_audit"))
                    .hasMessageContaining("access_audit is append-only: TRUNCATE refused");
        }
        assertThat(query("SELECT action, target, outcome FROM access_audit")).containsExactly(List.of("VIEW_NOTE", "n1", "OK"));
    }

    @Test
    void erasingANoteErasesItsSignalsAndKeepsOthers() throws SQLException {
        store.write(List.of(
                new StoredAssessment(assessment("gone", "p1", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "low mood"),
                        finding(SUICIDAL_IDEATION, NEGATED, "denies SI")), 0, 1L),
                new StoredAssessment(assessment("kept", "p2", DAY, RiskTier.LOW, finding(DEPRESSION, AFFIRMED, "sad")), 0, 2L)));

        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM notes WHERE note_id = 'gone'")).isEqualTo(1);
        }

        assertThat(query("SELECT note_id, count(*) FROM signals GROUP BY note_id")).containsExactly(List.of("kept", "1"));
        assertThat(query("SELECT note_id FROM note_facts")).containsExactly(List.of("kept"));
    }

    private List<List<String>> query(String sql) {
        return Rows.query(database.dataSource(), sql);
    }
}
