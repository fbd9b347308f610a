package org.vigil.sink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.NoteLifecycle;
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
import java.util.Optional;
import java.util.Set;

/**
 * Writes risk assessments to PostgreSQL idempotently: one transaction per batch, keyed by note id, so a replayed
 * or re-sent assessment replaces the note's earlier text, signals, tier and open alert instead of adding rows.
 *
 * <p>It also applies each note's life as its source told it: a replacement supersedes the version it names, a
 * withdrawal withdraws the note, whichever arrives first (the event is kept in {@code note_lifecycle_events} until
 * the note it concerns is stored). A note that is not current keeps its rows, marked, but leaves the trends
 * ({@code signal_weeks}), {@code note_facts} and the open alerts.
 */
public final class AssessmentStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CURRENT = "CURRENT";
    private static final String SUPERSEDED = "SUPERSEDED";
    private static final String WITHDRAWN = "WITHDRAWN";
    // Advisory lock key space of the note locks ("VIGL"), and how many buckets the note ids fall in.
    private static final int LOCK_SPACE = 0x5649474C;
    private static final int LOCK_BUCKETS = 1024;

    private static final String UPSERT_NOTE = """
            INSERT INTO notes (note_id, patient_pseudonym, encounter_pseudonym, note_type, author_role, note_date,
                               note_text, attributes, phi_counts, deid_ruleset_version, deid_mode, source_adapter,
                               source_partition, source_offset, lifecycle, superseded_by, superseded_in_source, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (note_id) DO UPDATE SET
                patient_pseudonym = excluded.patient_pseudonym, encounter_pseudonym = excluded.encounter_pseudonym,
                note_type = excluded.note_type, author_role = excluded.author_role, note_date = excluded.note_date,
                note_text = excluded.note_text, attributes = excluded.attributes, phi_counts = excluded.phi_counts,
                deid_ruleset_version = excluded.deid_ruleset_version, deid_mode = excluded.deid_mode,
                source_adapter = excluded.source_adapter, source_partition = excluded.source_partition,
                source_offset = excluded.source_offset, lifecycle = excluded.lifecycle,
                superseded_by = excluded.superseded_by, superseded_in_source = excluded.superseded_in_source,
                stored_at = excluded.stored_at""";
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
            WHERE s.note_date IS NOT NULL AND n.lifecycle = 'CURRENT'
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
    // The array is scanned in order, so the locks are taken in bucket order: no two batches can deadlock on them.
    private static final String LOCK_NOTES =
            "SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", b) FROM unnest(?::integer[]) AS buckets(b)";
    private static final String STORED_ALREADY = "SELECT note_id, lifecycle FROM notes WHERE note_id = ANY (?)";
    // The first word on a note stands: a replayed replacement or withdrawal records nothing new.
    private static final String RECORD_EVENT = """
            INSERT INTO note_lifecycle_events (note_id, event, by_note_id, source_adapter, source_partition, source_offset)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (note_id, event) DO NOTHING""";
    private static final String EVENTS = "SELECT note_id, event, by_note_id FROM note_lifecycle_events WHERE note_id = ANY (?)";
    // A withdrawal is an access to the record worth auditing as such: who (the pipeline), what, when.
    private static final String AUDIT_WITHDRAWAL = """
            INSERT INTO access_audit (role, action, target, outcome) VALUES ('pipeline', 'note.withdrawn', ?, 'applied')""";
    private static final String MARK_LIFECYCLE = """
            UPDATE notes SET lifecycle = ?, superseded_by = coalesce(?, superseded_by) WHERE note_id = ? AND lifecycle <> ?""";
    private static final String DELETE_FACTS =
            "DELETE FROM note_facts f USING unnest(?::text[]) AS gone(note_id) WHERE f.note_id = gone.note_id";
    private static final String CLOSE_OPEN_ALERTS = "UPDATE alerts a SET status = 'CLOSED' FROM unnest(?::text[]) AS gone(note_id) "
            + "WHERE a.note_id = gone.note_id AND a.status = 'OPEN'";
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
        // A withdrawal is kept apart from the note's content: within a batch, as across batches, the note stays
        // withdrawn whichever came first.
        Map<String, StoredAssessment> withdrawals = new LinkedHashMap<>();
        for (StoredAssessment a : batch) {
            Map<String, StoredAssessment> into = a.assessment().getNote().getLifecycle() == NoteLifecycle.WITHDRAWN
                    ? withdrawals : latest;
            into.remove(a.noteId());
            into.put(a.noteId(), a);
        }
        if (latest.isEmpty() && withdrawals.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeAll(c, latest, withdrawals);
                c.commit();
                return latest.size() + withdrawals.size();
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

    private static void writeAll(Connection c, Map<String, StoredAssessment> all, Map<String, StoredAssessment> withdrawals)
            throws SQLException {
        Set<String> concerned = new HashSet<>(all.keySet());
        concerned.addAll(withdrawals.keySet());
        for (StoredAssessment stored : all.values()) {
            replaced(stored).ifPresent(concerned::add);
        }
        lockNotes(c, concerned);
        recordEvents(c, all.values(), withdrawals.values());
        Lives lives = lives(c, concerned);
        Map<String, String> storedLifecycle = storedAlready(c, concerned);
        Set<String> earlier = new HashSet<>(storedLifecycle.keySet());
        earlier.retainAll(all.keySet());
        // Notes stored before whose life this batch ends (superseded or withdrawn now), besides the batch's own.
        List<String> ended = new ArrayList<>();
        List<String> takeBack = new ArrayList<>();
        for (Map.Entry<String, String> e : storedLifecycle.entrySet()) {
            String id = e.getKey();
            boolean current = e.getValue().equals(CURRENT);
            String now = lives.lifecycle(id);
            if (current && (all.containsKey(id) || !now.equals(CURRENT))) {
                takeBack.add(id);
            }
            // A life only ends here: a note whose events were erased (its replacement's patient) stays as it was.
            if (!all.containsKey(id) && !now.equals(CURRENT) && !now.equals(e.getValue())) {
                ended.add(id);
            }
        }
        Map<String, StoredAssessment> latest = new LinkedHashMap<>();
        List<String> notCurrent = new ArrayList<>(ended);
        for (StoredAssessment stored : all.values()) {
            if (lives.lifecycle(stored.noteId()).equals(CURRENT)) {
                latest.put(stored.noteId(), stored);
            } else {
                notCurrent.add(stored.noteId());
            }
        }
        String[] replaced = takeBack.toArray(String[]::new);
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
        if (!all.isEmpty()) {
            try (PreparedStatement notes = c.prepareStatement(UPSERT_NOTE)) {
                for (StoredAssessment stored : all.values()) {
                    bindNote(notes, stored, lives);
                    notes.addBatch();
                }
                notes.executeBatch();
            }
        }
        if (!ended.isEmpty()) {
            try (PreparedStatement mark = c.prepareStatement(MARK_LIFECYCLE)) {
                for (String id : ended) {
                    String now = lives.lifecycle(id);
                    mark.setString(1, now);
                    mark.setString(2, lives.supersededBy().get(id));
                    mark.setString(3, id);
                    mark.setString(4, now);
                    mark.addBatch();
                }
                mark.executeBatch();
            }
        }
        if (!notCurrent.isEmpty()) {
            Object[] gone = notCurrent.toArray();
            try (PreparedStatement facts = c.prepareStatement(DELETE_FACTS);
                 PreparedStatement alerts = c.prepareStatement(CLOSE_OPEN_ALERTS)) {
                facts.setArray(1, c.createArrayOf("text", gone));
                facts.executeUpdate();
                alerts.setArray(1, c.createArrayOf("text", gone));
                alerts.executeUpdate();
            }
        }
        try (PreparedStatement facts = c.prepareStatement(UPSERT_FACTS)) {
            for (StoredAssessment stored : latest.values()) {
                bindFacts(c, facts, stored);
                facts.addBatch();
            }
            facts.executeBatch();
        }
        if (!earlier.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement(DELETE_SIGNALS)) {
                delete.setArray(1, c.createArrayOf("text", earlier.toArray()));
                delete.executeUpdate();
            }
        }
        if (!all.isEmpty()) {
            SignalRows.copy(c, all.values());
        }
        List<String> calm = new ArrayList<>();
        try (PreparedStatement tiers = c.prepareStatement(UPSERT_TIER);
             PreparedStatement alerts = c.prepareStatement(UPSERT_ALERT)) {
            int raised = 0;
            for (StoredAssessment stored : all.values()) {
                RiskAssessment a = stored.assessment();
                tiers.setString(1, a.getNoteId());
                tiers.setString(2, a.getRiskTier().name());
                tiers.setArray(3, c.createArrayOf("text", a.getTierReasons().toArray()));
                tiers.setString(4, a.getBackend());
                tiers.setTimestamp(5, Timestamp.from(a.getAssessedAt()));
                tiers.addBatch();
                if (!latest.containsKey(a.getNoteId())) {
                    continue; // not current: its open alert, if any, was closed above
                }
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
            if (!all.isEmpty()) {
                tiers.executeBatch();
            }
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

    /** The stored notes among {@code ids}, with their lifecycle. */
    private static Map<String, String> storedAlready(Connection c, Collection<String> ids) throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement(STORED_ALREADY)) {
            query.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    stored.put(r.getString(1), r.getString(2));
                }
            }
        }
        return stored;
    }

    /**
     * Serializes concurrent batches that concern the same notes. A replacement and its original can be written at
     * the same moment by two sink instances (they are keyed, so partitioned, apart); under READ COMMITTED neither
     * would see the other's rows and both notes would stay current. Transaction-scoped advisory locks on a bucket of
     * each note id, taken in bucket order before any row is touched, make the second wait and then read the first's
     * commit. Buckets bound the locks a batch takes (PostgreSQL's lock table is shared and small); two notes sharing
     * a bucket only wait for each other.
     */
    private static void lockNotes(Connection c, Collection<String> ids) throws SQLException {
        Object[] buckets = ids.stream().map(id -> Math.floorMod(id.hashCode(), LOCK_BUCKETS)).distinct().sorted().toArray();
        try (PreparedStatement lock = c.prepareStatement(LOCK_NOTES)) {
            lock.setArray(1, c.createArrayOf("integer", buckets));
            lock.execute();
        }
    }

    /** The note a replacement supersedes, when it names one other than itself. */
    private static Optional<String> replaced(StoredAssessment stored) {
        DeidentifiedNote n = stored.assessment().getNote();
        return n.getLifecycle() == NoteLifecycle.REPLACES && n.getReplacesNoteId() != null
                && !n.getReplacesNoteId().isBlank() && !n.getReplacesNoteId().equals(stored.noteId())
                ? Optional.of(n.getReplacesNoteId()) : Optional.empty();
    }

    /** Records the batch's supersessions and withdrawals; a withdrawal recorded for the first time is audited. */
    private static void recordEvents(Connection c, Collection<StoredAssessment> notes, Collection<StoredAssessment> withdrawals)
            throws SQLException {
        List<String> audited = new ArrayList<>();
        int events = 0;
        try (PreparedStatement record = c.prepareStatement(RECORD_EVENT)) {
            for (StoredAssessment stored : notes) {
                Optional<String> target = replaced(stored);
                if (target.isPresent()) {
                    bindEvent(record, target.get(), SUPERSEDED, stored.noteId(), stored);
                    record.addBatch();
                    events++;
                }
            }
            for (StoredAssessment stored : withdrawals) {
                bindEvent(record, stored.noteId(), WITHDRAWN, null, stored);
                record.addBatch();
                events++;
                audited.add(stored.noteId());
            }
            if (events == 0) {
                return;
            }
            int[] counts = record.executeBatch();
            // The withdrawals were added last, in order: their counts say which were new.
            List<String> fresh = new ArrayList<>();
            for (int i = 0; i < audited.size(); i++) {
                int count = counts[counts.length - audited.size() + i];
                if (count > 0 || count == java.sql.Statement.SUCCESS_NO_INFO) {
                    fresh.add(audited.get(i));
                }
            }
            audited = fresh;
        }
        if (!audited.isEmpty()) {
            try (PreparedStatement audit = c.prepareStatement(AUDIT_WITHDRAWAL)) {
                for (String id : audited) {
                    audit.setString(1, id);
                    audit.addBatch();
                }
                audit.executeBatch();
            }
        }
    }

    private static void bindEvent(PreparedStatement p, String noteId, String event, String byNoteId, StoredAssessment from)
            throws SQLException {
        p.setString(1, noteId);
        p.setString(2, event);
        p.setString(3, byNoteId);
        p.setString(4, from.assessment().getNote().getSourceAdapter());
        p.setInt(5, from.partition());
        p.setLong(6, from.offset());
    }

    /** What the recorded events say of the notes: withdrawn, or superseded and by which note. */
    private static Lives lives(Connection c, Collection<String> ids) throws SQLException {
        Set<String> withdrawn = new HashSet<>();
        Map<String, String> supersededBy = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement(EVENTS)) {
            query.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    if (r.getString(2).equals(WITHDRAWN)) {
                        withdrawn.add(r.getString(1));
                    } else {
                        supersededBy.put(r.getString(1), r.getString(3));
                    }
                }
            }
        }
        return new Lives(withdrawn, supersededBy);
    }

    /** The notes' lifecycle as the events decide it: withdrawn outranks superseded, anything else is current. */
    private record Lives(Set<String> withdrawn, Map<String, String> supersededBy) {
        String lifecycle(String noteId) {
            return withdrawn.contains(noteId) ? WITHDRAWN : supersededBy.containsKey(noteId) ? SUPERSEDED : CURRENT;
        }
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

    private static void bindNote(PreparedStatement p, StoredAssessment stored, Lives lives) throws SQLException {
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
        p.setString(15, lives.lifecycle(stored.noteId()));
        p.setString(16, lives.supersededBy().get(stored.noteId()));
        p.setBoolean(17, n.getLifecycle() == NoteLifecycle.SUPERSEDED);
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
