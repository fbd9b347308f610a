package org.vigil.sink.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Population views for analysts and researchers: signals per week by kind and assertion, signal rates per group
 * attribute for the bias audit, and the values the filters offer. Counts only; the caller applies the small-cell rule.
 */
public final class Population {

    /** Signals of one kind and assertion in the week starting {@code week} (a Monday, UTC). */
    public record WeekCount(LocalDate week, String kind, String assertion, long signals) {
    }

    /** Notes with one attribute value, and how many of them carry a matching signal. */
    public record GroupRate(String attribute, String value, long notes, long notesWithSignal) {
    }

    /** What the filters can choose from. */
    public record Facets(List<String> noteTypes, List<String> units, LocalDate firstWeek, LocalDate lastWeek,
                         long notes) {
    }

    // One statement shape for every filter combination: a NULL or empty parameter switches its condition off.
    private static final String NOTE_CONDITIONS = """
            (?::text IS NULL OR n.note_type = ?)
            AND (?::text IS NULL OR n.unit = ?)
            AND (?::date IS NULL OR n.note_date >= (?::date)::timestamp AT TIME ZONE 'UTC')
            AND (?::date IS NULL OR n.note_date < (?::date)::timestamp AT TIME ZONE 'UTC')""";
    private static final String SIGNAL_CONDITIONS = """
            (cardinality(?::text[]) = 0 OR s.kind = ANY (?))
            AND (cardinality(?::text[]) = 0 OR s.assertion = ANY (?))""";

    private final DataSource dataSource;

    public Population(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<WeekCount> signalsPerWeek(PopulationFilter filter) throws SQLException {
        String sql = "SELECT (date_trunc('week', s.note_date AT TIME ZONE 'UTC'))::date AS week, s.kind, s.assertion, count(*)"
                + " FROM signals s JOIN notes n ON n.note_id = s.note_id"
                + " WHERE s.note_date IS NOT NULL AND " + SIGNAL_CONDITIONS + " AND " + NOTE_CONDITIONS
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            int i = bindSignalConditions(c, p, 1, filter);
            bindNoteConditions(p, i, filter);
            List<WeekCount> counts = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    counts.add(new WeekCount(r.getDate(1).toLocalDate(), r.getString(2), r.getString(3), r.getLong(4)));
                }
            }
            return counts;
        }
    }

    /**
     * For each group attribute the notes carry (sex, age band, and any other), the notes in each group and how many
     * have at least one signal matching the filter.
     */
    public List<GroupRate> ratesByGroup(PopulationFilter filter) throws SQLException {
        String sql = "WITH scoped AS (SELECT n.note_id, n.attributes FROM notes n WHERE " + NOTE_CONDITIONS + "),"
                + " flagged AS (SELECT DISTINCT s.note_id FROM signals s JOIN scoped USING (note_id) WHERE "
                + SIGNAL_CONDITIONS + ")"
                + " SELECT a.key, a.value, count(*), count(f.note_id)"
                + " FROM scoped sc CROSS JOIN LATERAL jsonb_each_text(sc.attributes) a"
                + " LEFT JOIN flagged f ON f.note_id = sc.note_id"
                + " GROUP BY a.key, a.value ORDER BY a.key, a.value";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            int i = bindNoteConditions(p, 1, filter);
            bindSignalConditions(c, p, i, filter);
            List<GroupRate> rates = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rates.add(new GroupRate(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
                }
            }
            return rates;
        }
    }

    public Facets facets() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> types = strings(c, "SELECT DISTINCT note_type FROM notes ORDER BY 1");
            List<String> units = strings(c, "SELECT DISTINCT unit FROM notes WHERE unit IS NOT NULL ORDER BY 1");
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT (date_trunc('week', min(note_date) AT TIME ZONE 'UTC'))::date,"
                            + " (date_trunc('week', max(note_date) AT TIME ZONE 'UTC'))::date, count(*) FROM notes");
                 ResultSet r = p.executeQuery()) {
                r.next();
                Date first = r.getDate(1);
                Date last = r.getDate(2);
                return new Facets(types, units, first == null ? null : first.toLocalDate(),
                        last == null ? null : last.toLocalDate(), r.getLong(3));
            }
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    static int bindSignalConditions(Connection c, PreparedStatement p, int i, PopulationFilter f) throws SQLException {
        java.sql.Array kinds = c.createArrayOf("text", f.kindNames());
        java.sql.Array assertions = c.createArrayOf("text", f.assertionNames());
        p.setArray(i++, kinds);
        p.setArray(i++, kinds);
        p.setArray(i++, assertions);
        p.setArray(i++, assertions);
        return i;
    }

    static int bindNoteConditions(PreparedStatement p, int i, PopulationFilter f) throws SQLException {
        for (String value : new String[] {f.noteType().orElse(null), f.unit().orElse(null)}) {
            p.setString(i++, value);
            p.setString(i++, value);
        }
        for (LocalDate day : new LocalDate[] {f.from().orElse(null), f.to().orElse(null)}) {
            if (day == null) {
                p.setNull(i++, Types.DATE);
                p.setNull(i++, Types.DATE);
            } else {
                p.setObject(i++, day);
                p.setObject(i++, day);
            }
        }
        return i;
    }
}
