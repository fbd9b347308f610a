package org.vigil.sink.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Finds, counts and saves cohorts of pseudonymous patients matching {@link CohortCriteria}. */
public final class Cohorts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String MEMBERS = """
            SELECT n.patient_pseudonym
            FROM note_facts n
            WHERE (?::date IS NULL OR n.note_date >= (?::date)::timestamp AT TIME ZONE 'UTC')
              AND (?::date IS NULL OR n.note_date < (?::date)::timestamp AT TIME ZONE 'UTC')
              AND (cardinality(?::text[]) = 0 OR n.tier = ANY (?))
              AND (?::boolean OR n.signal_keys && ?::text[])
            GROUP BY n.patient_pseudonym
            HAVING count(*) >= ?""";

    /** A saved cohort. */
    public record Cohort(long id, String name, CohortCriteria criteria, String createdBy, Instant createdAt) {
    }

    private final DataSource dataSource;

    public Cohorts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many patients match. */
    public long count(CohortCriteria criteria) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT count(*) FROM (" + MEMBERS + ") m")) {
            bind(c, p, criteria);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The matching patients' pseudonyms, sorted. */
    public List<String> members(CohortCriteria criteria) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(MEMBERS + " ORDER BY 1")) {
            bind(c, p, criteria);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        }
    }

    public long save(String name, CohortCriteria criteria, long createdByToken) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO cohorts (name, criteria, created_by) VALUES (?, ?::jsonb, ?) RETURNING id")) {
            p.setString(1, name);
            p.setString(2, toJson(criteria));
            p.setLong(3, createdByToken);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    public Optional<Cohort> find(long id) throws SQLException {
        List<Cohort> found = select("WHERE c.id = ?", id);
        return found.stream().findFirst();
    }

    /** Saved cohorts, newest first. */
    public List<Cohort> list() throws SQLException {
        return select("", null);
    }

    private List<Cohort> select(String where, Long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT c.id, c.name, c.criteria::text, t.label, c.created_at FROM cohorts c"
                        + " JOIN api_tokens t ON t.id = c.created_by " + where + " ORDER BY c.id DESC")) {
            if (id != null) {
                p.setLong(1, id);
            }
            List<Cohort> cohorts = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    cohorts.add(new Cohort(r.getLong(1), r.getString(2), fromJson(r.getString(3)), r.getString(4),
                            r.getTimestamp(5).toInstant()));
                }
            }
            return cohorts;
        }
    }

    private static void bind(Connection c, PreparedStatement p, CohortCriteria k) throws SQLException {
        int i = 1;
        for (LocalDate day : new LocalDate[] {k.from().orElse(null), k.to().orElse(null)}) {
            for (int twice = 0; twice < 2; twice++) {
                if (day == null) {
                    p.setNull(i++, Types.DATE);
                } else {
                    p.setObject(i++, day);
                }
            }
        }
        java.sql.Array tiers = c.createArrayOf("text", k.names(k.tiers()));
        p.setArray(i++, tiers);
        p.setArray(i++, tiers);
        // No kinds and no assertions: any note counts, with or without signals.
        p.setBoolean(i++, k.kinds().isEmpty() && k.assertions().isEmpty());
        p.setArray(i++, c.createArrayOf("text", Population.signalKeys(k.kinds(), k.assertions())));
        p.setInt(i, k.minNotes());
    }

    /** The criteria as stored and as the API speaks them. */
    public static ObjectNode toJsonNode(CohortCriteria k) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode kinds = node.putArray("kinds");
        List.of(k.names(k.kinds())).forEach(kinds::add);
        ArrayNode assertions = node.putArray("assertions");
        List.of(k.names(k.assertions())).forEach(assertions::add);
        k.from().ifPresent(d -> node.put("from", d.toString()));
        k.to().ifPresent(d -> node.put("to", d.toString()));
        node.put("minNotes", k.minNotes());
        ArrayNode tiers = node.putArray("tiers");
        List.of(k.names(k.tiers())).forEach(tiers::add);
        return node;
    }

    static String toJson(CohortCriteria k) {
        return toJsonNode(k).toString();
    }

    /**
     * Reads criteria from JSON; absent assertions mean affirmed only, as in every population view.
     *
     * @throws IllegalArgumentException naming the field when a value is not allowed
     */
    public static CohortCriteria fromJsonNode(JsonNode node) {
        Set<Assertion> assertions = node.has("assertions")
                ? enums(node.get("assertions"), Assertion.class, Assertion::valueOf, "assertions")
                : EnumSet.of(Assertion.AFFIRMED);
        return new CohortCriteria(
                enums(node.get("kinds"), SignalKind.class, SignalKind::valueOf, "kinds"),
                assertions,
                date(node.get("from"), "from"),
                date(node.get("to"), "to"),
                node.hasNonNull("minNotes") ? node.get("minNotes").asInt(0) : 1,
                enums(node.get("tiers"), RiskTier.class, RiskTier::valueOf, "tiers"));
    }

    static CohortCriteria fromJson(String json) {
        try {
            return fromJsonNode(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("Stored cohort criteria are not JSON", e);
        }
    }

    private static <E extends Enum<E>> Set<E> enums(JsonNode array, Class<E> type, Function<String, E> parse,
                                                    String field) {
        Set<E> values = EnumSet.noneOf(type);
        if (array == null || array.isNull()) {
            return values;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array");
        }
        for (JsonNode v : array) {
            try {
                values.add(parse.apply(v.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown value in '" + field + "': " + v.asText());
            }
        }
        return values;
    }

    private static Optional<LocalDate> date(JsonNode node, String field) {
        if (node == null || node.isNull() || node.asText().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(node.asText()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be a date like 2031-01-31");
        }
    }
}
