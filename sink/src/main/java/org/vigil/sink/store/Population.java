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
import java.util.Comparator;
import java.util.List;

/**
 * Population views for analysts and researchers: signals per week by kind and assertion, signal rates per group
 * attribute for the bias audit (with clinicians' adjudications), and the values the filters offer. Counts only; the
 * caller applies the small-cell rule.
 */
public final class Population {

    /**
     * Notes in the bucket starting {@code start}: all of them when {@code kind} and {@code assertion} are null, else
     * those with at least one signal of that kind and assertion.
     */
    public record BucketCount(LocalDate start, String kind, String assertion, long notes) {

        public boolean isDenominator() {
            return kind == null;
        }
    }

    /**
     * Notes with one attribute value (or all notes in scope, for the overall figures), how many of them carry a
     * matching signal, how many a clinician adjudicated, and how many of those the latest adjudication judged a false
     * alarm (verdict FALSE_POSITIVE: not a real risk).
     */
    public record GroupRate(String attribute, String value, long notes, long notesWithSignal, long adjudicated,
                            long falseAlarms) {
    }

    /** The figures for all notes in scope, and per attribute value: attributes by name, values by age or text. */
    public record GroupRates(GroupRate overall, List<GroupRate> groups) {
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
     * Notes per bucket (kind and assertion null), and per bucket and kind/assertion pair the notes carrying at least
     * one such signal. Read from {@code note_facts}, so a count and its denominator are the same notes, each counted
     * once however many times its text mentions the kind. The period counts whole buckets: one is in it when its
     * start falls in [from, to); notes without a date are not counted.
     */
    public List<BucketCount> notesPerBucket(PopulationFilter filter, Bucket bucket) throws SQLException {
        String sql = """
                WITH scoped AS (
                    SELECT (date_trunc(?, n.note_date AT TIME ZONE 'UTC'))::date AS bucket, n.signal_keys
                    FROM note_facts n
                    WHERE n.note_date IS NOT NULL AND\s""" + NOTE_CONDITIONS + """
                )
                SELECT bucket, NULL, count(*) FROM scoped GROUP BY bucket
                UNION ALL
                SELECT bucket, k, count(*) FROM scoped CROSS JOIN LATERAL unnest(scoped.signal_keys) AS k
                WHERE k = ANY (?) GROUP BY bucket, k
                ORDER BY 1, 2 NULLS FIRST""";
        // Whole buckets: from the first bucket starting on or after 'from' to the last starting before 'to'.
        PopulationFilter aligned = new PopulationFilter(filter.kinds(), filter.assertions(), filter.noteType(),
                filter.unit(), filter.from().map(bucket::firstStartOnOrAfter),
                filter.to().map(bucket::firstStartOnOrAfter));
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, bucket.truncation());
            int i = bindNoteConditions(p, 2, aligned);
            p.setArray(i, c.createArrayOf("text", signalKeys(filter.kinds(), filter.assertions())));
            List<BucketCount> counts = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String key = r.getString(2);
                    String[] pair = key == null ? new String[] {null, null} : key.split("/", 2);
                    counts.add(new BucketCount(r.getObject(1, LocalDate.class), pair[0], pair[1], r.getLong(3)));
                }
            }
            return counts;
        }
    }

    /**
     * For all notes in scope and for each group attribute value the notes carry (sex, age band, and any other): the
     * notes, how many have at least one signal matching the filter, and the clinicians' adjudications of them. An
     * alert is raised on a note's risk tier, not on one signal kind, so the adjudication figures follow the filter's
     * note type, unit and period but not its kinds and assertions. A note adjudicated more than once counts by its
     * latest verdict.
     */
    public GroupRates ratesByGroup(PopulationFilter filter) throws SQLException {
        String sql = "WITH latest AS (SELECT DISTINCT ON (note_id) note_id, verdict FROM adjudications"
                + " ORDER BY note_id, adjudicated_at DESC, id DESC),"
                + " scoped AS (SELECT n.attributes, n.signal_keys && ?::text[] AS flagged, v.verdict"
                + " FROM note_facts n LEFT JOIN latest v ON v.note_id = n.note_id WHERE " + NOTE_CONDITIONS + ")"
                + " SELECT NULL, NULL, count(*), count(*) FILTER (WHERE flagged), count(verdict),"
                + " count(*) FILTER (WHERE verdict = 'FALSE_POSITIVE') FROM scoped"
                + " UNION ALL"
                + " SELECT a.key, a.value, count(*), count(*) FILTER (WHERE flagged), count(verdict),"
                + " count(*) FILTER (WHERE verdict = 'FALSE_POSITIVE')"
                + " FROM scoped CROSS JOIN LATERAL jsonb_each_text(scoped.attributes) a"
                + " GROUP BY a.key, a.value";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setArray(1, c.createArrayOf("text", signalKeys(filter.kinds(), filter.assertions())));
            bindNoteConditions(p, 2, filter);
            GroupRate overall = null;
            List<GroupRate> groups = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    GroupRate g = new GroupRate(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                            r.getLong(5), r.getLong(6));
                    if (g.attribute() == null) {
                        overall = g;
                    } else {
                        groups.add(g);
                    }
                }
            }
            groups.sort(GROUP_ORDER);
            return new GroupRates(overall, groups);
        }
    }

    private static final Comparator<String> AGE_BANDS = new AgeBandOrder();
    private static final Comparator<GroupRate> GROUP_ORDER = Comparator.comparing(GroupRate::attribute)
            .thenComparing((x, y) -> AgeBandOrder.ATTRIBUTE.equals(x.attribute())
                    ? AGE_BANDS.compare(x.value(), y.value()) : x.value().compareTo(y.value()));

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
