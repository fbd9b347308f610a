package org.vigil.inference;

import org.vigil.inference.backend.InferenceBackend;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.NoteLifecycle;
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

    /**
     * One assessment per note, in order; the backend sees the notes as one batch. A withdrawn note is passed along
     * with no signals and never reaches the backend: its content was cancelled and it carries no text.
     */
    public List<RiskAssessment> assess(List<DeidentifiedNote> notes) {
        List<String> texts = new ArrayList<>(notes.size());
        for (DeidentifiedNote n : notes) {
            if (n.getLifecycle() != NoteLifecycle.WITHDRAWN) {
                texts.add(n.getText());
            }
        }
        List<List<RiskSignal>> found = texts.isEmpty() ? List.of() : backend.extract(texts);
        List<RiskAssessment> out = new ArrayList<>(notes.size());
        int next = 0;
        for (DeidentifiedNote note : notes) {
            List<RiskSignal> signals = note.getLifecycle() == NoteLifecycle.WITHDRAWN ? new ArrayList<>() : found.get(next++);
            TierDecision tier = policy.decide(signals);
            out.add(RiskAssessment.newBuilder()
                    .setNoteId(note.getNoteId())
                    .setNote(note)
                    .setSignals(signals)
                    .setRiskTier(tier.tier())
                    .setTierReasons(tier.reasons())
                    .setBackend(backend.name())
                    .setAssessedAt(clock.instant())
                    .build());
        }
        return out;
    }
}
