package org.vigil.tools.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault tests' check, shared by the embedded pipeline and the cluster: the checksum of every stored note's text
 * by note id, read from the sink's database, failing on a note stored twice.
 */
public final class StoredNotes {

    private StoredNotes() {
    }

    /** Note id to the SHA-256 of its stored text. */
    public static Map<String, String> checksums(String jdbcUrl, String user, String password) throws SQLException {
        Map<String, String> sums = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select note_id, note_text from notes")) {
            while (rs.next()) {
                assertThat(sums.put(rs.getString(1), sha256(rs.getString(2)))).as("duplicate row").isNull();
            }
        }
        return sums;
    }

    /**
     * The checksums once {@code expected} notes are stored, read again after {@code settle} so that a late duplicate
     * or extra shows; what is stored at the time-out otherwise.
     */
    public static Map<String, String> await(String jdbcUrl, String user, String password, int expected,
            Duration timeout, Duration settle) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> sums = Map.of();
        while (System.nanoTime() < deadline) {
            sums = checksums(jdbcUrl, user, password);
            if (sums.size() >= expected) {
                Thread.sleep(settle.toMillis());
                return checksums(jdbcUrl, user, password);
            }
            Thread.sleep(500);
        }
        return sums;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
