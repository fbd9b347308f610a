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
import java.util.Base64;
import java.util.Optional;

/**
 * Issues and checks API bearer tokens, storing only their SHA-256. A plain hash (not bcrypt) is enough because a
 * token is 256 random bits, not a password a person chose: it cannot be guessed from its hash.
 */
public final class Tokens {

    private static final String PREFIX = "vgl_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    public Tokens(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates a token for {@code role}; the returned token is shown once and cannot be recovered. */
    public String issue(Role role, String label) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "INSERT INTO api_tokens (label, role, token_sha256) VALUES (?, ?, ?)")) {
            p.setString(1, label);
            p.setString(2, role.id());
            p.setBytes(3, sha256(token));
            p.executeUpdate();
            return token;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the new token (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** The caller a token belongs to, or empty when it is unknown or revoked. */
    public Optional<Caller> authenticate(String token) throws SQLException {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "SELECT id, label, role FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            p.setBytes(1, sha256(token));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Caller(r.getLong(1), r.getString(2), Role.parse(r.getString(3))))
                        : Optional.empty();
            }
        }
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
