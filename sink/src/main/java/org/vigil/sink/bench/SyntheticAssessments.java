package org.vigil.sink.bench;

import org.vigil.corpus.SignalMention;
import org.vigil.corpus.SyntheticNote;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the corpus generator's synthetic notes into the assessments the inference stage would send, taking the
 * signals from the generator's ground truth, so that what the sink stores can be checked against that truth (tests)
 * and the sink can be loaded with realistic volumes (benchmark). The text is synthetic, never real patient text.
 */
public final class SyntheticAssessments {

    private static final Set<String> SUICIDAL = Set.of("SUICIDAL_IDEATION", "SUICIDE_PLAN", "SUICIDE_ATTEMPT",
            "HOMICIDAL_IDEATION");

    private SyntheticAssessments() {
    }

    /** The pseudonym the test gives a generator patient id. */
    public static String pseudonym(String patientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("test-key|" + patientId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tier the test assigns from ground truth: an affirmed suicidal or homicidal signal is HIGH. */
    public static RiskTier tier(SyntheticNote n) {
        boolean affirmed = n.signals().stream().anyMatch(s -> s.assertion().equals("AFFIRMED"));
        boolean suicidal = n.signals().stream().anyMatch(s -> s.assertion().equals("AFFIRMED") && SUICIDAL.contains(s.kind()));
        if (n.signals().stream().anyMatch(s -> s.assertion().equals("AFFIRMED") && s.kind().equals("SUICIDE_PLAN"))) {
            return RiskTier.IMMINENT;
        }
        return suicidal ? RiskTier.HIGH : affirmed ? RiskTier.MODERATE : RiskTier.NONE;
    }

    public static RiskAssessment assessment(SyntheticNote n) {
        return assessment(n, n.authoredAt());
    }

    /** The note as assessed, dated {@code noteDate} (a test may compress dates to fill weeks). */
    public static RiskAssessment assessment(SyntheticNote n, Instant noteDate) {
        List<RiskSignal> signals = n.signals().stream().map(SyntheticAssessments::signal).toList();
        DeidentifiedNote note = DeidentifiedNote.newBuilder()
                .setNoteId(n.noteId())
                .setPatientPseudonym(pseudonym(n.patientId()))
                .setEncounterPseudonym(pseudonym(n.encounterId()))
                .setNoteType(n.noteType())
                .setAuthorRole(n.authorRole())
                .setNoteDate(noteDate)
                .setText(n.text())
                .setPhiCounts(Map.of())
                .setRulesetVersion("test")
                .setMode("SURROGATE")
                .setAttributes(Map.of("sex", n.attributes().get("sex"), "ageBand", n.attributes().get("ageBand")))
                .setSourceAdapter("corpus")
                .build();
        RiskTier tier = tier(n);
        return RiskAssessment.newBuilder()
                .setNoteId(n.noteId())
                .setNote(note)
                .setSignals(signals)
                .setRiskTier(tier)
                .setTierReasons(tier == RiskTier.NONE ? List.of() : List.of("ground truth: " + tier))
                .setBackend("ground-truth")
                .setAssessedAt(noteDate.plusSeconds(300))
                .build();
    }

    private static RiskSignal signal(SignalMention m) {
        return RiskSignal.newBuilder()
                .setKind(SignalKind.valueOf(m.kind()))
                .setAssertion(Assertion.valueOf(m.assertion()))
                .setConfidence(1.0)
                .setEvidenceStart(m.start())
                .setEvidenceEnd(m.end())
                .setEvidenceText(m.text())
                .setSource("ground-truth:" + m.kind().toLowerCase())
                .setSourceVersion("corpus")
                .build();
    }
}
