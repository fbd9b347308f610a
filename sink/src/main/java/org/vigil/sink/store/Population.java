package org.vigil.sink.store;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;

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
    private final DataSource dataSource;

    public Population(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Signals per week from the weekly counts the writer keeps. The period counts whole weeks: a week is in it when
     * its Monday falls in [from, to).
     */
    public List<WeekCount> signalsPerWeek(PopulationFilter filter) throws SQLException {
        String sql = """
                SELECT week, kind, assertion, sum(signals)::bigint FROM signal_weeks
                WHERE (cardinality(?::text[]) = 0 OR kind = ANY (?))
                  AND (cardinality(?::text[]) = 0 OR assertion = ANY (?))
                  AND (?::text IS NULL OR note_type = ?)
                  AND (?::text IS NULL OR unit = ?)
                  AND (?::date IS NULL OR week >= ?)
                  AND (?::date IS NULL OR week < ?)
                GROUP BY 1, 2, 3 HAVING sum(signals) > 0 ORDER BY 1, 2, 3""";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            int i = bindSignalConditions(c, p, 1, filter);
            for (String value : new String[] {filter.noteType().orElse(null), filter.unit().orElse(null)}) {
                p.setString(i++, value);
                p.setString(i++, value);
            }
            for (LocalDate day : new LocalDate[] {filter.from().orElse(null), filter.to().orElse(null)}) {
                p.setObject(i++, day, Types.DATE);
                p.setObject(i++, day, Types.DATE);
            }
            List<WeekCount> counts = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    counts.add(new WeekCount(r.getObject(1, LocalDate.class), r.getString(2), r.getString(3), r.getLong(4)));
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
        String sql = "WITH scoped AS (SELECT n.attributes, n.signal_keys && ?::text[] AS flagged FROM note_facts n WHERE "
                + NOTE_CONDITIONS + ")"
                + " SELECT a.key, a.value, count(*), count(*) FILTER (WHERE flagged)"
                + " FROM scoped CROSS JOIN LATERAL jsonb_each_text(scoped.attributes) a"
                + " GROUP BY a.key, a.value ORDER BY a.key, a.value";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setArray(1, c.createArrayOf("text", signalKeys(filter.kinds(), filter.assertions())));
            bindNoteConditions(p, 2, filter);
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
            List<String> types = strings(c, "SELECT DISTINCT note_type FROM note_facts ORDER BY 1");
            List<String> units = strings(c, "SELECT DISTINCT unit FROM note_facts WHERE unit IS NOT NULL ORDER BY 1");
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT (date_trunc('week', min(note_date) AT TIME ZONE 'UTC'))::date,"
                            + " (date_trunc('week', max(note_date) AT TIME ZONE 'UTC'))::date, count(*) FROM note_facts");
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

    /** Every kind/assertion pair the sets allow (an empty set allows every value), as in notes.signal_keys. */
    static String[] signalKeys(java.util.Set<SignalKind> kinds, java.util.Set<Assertion> assertions) {
        List<String> keys = new ArrayList<>();
        for (SignalKind kind : kinds.isEmpty() ? java.util.EnumSet.allOf(SignalKind.class) : kinds) {
            for (Assertion assertion : assertions.isEmpty() ? java.util.EnumSet.allOf(Assertion.class) : assertions) {
                keys.add(AssessmentStore.signalKey(kind.name(), assertion.name()));
            }
        }
        return keys.toArray(String[]::new);
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
