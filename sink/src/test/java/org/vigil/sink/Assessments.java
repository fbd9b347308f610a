package org.vigil.sink;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds synthetic risk assessments for tests: a note whose text contains each signal's evidence verbatim. */
public final class Assessments {

    private Assessments() {
    }

    /** A signal found in the note: kind, assertion and the phrase it was found in. */
    public record Finding(SignalKind kind, Assertion assertion, String phrase) {
    }

    public static Finding finding(SignalKind kind, Assertion assertion, String phrase) {
        return new Finding(kind, assertion, phrase);
    }

    public static RiskAssessment assessment(String noteId, String patient, Instant noteDate, RiskTier tier,
                                            Finding... findings) {
        return assessment(noteId, patient, noteDate, tier, Map.of("sex", "F", "ageBand", "30-39"), "psychiatry", findings);
    }

    public static RiskAssessment assessment(String noteId, String patient, Instant noteDate, RiskTier tier,
                                            Map<String, String> attributes, String noteType, Finding... findings) {
        StringBuilder text = new StringBuilder("Patient seen in clinic today. ");
        List<RiskSignal> signals = new ArrayList<>();
        for (Finding f : findings) {
            int start = text.length();
            text.append(f.phrase());
            signals.add(RiskSignal.newBuilder()
                    .setKind(f.kind())
                    .setAssertion(f.assertion())
                    .setConfidence(0.9)
                    .setEvidenceStart(start)
                    .setEvidenceEnd(text.length())
                    .setEvidenceText(f.phrase())
                    .setSection("Assessment")
                    .setSource("rule:" + f.kind().name().toLowerCase())
                    .setSourceVersion("rules-1.0")
                    .build());
            text.append(". ");
        }
        text.append("Plan: follow up in two weeks.");
        DeidentifiedNote note = DeidentifiedNote.newBuilder()
                .setNoteId(noteId)
                .setPatientPseudonym(patient)
                .setEncounterPseudonym("enc-" + noteId)
                .setNoteType(noteType)
                .setAuthorRole("psychiatrist")
                .setNoteDate(noteDate)
                .setText(text.toString())
                .setPhiCounts(Map.of("NAME", 2))
                .setRulesetVersion("deid-1.0")
                .setMode("SURROGATE")
                .setAttributes(attributes)
                .setSourceAdapter("folder")
                .build();
        return RiskAssessment.newBuilder()
                .setNoteId(noteId)
                .setNote(note)
                .setSignals(signals)
                .setRiskTier(tier)
                .setTierReasons(tier == RiskTier.NONE ? List.of() : List.of("tier from " + findings.length + " findings"))
                .setBackend("rules")
                .setAssessedAt(noteDate.plusSeconds(60))
                .build();
    }
}
