package org.vigil.sink.store;

import org.vigil.schemas.Adjudication;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.Verdict;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The clinicians' alert queue: notes whose tier is high or imminent, the de-identified note with its evidence, and
 * the adjudications, which are stored together with their audit entry and later published from the outbox.
 */
public final class AlertQueue {

    /** One row of the queue. */
    public record Alert(String noteId, String tier, Instant raisedAt, String status, String noteType,
                        Instant noteDate, int signals) {
    }

    /** One evidence span of a note, with the rule or model that found it. */
    public record Evidence(int ordinal, String kind, String assertion, double confidence, int start, int end,
                           String text, String section, String source, String sourceVersion) {
    }

    /** A stored adjudication, as reviewers and the API show it. */
    public record Review(long id, String noteId, String verdict, String reason, String riskTier,
                          String reviewerRole, String reviewer, Instant adjudicatedAt, Instant publishedAt) {
    }

    /**
     * The de-identified note as a clinician reviews it.
     *
     * @param deidMode SURROGATE (identifiers replaced by realistic stand-ins, so names in the text are not real) or
     *                 TAG (replaced by category tags)
     */
    public record NoteView(String noteId, String patientPseudonym, String noteType, String authorRole,
                           Instant noteDate, String text, String deidMode, String deidRulesetVersion, String tier,
                           List<String> tierReasons, String alertStatus, List<Evidence> evidence,
                           List<Review> adjudications) {
    }

    /** Something that must be written in the same transaction as the adjudication (its audit entry). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    public AlertQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Alerts with {@code status} (OPEN or ADJUDICATED; empty = both), newest first. */
    public List<Alert> alerts(Optional<String> status, int limit) throws SQLException {
        String sql = """
                SELECT a.note_id, a.tier, a.raised_at, a.status, n.note_type, n.note_date,
                       (SELECT count(*) FROM signals s WHERE s.note_id = a.note_id)
                FROM alerts a JOIN notes n ON n.note_id = a.note_id
                WHERE (?::text IS NULL OR a.status = ?)
                ORDER BY a.raised_at DESC, a.note_id LIMIT ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, status.orElse(null));
            p.setString(2, status.orElse(null));
            p.setInt(3, limit);
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    alerts.add(new Alert(r.getString(1), r.getString(2), instant(r, 3), r.getString(4),
                            r.getString(5), instant(r, 6), r.getInt(7)));
                }
            }
            return alerts;
        }
    }

    public Optional<NoteView> note(String noteId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            NoteView view;
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT n.note_id, n.patient_pseudonym, n.note_type, n.author_role, n.note_date, n.note_text,
                           t.tier, t.reasons, a.status, n.deid_mode, n.deid_ruleset_version
                    FROM notes n LEFT JOIN risk_tiers t ON t.note_id = n.note_id
                                 LEFT JOIN alerts a ON a.note_id = n.note_id
                    WHERE n.note_id = ?""")) {
                p.setString(1, noteId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    java.sql.Array reasons = r.getArray(8);
                    view = new NoteView(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            instant(r, 5), r.getString(6), r.getString(10), r.getString(11), r.getString(7),
                            reasons == null ? List.of() : Arrays.asList((String[]) reasons.getArray()),
                            r.getString(9), evidence(c, noteId), adjudications(c, noteId));
                }
            }
            return Optional.of(view);
        }
    }

    private static List<Evidence> evidence(Connection c, String noteId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT ordinal, kind, assertion, confidence, evidence_start, evidence_end, evidence_text, section,
                       source, source_version
                FROM signals WHERE note_id = ? ORDER BY evidence_start, ordinal""")) {
            p.setString(1, noteId);
            List<Evidence> evidence = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    evidence.add(new Evidence(r.getInt(1), r.getString(2), r.getString(3), r.getDouble(4),
                            r.getInt(5), r.getInt(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
                }
            }
            return evidence;
        }
    }

    /** Adjudications of one note, oldest first. */
    public List<Review> adjudications(String noteId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return adjudications(c, noteId);
        }
    }

    private static List<Review> adjudications(Connection c, String noteId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT j.id, j.note_id, j.verdict, j.reason, j.risk_tier, j.reviewer_role, t.label,
                       j.adjudicated_at, j.published_at
                FROM adjudications j JOIN api_tokens t ON t.id = j.reviewer_token
                WHERE j.note_id = ? ORDER BY j.id""")) {
            p.setString(1, noteId);
            List<Review> verdicts = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    verdicts.add(new Review(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), instant(r, 8), instant(r, 9)));
                }
            }
            return verdicts;
        }
    }

    /**
     * Stores a verdict on an alert and marks the alert adjudicated, in one transaction with {@code alsoWrite} (the
     * audit entry). Returns empty when the note has no alert.
     *
     * @param reason a code of {@link AdjudicationReasons}, or null
     * @throws IllegalArgumentException when a false positive comes without a reason, or the reason is not a code
     */
    public Optional<Review> adjudicate(String noteId, Verdict verdict, String reason,
                                        long reviewerToken, String reviewerRole, InTransaction alsoWrite)
            throws SQLException {
        String cleanReason = null;
        if (reason != null && !reason.isBlank()) {
            // Never echo what was sent: it was meant to be a code, and free text may name someone.
            cleanReason = AdjudicationReasons.standard().find(reason).map(AdjudicationReasons.Reason::code)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "'reason' must be one of the codes listed by GET /api/adjudication-reasons; free text is not stored"));
        }
        if (verdict == Verdict.FALSE_POSITIVE && cleanReason == null) {
            throw new IllegalArgumentException("A false positive needs a reason");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String tier;
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE alerts SET status = 'ADJUDICATED' WHERE note_id = ? RETURNING tier")) {
                    p.setString(1, noteId);
                    try (ResultSet r = p.executeQuery()) {
                        if (!r.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        tier = r.getString(1);
                    }
                }
                long id;
                Instant at = Instant.now();
                try (PreparedStatement p = c.prepareStatement("""
                        INSERT INTO adjudications (note_id, verdict, reason, risk_tier, reviewer_role, reviewer_token,
                                                   adjudicated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                    p.setString(1, noteId);
                    p.setString(2, verdict.name());
                    p.setString(3, cleanReason);
                    p.setString(4, tier);
                    p.setString(5, reviewerRole);
                    p.setLong(6, reviewerToken);
                    p.setTimestamp(7, Timestamp.from(at));
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        id = r.getLong(1);
                    }
                }
                alsoWrite.run(c);
                c.commit();
                return adjudications(c, noteId).stream().filter(v -> v.id() == id).findFirst();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Adjudications not yet acknowledged by the feedback topic, oldest first, as the records to publish. */
    public List<Pending> unpublished(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement("""
                SELECT id, note_id, verdict, reason, risk_tier, reviewer_role, adjudicated_at
                FROM adjudications WHERE published_at IS NULL ORDER BY id LIMIT ?""")) {
            p.setInt(1, limit);
            List<Pending> pending = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    pending.add(new Pending(r.getLong(1), Adjudication.newBuilder()
                            .setNoteId(r.getString(2))
                            .setVerdict(Verdict.valueOf(r.getString(3)))
                            .setReason(r.getString(4))
                            .setRiskTier(RiskTier.valueOf(r.getString(5)))
                            .setReviewerRole(r.getString(6))
                            .setAdjudicatedAt(instant(r, 7))
                            .build()));
                }
            }
            return pending;
        }
    }

    /** An adjudication waiting in the outbox. */
    public record Pending(long id, Adjudication record) {
    }

    public void markPublished(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE adjudications SET published_at = now() WHERE id = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
