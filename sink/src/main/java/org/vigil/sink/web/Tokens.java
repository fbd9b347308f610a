package org.vigil.sink.web;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Issues, checks, lists and revokes API bearer tokens, storing only their SHA-256. A plain hash (not bcrypt) is
 * enough because a token is 256 random bits, not a password a person chose: it cannot be guessed from its hash.
 * Every token ends: it carries an expiry from its issue, and a revoked or expired token is refused with the reason.
 * Issue, use and revocation are written to the access audit in the same transaction as the change.
 */
public final class Tokens {

    /** The lifetime of a token when none is given ({@code sink.token.ttl.days}'s default). */
    public static final int DEFAULT_TTL_DAYS = 90;
    /** Longest lifetime a token may be given: ten years is already longer than any role is held. */
    public static final int MAX_TTL_DAYS = 3650;
    /**
     * A token's use is audited at its first call and then at most once an hour: one row per API call would bury
     * the rows that matter (each note viewed, each export), which are audited on their own.
     */
    static final Duration USE_AUDIT_INTERVAL = Duration.ofHours(1);

    private static final String PREFIX = "vgl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final Duration defaultTtl;

    public Tokens(DataSource dataSource, Duration defaultTtl) {
        if (defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("A token's lifetime must be positive");
        }
        this.dataSource = dataSource;
        this.defaultTtl = defaultTtl;
    }

    /** A token just issued: the secret, shown once, and when it ends. */
    public record Issued(long id, Role role, String label, String token, Instant expiresAt) {
    }

    /** A token as admins list it: never its secret nor its hash. */
    public record Entry(long id, String label, String role, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        Instant revokedAt, String status) {
    }

    /** What a presented token turned out to be. */
    public sealed interface Check permits Valid, Refused {
    }

    /** A known, unrevoked, unexpired token. */
    public record Valid(Caller caller) implements Check {
    }

    /**
     * A token refused: {@code holder} is the token's owner when it is known (revoked or expired), null otherwise;
     * {@code outcome} is the audit outcome and {@code reason} the message the caller reads.
     */
    public record Refused(Caller holder, String outcome, String reason) implements Check {
    }

    /** Creates a token for {@code role} with the default lifetime; {@code by} is who asked, for the audit. */
    public Issued issue(Role role, String label, AccessAudit.Actor by) {
        return issue(role, label, defaultTtl, by);
    }

    /** Creates a token for {@code role} valid for {@code ttl}; the returned secret is shown once and never stored. */
    public Issued issue(Role role, String label, Duration ttl, AccessAudit.Actor by) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(MAX_TTL_DAYS)) > 0) {
            throw new IllegalArgumentException("A token's lifetime must be from 1 to " + MAX_TTL_DAYS + " days");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO api_tokens (label, role, token_sha256, expires_at)
                    VALUES (?, ?, ?, now() + make_interval(secs => ?)) RETURNING id, expires_at""")) {
                p.setString(1, label);
                p.setString(2, role.id());
                p.setBytes(3, sha256(token));
                p.setLong(4, ttl.toSeconds());
                Issued issued;
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    issued = new Issued(r.getLong(1), role, label, token, r.getTimestamp(2).toInstant());
                }
                AccessAudit.record(c, by, "ISSUE_TOKEN", target(issued.id()) + " " + role.id() + ":" + label, "OK");
                c.commit();
                return issued;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the new token (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** Whether {@code token} may be used now; a valid use is recorded (last use, and the audit at most hourly). */
    public Check authenticate(String token) throws SQLException {
        if (token == null || !token.startsWith(PREFIX)) {
            return unknown();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("""
                     SELECT id, label, role, revoked_at, expires_at, expires_at <= now(),
                            last_used_at IS NULL OR last_used_at <= now() - make_interval(secs => ?)
                     FROM api_tokens WHERE token_sha256 = ?""")) {
            p.setLong(1, USE_AUDIT_INTERVAL.toSeconds());
            p.setBytes(2, sha256(token));
            Caller caller;
            boolean useToRecord;
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return unknown();
                }
                caller = new Caller(r.getLong(1), r.getString(2), Role.parse(r.getString(3)));
                Timestamp revoked = r.getTimestamp(4);
                if (revoked != null) {
                    return new Refused(caller, "REVOKED", "The token was revoked at " + revoked.toInstant()
                            + "; ask an admin for a new one");
                }
                if (r.getBoolean(6)) {
                    return new Refused(caller, "EXPIRED", "The token expired at " + r.getTimestamp(5).toInstant()
                            + "; ask an admin for a new one");
                }
                useToRecord = r.getBoolean(7);
            }
            // Most calls come within the hour of the last recorded use: they read, and write nothing.
            if (useToRecord) {
                recordUse(c, caller);
            }
            return new Valid(caller);
        }
    }

    private static Refused unknown() {
        return new Refused(null, "UNAUTHENTICATED", "A valid bearer token is required");
    }

    private static void recordUse(Connection c, Caller caller) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE api_tokens SET last_used_at = now()
                WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= now() - make_interval(secs => ?))""")) {
            p.setLong(1, caller.tokenId());
            p.setLong(2, USE_AUDIT_INTERVAL.toSeconds());
            if (p.executeUpdate() == 1) {
                AccessAudit.record(c, AccessAudit.Actor.of(caller), "USE_TOKEN", target(caller.tokenId()), "OK");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Every token, newest first. */
    public List<Entry> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(SELECT_ENTRY + " ORDER BY id DESC")) {
            List<Entry> entries = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    entries.add(entry(r));
                }
            }
            return entries;
        }
    }

    /**
     * Revokes token {@code id} (a second revocation keeps the first time) and audits it; empty when there is no
     * such token.
     */
    public Optional<Entry> revoke(long id, AccessAudit.Actor by) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?")) {
                    p.setLong(1, id);
                    p.executeUpdate();
                }
                Optional<Entry> entry;
                try (PreparedStatement p = c.prepareStatement(SELECT_ENTRY + " WHERE id = ?")) {
                    p.setLong(1, id);
                    try (ResultSet r = p.executeQuery()) {
                        entry = r.next() ? Optional.of(entry(r)) : Optional.empty();
                    }
                }
                AccessAudit.record(c, by, "REVOKE_TOKEN", target(id), entry.isPresent() ? "OK" : "NOT_FOUND");
                c.commit();
                return entry;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static final String SELECT_ENTRY = """
            SELECT id, label, role, created_at, expires_at, last_used_at, revoked_at,
                   CASE WHEN revoked_at IS NOT NULL THEN 'REVOKED' WHEN expires_at <= now() THEN 'EXPIRED'
                        ELSE 'ACTIVE' END
            FROM api_tokens""";

    private static Entry entry(ResultSet r) throws SQLException {
        return new Entry(r.getLong(1), r.getString(2), r.getString(3), instant(r.getTimestamp(4)),
                instant(r.getTimestamp(5)), instant(r.getTimestamp(6)), instant(r.getTimestamp(7)), r.getString(8));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** How the audit names a token: by id, never by its secret or hash. */
    static String target(long tokenId) {
        return "token " + tokenId;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
