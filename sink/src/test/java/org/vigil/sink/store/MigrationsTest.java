package org.vigil.sink.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.schemas.RiskTier;
import org.vigil.sink.Rows;
import org.vigil.sink.TestPostgres;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.Assertion.NEGATED;
import static org.vigil.schemas.SignalKind.DEPRESSION;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

/** Upgrading a store written by an earlier schema version keeps every note and rebuilds the read models. */
class MigrationsTest {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @Test
    void upgradeFromVersion1BuildsWeeklyCountsAndNoteFactsFromStoredRows() throws Exception {
        String url = postgres.newDatabaseUrl();
        Flyway.configure().dataSource(url, "postgres", "").locations(Database.MIGRATIONS).target("1").load().migrate();
        org.postgresql.ds.PGSimpleDataSource v1 = new org.postgresql.ds.PGSimpleDataSource();
        v1.setUrl(url);
        v1.setUser("postgres");
        try (var c = v1.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO notes (note_id, patient_pseudonym, note_type, note_date, note_text, attributes,"
                    + " deid_ruleset_version, deid_mode, source_adapter, source_partition, source_offset) VALUES"
                    + " ('n1', 'p1', 'psychiatry', '2031-03-04T10:00:00Z', 'text', '{\"sex\": \"F\"}', 'r', 'TAG', 'csv', 0, 7)");
            s.executeUpdate("INSERT INTO signals (note_id, ordinal, kind, assertion, confidence, evidence_start, evidence_end,"
                    + " evidence_text, source, source_version, note_date) VALUES"
                    + " ('n1', 0, 'SUICIDAL_IDEATION', 'AFFIRMED', 0.9, 0, 4, 'text', 'r', '1', '2031-03-04T10:00:00Z'),"
                    + " ('n1', 1, 'SUICIDAL_IDEATION', 'AFFIRMED', 0.9, 0, 4, 'text', 'r', '1', '2031-03-04T10:00:00Z'),"
                    + " ('n1', 2, 'DEPRESSION', 'NEGATED', 0.9, 0, 4, 'text', 'r', '1', '2031-03-04T10:00:00Z')");
            s.executeUpdate("INSERT INTO risk_tiers (note_id, tier, reasons, backend, assessed_at) VALUES"
                    + " ('n1', 'HIGH', '{}', 'rules', now())");
        }

        try (Database upgraded = Database.open(url, "postgres", "", 2, Duration.ofSeconds(2))) {
            assertThat(Rows.query(upgraded.dataSource(), "SELECT week, kind, assertion, note_type, unit, signals"
                    + " FROM signal_weeks ORDER BY kind")).containsExactly(
                    List.of("2031-03-03", "DEPRESSION", "NEGATED", "psychiatry", "", "1"),
                    List.of("2031-03-03", "SUICIDAL_IDEATION", "AFFIRMED", "psychiatry", "", "2"));
            assertThat(Rows.query(upgraded.dataSource(), "SELECT note_id, tier, array_to_string(signal_keys, ','),"
                    + " attributes ->> 'sex' FROM note_facts")).containsExactly(
                    List.of("n1", "HIGH", "DEPRESSION/NEGATED,SUICIDAL_IDEATION/AFFIRMED", "F"));

            // Keys compare byte-wise and note rows are stored uncompressed up to a page (V6).
            assertThat(Rows.query(upgraded.dataSource(), "SELECT table_name, column_name, collation_name"
                    + " FROM information_schema.columns WHERE column_name = 'note_id' ORDER BY table_name")).containsExactly(
                    List.of("adjudications", "note_id", "C"), List.of("alerts", "note_id", "C"),
                    List.of("note_facts", "note_id", "C"), List.of("note_lifecycle_events", "note_id", "C"),
                    List.of("notes", "note_id", "C"),
                    List.of("risk_tiers", "note_id", "C"), List.of("signals", "note_id", "C"));
            assertThat(Rows.query(upgraded.dataSource(), "SELECT array_to_string(reloptions, ',') FROM pg_class"
                    + " WHERE relname = 'notes'")).containsExactly(List.of("toast_tuple_target=8160"));

            // The writer keeps the upgraded read models consistent when the note is replayed.
            new AssessmentStore(upgraded.dataSource()).write(List.of(new StoredAssessment(assessment("n1", "p1",
                    Instant.parse("2031-03-04T10:00:00Z"), RiskTier.LOW, finding(DEPRESSION, NEGATED, "no depression"),
                    finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI")), 0, 8L)));
            assertThat(Rows.query(upgraded.dataSource(), "SELECT kind, signals FROM signal_weeks ORDER BY kind"))
                    .containsExactly(List.of("DEPRESSION", "1"), List.of("SUICIDAL_IDEATION", "1"));
            // Notes stored before lifecycles existed are current (V8).
            assertThat(Rows.query(upgraded.dataSource(), "SELECT lifecycle, superseded_in_source FROM notes"))
                    .containsExactly(List.of("CURRENT", "f"));
        }
    }
}
