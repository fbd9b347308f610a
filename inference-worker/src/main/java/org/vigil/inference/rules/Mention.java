package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.SignalKind;

import java.util.Optional;

/**
 * A signal mention the rules found, before it becomes a {@link RiskSignal}: its kind and assertion, token and
 * character span, section, the rule that produced it and whether it is only a weak candidate for a model. Its
 * {@code context} holds the ConText flags the assertion was derived from (several may be set).
 */
public record Mention(SignalKind kind, Assertion assertion, ContextAttributes context, int tokenStart, int tokenEnd,
                      int start, int end, Optional<String> section, String source, double confidence, boolean weak) {

    public RiskSignal toSignal(String text, String version) {
        // The all-fields constructor: Avro's builder resolves defaults per field and costs more than the rules.
        return new RiskSignal(kind, assertion, confidence, start, end, text.substring(start, end),
                section.orElse(null), source, version);
    }

    public Mention withAssertion(Assertion a) {
        return new Mention(kind, a, context, tokenStart, tokenEnd, start, end, section, source, confidence, weak);
    }

    public Mention confirmed(double newConfidence, String newSource) {
        return new Mention(kind, assertion, context, tokenStart, tokenEnd, start, end, section, newSource, newConfidence, false);
    }
}
