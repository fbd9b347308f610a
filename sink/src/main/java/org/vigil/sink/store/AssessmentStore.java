package org.vigil.sink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes risk assessments to PostgreSQL idempotently: one transaction per batch, keyed by note id, so a replayed
 * or re-sent assessment replaces the note's earlier text, signals, tier and open alert instead of adding rows.
 */
public final class AssessmentStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String UPSERT_NOTE = """
            INSERT INTO notes (note_id, patient_pseudonym, encounter_pseudonym, note_type, author_role, note_date,
                               note_text, attributes, phi_counts, deid_ruleset_version, deid_mode, source_adapter,
                               source_partition, source_offset, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, now())
            ON CONFLICT (note_id) DO UPDATE SET
                patient_pseudonym = excluded.patient_pseudonym, encounter_pseudonym = excluded.encounter_pseudonym,
                note_type = excluded.note_type, author_role = excluded.author_role, note_date = excluded.note_date,
                note_text = excluded.note_text, attributes = excluded.attributes, phi_counts = excluded.phi_counts,
                deid_ruleset_version = excluded.deid_ruleset_version, deid_mode = excluded.deid_mode,
                source_adapter = excluded.source_adapter, source_partition = excluded.source_partition,
                source_offset = excluded.source_offset, stored_at = excluded.stored_at""";
    private static final String UPSERT_FACTS = """
            INSERT INTO note_facts (note_id, patient_pseudonym, note_type, unit, note_date, tier, attributes, signal_keys)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (note_id) DO UPDATE SET patient_pseudonym = excluded.patient_pseudonym,
                note_type = excluded.note_type, unit = excluded.unit, note_date = excluded.note_date,
                tier = excluded.tier, attributes = excluded.attributes, signal_keys = excluded.signal_keys""";
    // The weekly counts the notes' current signals contribute, to take back before they are replaced.
    private static final String OLD_WEEK_COUNTS = """
            SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date, s.kind, s.assertion, n.note_type,
                   coalesce(n.unit, ''), count(*)
            FROM unnest(?::text[]) AS batch(note_id)
            JOIN signals s ON s.note_id = batch.note_id JOIN notes n ON n.note_id = s.note_id
            WHERE s.note_date IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5""";
    // One statement for the whole batch: the rows come from arrays in key order (WITH ORDINALITY keeps it).
    private static final String ADD_WEEK_COUNTS = """
            INSERT INTO signal_weeks (week, kind, assertion, note_type, unit, signals)
            SELECT week::date, kind, assertion, note_type, unit, signals
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                 WITH ORDINALITY AS d(week, kind, assertion, note_type, unit, signals, n)
            ORDER BY n
            ON CONFLICT (week, kind, assertion, note_type, unit) DO UPDATE SET signals = signal_weeks.signals + excluded.signals""";
    // The batch's ids are joined as a set rather than matched with "= ANY (?)": for a few hundred ids PostgreSQL's
    // default selectivity makes "= ANY" look like the whole table, and it scanned all signals for every batch.
    // Most notes of a batch are new: only those already stored have old signals, counts and alerts to take back.
    private static final String STORED_ALREADY = "SELECT note_id FROM notes WHERE note_id = ANY (?)";
    private static final String DELETE_SIGNALS =
            "DELETE FROM signals s USING unnest(?::text[]) AS batch(note_id) WHERE s.note_id = batch.note_id";
    private static final String UPSERT_TIER = """
            INSERT INTO risk_tiers (note_id, tier, reasons, backend, assessed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (note_id) DO UPDATE SET tier = excluded.tier, reasons = excluded.reasons,
                backend = excluded.backend, assessed_at = excluded.assessed_at""";
    // An adjudicated alert keeps its status: the clinician's verdict stands even if the note is re-assessed.
    private static final String UPSERT_ALERT = """
            INSERT INTO alerts (note_id, tier, raised_at) VALUES (?, ?, ?)
            ON CONFLICT (note_id) DO UPDATE SET tier = excluded.tier, raised_at = excluded.raised_at""";
    private static final String DELETE_OPEN_ALERTS = "DELETE FROM alerts a USING unnest(?::text[]) AS batch(note_id) "
            + "WHERE a.note_id = batch.note_id AND a.status = 'OPEN'";

    private final DataSource dataSource;

    public AssessmentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether a tier raises an alert for a clinician. */
    public static boolean raisesAlert(RiskTier tier) {
        return tier == RiskTier.HIGH || tier == RiskTier.IMMINENT;
    }

    /**
     * Writes the batch in one transaction; returns the number of notes written. When the same note appears more
     * than once, the last one wins, as it would across two batches.
     *
     * @throws SQLException when the transaction did not commit; nothing of the batch is then stored
     */
    public int write(Collection<StoredAssessment> batch) throws SQLException {
        Map<String, StoredAssessment> latest = new LinkedHashMap<>();
        for (StoredAssessment a : batch) {
            latest.remove(a.noteId());
            latest.put(a.noteId(), a);
        }
        if (latest.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeAll(c, latest);
                c.commit();
                return latest.size();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } catch (AssertionError e) {
                // pgjdbc asserts on a batch over a connection the server closed (seen with -ea during an outage):
                // that is a lost connection, to be retried like any other.
                rollbackQuietly(c, new SQLException(e));
                throw new SQLException("Connection lost during batch", "08006", e);
            }
        }
    }

    private static void writeAll(Connection c, Map<String, StoredAssessment> latest) throws SQLException {
        Set<String> earlier = storedAlready(c, latest.keySet());
        String[] replaced = earlier.toArray(String[]::new);
        Map<WeekKey, Long> weekDelta = new HashMap<>();
        if (replaced.length > 0) {
            try (PreparedStatement old = c.prepareStatement(OLD_WEEK_COUNTS)) {
                old.setArray(1, c.createArrayOf("text", replaced));
                try (ResultSet r = old.executeQuery()) {
                    while (r.next()) {
                        weekDelta.merge(new WeekKey(r.getObject(1, LocalDate.class), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5)), -r.getLong(6), Long::sum);
                    }
                }
            }
        }
        for (StoredAssessment stored : latest.values()) {
            DeidentifiedNote n = stored.assessment().getNote();
            if (n.getNoteDate() == null) {
                continue;
            }
            LocalDate week = week(n.getNoteDate());
            String unit = n.getAttributes().getOrDefault("unit", "");
            for (RiskSignal s : stored.assessment().getSignals()) {
                weekDelta.merge(new WeekKey(week, s.getKind().name(), s.getAssertion().name(), n.getNoteType(), unit),
                        1L, Long::sum);
            }
        }
        try (PreparedStatement notes = c.prepareStatement(UPSERT_NOTE)) {
            for (StoredAssessment stored : latest.values()) {
                bindNote(notes, stored);
                notes.addBatch();
            }
            notes.executeBatch();
        }
        try (PreparedStatement facts = c.prepareStatement(UPSERT_FACTS)) {
            for (StoredAssessment stored : latest.values()) {
                bindFacts(c, facts, stored);
                facts.addBatch();
            }
            facts.executeBatch();
        }
        if (replaced.length > 0) {
            try (PreparedStatement delete = c.prepareStatement(DELETE_SIGNALS)) {
                delete.setArray(1, c.createArrayOf("text", replaced));
                delete.executeUpdate();
            }
        }
        SignalRows.copy(c, latest.values());
        List<String> calm = new ArrayList<>();
        try (PreparedStatement tiers = c.prepareStatement(UPSERT_TIER);
             PreparedStatement alerts = c.prepareStatement(UPSERT_ALERT)) {
            int raised = 0;
            for (StoredAssessment stored : latest.values()) {
                RiskAssessment a = stored.assessment();
                tiers.setString(1, a.getNoteId());
                tiers.setString(2, a.getRiskTier().name());
                tiers.setArray(3, c.createArrayOf("text", a.getTierReasons().toArray()));
                tiers.setString(4, a.getBackend());
                tiers.setTimestamp(5, Timestamp.from(a.getAssessedAt()));
                tiers.addBatch();
                if (raisesAlert(a.getRiskTier())) {
                    alerts.setString(1, a.getNoteId());
                    alerts.setString(2, a.getRiskTier().name());
                    alerts.setTimestamp(3, Timestamp.from(a.getAssessedAt()));
                    alerts.addBatch();
                    raised++;
                } else if (earlier.contains(a.getNoteId())) {
                    calm.add(a.getNoteId());
                }
            }
            tiers.executeBatch();
            if (raised > 0) {
                alerts.executeBatch();
            }
        }
        if (!calm.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement(DELETE_OPEN_ALERTS)) {
                delete.setArray(1, c.createArrayOf("text", calm.toArray()));
                delete.executeUpdate();
            }
        }
        // Applied in key order, so concurrent sink instances lock the shared count rows in the same order and
        // cannot deadlock on them.
        List<Map.Entry<WeekKey, Long>> changed = weekDelta.entrySet().stream().filter(e -> e.getValue() != 0)
                .sorted(Map.Entry.comparingByKey()).toList();
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement add = c.prepareStatement(ADD_WEEK_COUNTS)) {
            add.setArray(1, c.createArrayOf("text", changed.stream().map(e -> e.getKey().week().toString()).toArray()));
            add.setArray(2, c.createArrayOf("text", changed.stream().map(e -> e.getKey().kind()).toArray()));
            add.setArray(3, c.createArrayOf("text", changed.stream().map(e -> e.getKey().assertion()).toArray()));
            add.setArray(4, c.createArrayOf("text", changed.stream().map(e -> e.getKey().noteType()).toArray()));
            add.setArray(5, c.createArrayOf("text", changed.stream().map(e -> e.getKey().unit()).toArray()));
            add.setArray(6, c.createArrayOf("bigint", changed.stream().map(Map.Entry::getValue).toArray()));
            add.executeUpdate();
        }
    }

    private static Set<String> storedAlready(Connection c, Collection<String> ids) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (PreparedStatement query = c.prepareStatement(STORED_ALREADY)) {
            query.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    stored.add(r.getString(1));
                }
            }
        }
        return stored;
    }

    /** The Monday (UTC) of the week an instant falls in: the trend's bucket. */
    public static LocalDate week(Instant instant) {
        LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
        return day.minusDays(day.getDayOfWeek().getValue() - 1L);
    }

    /** The kind/assertion pair of a signal, as stored in {@code note_facts.signal_keys}. */
    public static String signalKey(String kind, String assertion) {
        return kind + "/" + assertion;
    }

    /** One row of the weekly counts, ordered so batches always lock rows in the same order. */
    private record WeekKey(LocalDate week, String kind, String assertion, String noteType, String unit)
            implements Comparable<WeekKey> {
        private static final Comparator<WeekKey> ORDER = Comparator.comparing(WeekKey::week)
                .thenComparing(WeekKey::kind).thenComparing(WeekKey::assertion)
                .thenComparing(WeekKey::noteType).thenComparing(WeekKey::unit);

        @Override
        public int compareTo(WeekKey other) {
            return ORDER.compare(this, other);
        }
    }

    private static void bindNote(PreparedStatement p, StoredAssessment stored) throws SQLException {
        DeidentifiedNote n = stored.assessment().getNote();
        p.setString(1, stored.noteId());
        p.setString(2, n.getPatientPseudonym());
        p.setString(3, n.getEncounterPseudonym());
        p.setString(4, n.getNoteType());
        p.setString(5, n.getAuthorRole());
        setInstant(p, 6, n.getNoteDate());
        p.setString(7, n.getText());
        p.setString(8, json(n.getAttributes()));
        p.setString(9, json(n.getPhiCounts()));
        p.setString(10, n.getRulesetVersion());
        p.setString(11, n.getMode());
        p.setString(12, n.getSourceAdapter());
        p.setInt(13, stored.partition());
        p.setLong(14, stored.offset());
    }

    private static void bindFacts(Connection c, PreparedStatement p, StoredAssessment stored) throws SQLException {
        RiskAssessment a = stored.assessment();
        DeidentifiedNote n = a.getNote();
        p.setString(1, stored.noteId());
        p.setString(2, n.getPatientPseudonym());
        p.setString(3, n.getNoteType());
        p.setString(4, n.getAttributes().get("unit"));
        setInstant(p, 5, n.getNoteDate());
        p.setString(6, a.getRiskTier().name());
        p.setString(7, json(n.getAttributes()));
        p.setArray(8, c.createArrayOf("text", a.getSignals().stream()
                .map(s -> signalKey(s.getKind().name(), s.getAssertion().name())).distinct().sorted().toArray()));
    }

    private static void setInstant(PreparedStatement p, int index, Instant instant) throws SQLException {
        if (instant == null) {
            p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            p.setTimestamp(index, Timestamp.from(instant));
        }
    }

    private static String json(Map<String, ?> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A string map always serializes", e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
