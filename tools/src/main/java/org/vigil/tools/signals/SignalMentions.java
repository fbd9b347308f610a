package org.vigil.tools.signals;

import org.vigil.corpus.SignalMention;
import org.vigil.schemas.RiskSignal;

import java.util.ArrayList;
import java.util.List;

/** Converts RiskSignals to the corpus module's brat mentions, for scoring and for writing .ann files. */
final class SignalMentions {

    private SignalMentions() {
    }

    static List<SignalMention> of(List<RiskSignal> signals) {
        List<SignalMention> out = new ArrayList<>(signals.size());
        for (RiskSignal s : signals) {
            out.add(new SignalMention(s.getKind().name(), s.getAssertion().name(), s.getEvidenceStart(),
                    s.getEvidenceEnd(), s.getEvidenceText()));
        }
        return out;
    }
}
