package org.vigil.sink.web;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends to the access audit: who (token and role) did what to which note, alert or cohort, and when. The table
 * refuses updates and deletes (trigger in the migration), so this class can only add.
 */
public final class AccessAudit {

    private final DataSource dataSource;

    public AccessAudit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One audit entry as admins read it. */
    public record Entry(long id, String at, Long tokenId, String tokenLabel, String role, String action,
                        String target, String outcome) {
    }

    /**
     * Who acted: a token's holder (id, label, role), or an operator at the command line (a label only, such as
     * {@code cli:alice}), or no one known (all null: a call without a valid token).
     */
    public record Actor(Long tokenId, String label, String role) {
        public static final Actor UNKNOWN = new Actor(null, null, null);

        public static Actor of(Caller caller) {
            return caller == null ? UNKNOWN : new Actor(caller.tokenId(), caller.label(), caller.role().id());
        }

        /** An operator running a {@code vigil} command against the database, or the stage itself. */
        public static Actor operator(String label) {
            return new Actor(null, label, null);
        }
    }

    public void record(Caller caller, String action, String target, String outcome) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            record(c, Actor.of(caller), action, target, outcome);
        }
    }

    /** Appends inside the caller's transaction, so the entry exists exactly when the audited change does. */
    public void record(Connection c, Caller caller, String action, String target, String outcome) throws SQLException {
        record(c, Actor.of(caller), action, target, outcome);
    }

    /** Appends inside the transaction of {@code c}. */
    public static void record(Connection c, Actor actor, String action, String target, String outcome)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO access_audit (token_id, token_label, role, action, target, outcome) VALUES (?, ?, ?, ?, ?, ?)")) {
            if (actor.tokenId() == null) {
                p.setNull(1, Types.BIGINT);
            } else {
                p.setLong(1, actor.tokenId());
            }
            p.setString(2, actor.label());
            p.setString(3, actor.role());
            p.setString(4, action);
            p.setString(5, target);
            p.setString(6, outcome);
            p.executeUpdate();
        }
    }

    /** The newest entries first. */
    public List<Entry> latest(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("""
                     SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), token_id, token_label,
                            role, action, target, outcome
                     FROM access_audit ORDER BY id DESC LIMIT ?""")) {
            p.setInt(1, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long token = r.getLong(3);
                    entries.add(new Entry(r.getLong(1), r.getString(2), r.wasNull() ? null : token, r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
                }
            }
            return entries;
        }
    }
}
