package org.vigil.inference.rules;

/**
 * What a ConText trigger does to the mentions in its scope. The first six follow medspaCy's categories;
 * {@code CURRENT} marks recency ("currently", "3 days ago") and overrides history cues and the section default.
 */
public enum ContextCategory {
    NEGATED_EXISTENCE,
    POSSIBLE_EXISTENCE,
    HISTORICAL,
    HYPOTHETICAL,
    FAMILY,
    CURRENT,
    /** Ends the scope of other triggers ("but", "however", "reports"). */
    TERMINATE,
    /** Looks like a trigger but is not one ("no increase", "mother reports"): matched so the shorter trigger is not. */
    PSEUDO
}
