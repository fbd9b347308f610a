package org.vigil.sink.store;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Erases one patient from the store, found by the patient pseudonym as the sink stores it (the keyed HMAC the
 * de-identifier made of the hospital's patient id; the sink never sees nor can compute it from the id): the
 * patient's notes with their signals, tiers, alerts, adjudications and note facts, in one transaction with the
 * caller's audit entry. Cohorts hold criteria, not members, so the patient leaves every cohort with the note facts;
 * the weekly signal counts are taken back, so the trends no longer count the patient either.
 */
public final class PatientErasure {

    /** What was erased, for the audit and the operator. */
    public record Erased(int notes, int signals, int alerts, int adjudications) {
    }

    /** The audit entry, written in the erasure's transaction so that neither exists without the other. */
    @FunctionalInterface
    public interface Audit {
        void record(Connection c, Erased erased) throws SQLException;
    }

    private static final String TAKE_BACK_WEEK_COUNTS = """
            UPDATE signal_weeks w SET signals = w.signals - d.signals
            FROM (SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date AS week, s.kind, s.assertion,
                         n.note_type, coalesce(n.unit, '') AS unit, count(*) AS signals
                  FROM unnest(?::text[]) AS erased(note_id)
                  JOIN notes n ON n.note_id = erased.note_id JOIN signals s ON s.note_id = n.note_id
                  WHERE s.note_date IS NOT NULL
                  GROUP BY 1, 2, 3, 4, 5) d
            WHERE w.week = d.week AND w.kind = d.kind AND w.assertion = d.assertion AND w.note_type = d.note_type
              AND w.unit = d.unit""";

    private final DataSource dataSource;

    public PatientErasure(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Erases everything stored for {@code patientPseudonym}; erasing a patient twice erases nothing the second time. */
    public Erased erase(String patientPseudonym, Audit audit) throws SQLException {
        if (patientPseudonym == null || patientPseudonym.isBlank()) {
            throw new IllegalArgumentException("A patient pseudonym is required");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> noteIds = new ArrayList<>();
                // Locks the patient's notes: a batch storing one of them at the same time waits, then re-creates it
                // (a replay from Kafka would, too: see the README on retention).
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT note_id FROM notes WHERE patient_pseudonym = ? ORDER BY note_id FOR UPDATE")) {
                    p.setString(1, patientPseudonym);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            noteIds.add(r.getString(1));
                        }
                    }
                }
                Array ids = c.createArrayOf("text", noteIds.toArray());
                int signals = count(c, "SELECT count(*) FROM signals s JOIN unnest(?::text[]) AS e(note_id) USING (note_id)", ids);
                int alerts = count(c, "SELECT count(*) FROM alerts a JOIN unnest(?::text[]) AS e(note_id) USING (note_id)", ids);
                try (PreparedStatement p = c.prepareStatement(TAKE_BACK_WEEK_COUNTS)) {
                    p.setArray(1, ids);
                    p.executeUpdate();
                }
                int adjudications;
                try (PreparedStatement p = c.prepareStatement(
                        "DELETE FROM adjudications a USING unnest(?::text[]) AS e(note_id) WHERE a.note_id = e.note_id")) {
                    p.setArray(1, ids);
                    adjudications = p.executeUpdate();
                }
                // Tiers, alerts and note facts follow by cascade, signals by the statement trigger (V4).
                int notes;
                try (PreparedStatement p = c.prepareStatement("DELETE FROM notes WHERE patient_pseudonym = ?")) {
                    p.setString(1, patientPseudonym);
                    notes = p.executeUpdate();
                }
                Erased erased = new Erased(notes, signals, alerts, adjudications);
                audit.record(c, erased);
                c.commit();
                return erased;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int count(Connection c, String sql, Array ids) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setArray(1, ids);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
