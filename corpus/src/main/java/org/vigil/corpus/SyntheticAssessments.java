package org.vigil.corpus;

import org.vigil.corpus.PhiAnnotation;
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
        Masked masked = Masked.of(n);
        List<RiskSignal> signals = n.signals().stream().map(m -> signal(m, masked)).toList();
        DeidentifiedNote note = DeidentifiedNote.newBuilder()
                .setNoteId(n.noteId())
                .setPatientPseudonym(pseudonym(n.patientId()))
                .setEncounterPseudonym(pseudonym(n.encounterId()))
                .setNoteType(n.noteType())
                .setAuthorRole(n.authorRole())
                .setNoteDate(noteDate)
                .setText(masked.text())
                .setPhiCounts(masked.counts())
                .setRulesetVersion("test")
                .setMode("TAG")
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

    private static RiskSignal signal(SignalMention m, Masked masked) {
        int start = masked.map(m.start(), false);
        int end = Math.max(start, masked.map(m.end(), true));
        return RiskSignal.newBuilder()
                .setKind(SignalKind.valueOf(m.kind()))
                .setAssertion(Assertion.valueOf(m.assertion()))
                .setConfidence(1.0)
                .setEvidenceStart(start)
                .setEvidenceEnd(end)
                .setEvidenceText(masked.text().substring(start, end))
                .setSource("ground-truth:" + m.kind().toLowerCase())
                .setSourceVersion("corpus")
                .build();
    }

    /**
     * The note text with every identifier Safe Harbor requires removed replaced by its category tag ({@code [NAME]}),
     * as the de-identifier's TAG mode writes it, and the mapping of old offsets to new ones for the evidence spans.
     */
    private record Masked(String text, List<int[]> edits, Map<String, Integer> counts) {

        static Masked of(SyntheticNote n) {
            List<PhiAnnotation> spans = n.phi().stream().filter(PhiAnnotation::mustRemove)
                    .sorted(java.util.Comparator.comparingInt(PhiAnnotation::start)).toList();
            StringBuilder out = new StringBuilder();
            List<int[]> edits = new java.util.ArrayList<>(); // {oldStart, oldEnd, newStart, newEnd}
            Map<String, Integer> counts = new java.util.TreeMap<>();
            int at = 0;
            for (PhiAnnotation span : spans) {
                if (span.start() < at) {
                    continue; // overlaps a span already replaced
                }
                out.append(n.text(), at, span.start());
                String tag = "[" + span.category() + "]";
                edits.add(new int[] {span.start(), span.end(), out.length(), out.length() + tag.length()});
                out.append(tag);
                counts.merge(span.category(), 1, Integer::sum);
                at = span.end();
            }
            out.append(n.text(), at, n.text().length());
            return new Masked(out.toString(), edits, counts);
        }

        /** Where an offset of the original text lands; inside a replaced span it snaps to the tag's start or end. */
        int map(int offset, boolean isEnd) {
            int shift = 0;
            for (int[] e : edits) {
                if (offset <= e[0]) {
                    break;
                }
                if (offset < e[1]) {
                    return isEnd ? e[3] : e[2];
                }
                shift = e[3] - e[1];
            }
            return offset + shift;
        }
    }
}
