package org.vigil.inference;

import org.vigil.inference.backend.InferenceBackend;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Turns de-identified notes into RiskAssessments: the backend's signals plus the tier the policy sets. */
public final class NoteAssessor {

    private final InferenceBackend backend;
    private final RiskTierPolicy policy;
    private final Clock clock;

    public NoteAssessor(InferenceBackend backend, RiskTierPolicy policy, Clock clock) {
        this.backend = backend;
        this.policy = policy;
        this.clock = clock;
    }

    public InferenceBackend backend() {
        return backend;
    }

    public RiskAssessment assess(DeidentifiedNote note) {
        return assess(List.of(note)).get(0);
    }

    /** One assessment per note, in order; the backend sees the notes as one batch. */
    public List<RiskAssessment> assess(List<DeidentifiedNote> notes) {
        List<String> texts = new ArrayList<>(notes.size());
        for (DeidentifiedNote n : notes) {
            texts.add(n.getText());
        }
        List<List<RiskSignal>> signals = backend.extract(texts);
        List<RiskAssessment> out = new ArrayList<>(notes.size());
        for (int i = 0; i < notes.size(); i++) {
            TierDecision tier = policy.decide(signals.get(i));
            out.add(RiskAssessment.newBuilder()
                    .setNoteId(notes.get(i).getNoteId())
                    .setNote(notes.get(i))
                    .setSignals(signals.get(i))
                    .setRiskTier(tier.tier())
                    .setTierReasons(tier.reasons())
                    .setBackend(backend.name())
                    .setAssessedAt(clock.instant())
                    .build());
        }
        return out;
    }
}
