package org.vigil.sink.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.Verdict;
import org.vigil.sink.Rows;
import org.vigil.sink.TestPostgres;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.Assertion.NEGATED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

/** Erasing a patient leaves the store as if the patient's notes had never been stored, and audits it. */
class PatientErasureTest {

    private static final Instant DAY = Instant.parse("2031-03-04T10:15:00Z");
    /** Tables keyed by note that must hold nothing of an erased patient. */
    private static final List<String> NOTE_TABLES =
            List.of("notes", "signals", "risk_tiers", "alerts", "note_facts", "adjudications");

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    /** Two patients share weeks and kinds; "erase-me" has an adjudicated alert, "keep-me" an open one. */
    private static List<RiskAssessment> notes(boolean withErased) {
        List<RiskAssessment> notes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            notes.add(assessment("keep-" + i, "keep-me", DAY.plusSeconds(i * 86_400L), i == 0 ? RiskTier.HIGH : RiskTier.LOW,
                    finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI"), finding(DEPRESSION, NEGATED, "denies low mood")));
        }
        if (withErased) {
            for (int i = 0; i < 4; i++) {
                notes.add(assessment("erase-" + i, "erase-me", DAY.plusSeconds(i * 86_400L),
                        i < 2 ? RiskTier.IMMINENT : RiskTier.MODERATE,
                        finding(SUICIDAL_IDEATION, AFFIRMED, "wants to die"), finding(DEPRESSION, AFFIRMED, "low mood")));
            }
        }
        return notes;
    }

    private static Database stored(List<RiskAssessment> notes) throws SQLException {
        Database db = postgres.newDatabase();
        List<StoredAssessment> stored = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            stored.add(new StoredAssessment(notes.get(i), 0, i));
        }
        new AssessmentStore(db.writer()).write(stored);
        return db;
    }

    private static long tokenId(Database db) {
        return Long.parseLong(Rows.query(db.dataSource(), "INSERT INTO api_tokens (label, role, token_sha256, expires_at)"
                + " VALUES ('clinician', 'clinician', '\\x01', now() + interval '1 day') RETURNING id").get(0).get(0));
    }

    @Test
    void erasedPatientLeavesNoRowAndTheCountsOfAStoreThatNeverHeldThem() throws Exception {
        try (Database db = stored(notes(true)); Database never = stored(notes(false))) {
            long clinician = tokenId(db);
            AlertQueue alerts = new AlertQueue(db.dataSource());
            assertThat(alerts.adjudicate("erase-0", Verdict.TRUE_POSITIVE, null, clinician, "clinician", c -> { })).isPresent();
            CohortCriteria withSi = new CohortCriteria(Set.of(SUICIDAL_IDEATION), Set.of(AFFIRMED), Optional.empty(),
                    Optional.empty(), 1, Set.of());
            Cohorts cohorts = new Cohorts(db.dataSource());
            cohorts.save("SI", withSi, clinician);
            assertThat(cohorts.members(withSi)).containsExactly("erase-me", "keep-me");

            List<PatientErasure.Erased> audited = new ArrayList<>();
            PatientErasure.Erased erased = new PatientErasure(db.dataSource()).erase("erase-me", (c, e) -> audited.add(e));

            assertThat(erased).isEqualTo(new PatientErasure.Erased(4, 8, 2, 1));
            assertThat(audited).containsExactly(erased);
            for (String table : NOTE_TABLES) {
                assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM " + table + " WHERE note_id LIKE 'erase-%'"))
                        .as(table).isZero();
            }
            assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM note_facts WHERE patient_pseudonym = 'erase-me'")).isZero();
            assertThat(cohorts.members(withSi)).containsExactly("keep-me");
            // The weekly counts are those of a store that never held the erased patient's notes.
            String weeks = "SELECT week, kind, assertion, note_type, unit, signals FROM signal_weeks WHERE signals > 0 ORDER BY 1, 2, 3";
            assertThat(Rows.query(db.dataSource(), weeks)).isEqualTo(Rows.query(never.dataSource(), weeks));
            for (String table : NOTE_TABLES) {
                assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM " + table))
                        .as(table).isEqualTo(Rows.count(never.dataSource(), "SELECT count(*) FROM " + table));
            }

            assertThat(new PatientErasure(db.dataSource()).erase("erase-me", (c, e) -> { }))
                    .isEqualTo(new PatientErasure.Erased(0, 0, 0, 0));
        }
    }

    @Test
    void nothingIsErasedWhenTheAuditEntryCannotBeWritten() throws Exception {
        try (Database db = stored(notes(true))) {
            assertThatThrownBy(() -> new PatientErasure(db.dataSource()).erase("erase-me", (c, e) -> {
                throw new SQLException("audit unavailable", "08006");
            })).isInstanceOf(SQLException.class);
            assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM notes WHERE patient_pseudonym = 'erase-me'")).isEqualTo(4);
            assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM signals WHERE note_id LIKE 'erase-%'")).isEqualTo(8);
        }
    }

    @Test
    void aBlankPseudonymIsRefused() throws Exception {
        try (Database db = postgres.newDatabase()) {
            assertThatThrownBy(() -> new PatientErasure(db.dataSource()).erase(" ", (c, e) -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
