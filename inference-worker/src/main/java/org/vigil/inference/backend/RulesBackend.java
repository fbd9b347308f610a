package org.vigil.inference.backend;

import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.schemas.RiskSignal;

import java.util.ArrayList;
import java.util.List;

/** The default backend: the versioned rule set, on CPU, no model needed. */
public final class RulesBackend implements InferenceBackend {

    private final RuleBasedExtractor extractor;

    public RulesBackend(RuleBasedExtractor extractor) {
        this.extractor = extractor;
    }

    public RuleBasedExtractor extractor() {
        return extractor;
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public List<List<RiskSignal>> extract(List<String> texts) {
        List<List<RiskSignal>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(extractor.extract(text));
        }
        return out;
    }
}
