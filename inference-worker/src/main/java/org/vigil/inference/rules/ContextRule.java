package org.vigil.inference.rules;

import org.vigil.schemas.SignalKind;

import java.util.Set;

/**
 * One ConText trigger from {@code context-rules.json}, in medspaCy's shape.
 *
 * @param id               {@code context:<index>}
 * @param literal          the trigger phrase (phrase pattern syntax)
 * @param category         what it asserts
 * @param direction        which side of the trigger its scope lies on
 * @param maxScope         the most tokens its scope reaches (sentence end and terminators come first)
 * @param backwardScope    the most tokens its scope reaches backwards (relatives: "suicide in mother", not the
 *                         patient's own diagnosis earlier in the sentence)
 * @param allowedKinds     kinds it may modify (empty: all)
 * @param excludedKinds    kinds it never modifies (partner words do not make partner violence FAMILY)
 * @param terminates       for TERMINATE rules, the categories whose scope it ends (empty: all)
 * @param overLists        a forward scope that runs over a whole list, items naming no signal included ("Patient
 *                         has a history of part-time employment (finding), social isolation (finding)"), where a
 *                         negation stops at such an item ("no supports, depression")
 */
public record ContextRule(String id, String literal, ContextCategory category, Direction direction, int maxScope, int backwardScope,
                          Set<SignalKind> allowedKinds, Set<SignalKind> excludedKinds, Set<ContextCategory> terminates,
                          boolean overLists) {

    public ContextRule(String id, String literal, ContextCategory category, Direction direction, int maxScope,
                       int backwardScope, Set<SignalKind> allowedKinds, Set<SignalKind> excludedKinds,
                       Set<ContextCategory> terminates) {
        this(id, literal, category, direction, maxScope, backwardScope, allowedKinds, excludedKinds, terminates, false);
    }

    /** Side of the trigger a rule modifies. */
    public enum Direction { FORWARD, BACKWARD, BIDIRECTIONAL }

    public ContextRule {
        allowedKinds = Set.copyOf(allowedKinds);
        excludedKinds = Set.copyOf(excludedKinds);
        terminates = Set.copyOf(terminates);
    }

    /** Whether it modifies a mention of {@code kind}; an untyped target (null) only by a rule for every kind. */
    public boolean appliesTo(SignalKind kind) {
        if (kind == null) {
            return allowedKinds.isEmpty();
        }
        return (allowedKinds.isEmpty() || allowedKinds.contains(kind)) && !excludedKinds.contains(kind);
    }

    public boolean ends(ContextCategory other) {
        return category == ContextCategory.TERMINATE && (terminates.isEmpty() || terminates.contains(other));
    }
}
