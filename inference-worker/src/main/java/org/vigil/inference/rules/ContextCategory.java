package org.vigil.inference.rules;

/**
 * What a ConText trigger does to the mentions in its scope. The first six follow medspaCy's categories;
 * {@code CURRENT} marks recency ("currently", "3 days ago") and overrides history cues and the section default;
 * {@code TOPIC} and {@code DEFINITE_EXISTENCE} (pyConText's name) read screenings and questionnaire answers.
 */
public enum ContextCategory {
    NEGATED_EXISTENCE,
    POSSIBLE_EXISTENCE,
    HISTORICAL,
    HYPOTHETICAL,
    FAMILY,
    CURRENT,
    /**
     * The mention names what a screening, assessment or questionnaire asks about ("depression screening",
     * "screening for domestic abuse"): not a finding, and no signal, unless an answer says it is present or absent.
     */
    TOPIC,
    /** An answer or result that states the finding present ("screen positive", "several days"): it outweighs TOPIC. */
    DEFINITE_EXISTENCE,
    /** Ends the scope of other triggers ("but", "however", "reports"). */
    TERMINATE,
    /** Looks like a trigger but is not one ("no increase", "mother reports"): matched so the shorter trigger is not. */
    PSEUDO
}
