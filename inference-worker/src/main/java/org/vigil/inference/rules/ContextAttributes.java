package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;

import java.util.Optional;

/**
 * What the ConText triggers in scope say about one target, one flag per category, as medspaCy's ConText sets
 * {@code is_negated}, {@code is_historical}, {@code is_hypothetical}, {@code is_family} and {@code is_uncertain} on a
 * span: a target may carry several ("denies any family history of suicide" is family and negated). Vigil's single
 * {@link Assertion} is derived from them by {@link #assertion}.
 *
 * @param negated      a negation cue ("denies", "no", "negative for") or a field answered absent ("Firearms: denies")
 * @param historical   a history cue nearer the target than any recency cue ("history of", "in 2019")
 * @param hypothetical a hypothetical cue ("if", "return if", "in case of")
 * @param family       an experiencer other than the patient ("mother", "his friend", "family history of")
 * @param uncertain    a hedge ("possible", "r/o", "cannot rule out")
 * @param current      a recency cue ("currently", "today"): it keeps a section's or a phrase's default assertion off
 * @param topic        the target is what a screening asks about ("depression screening", "screening for")
 * @param definite     an answer states the target present ("screen positive", "nearly every day")
 */
public record ContextAttributes(boolean negated, boolean historical, boolean hypothetical, boolean family,
                                boolean uncertain, boolean current, boolean topic, boolean definite) {

    /** No cue at all. */
    public static final ContextAttributes NONE = new ContextAttributes(false, false, false, false, false, false, false, false);

    private static final ContextAttributes[] FIXED = new ContextAttributes[Assertion.values().length];

    static {
        for (Assertion a : Assertion.values()) {
            FIXED[a.ordinal()] = new ContextAttributes(a == Assertion.NEGATED, a == Assertion.HISTORICAL,
                    a == Assertion.HYPOTHETICAL, a == Assertion.FAMILY, a == Assertion.UNCERTAIN, false, false, false);
        }
    }

    /** The flags that say exactly {@code assertion} (a screening result's assertion comes from its score). */
    public static ContextAttributes of(Assertion assertion) {
        return FIXED[assertion.ordinal()];
    }

    /**
     * Vigil's one label, by the annotation guidelines' precedence: FAMILY (a cue, the section's default or the
     * phrase's own) > NEGATED (an absent phrase under a negation reads AFFIRMED: "does not feel safe at home") >
     * a screening topic no answer reads (null: no signal) > an absent phrase (NEGATED) > HYPOTHETICAL > UNCERTAIN >
     * HISTORICAL > the section's default (unless a recency cue) > the phrase's own (unless a recency cue) > AFFIRMED.
     *
     * @param absent         the phrase itself states absence ("stably housed")
     * @param sectionDefault the default assertion of the section the target is in
     * @param own            the assertion the phrase carries by itself ("self-harm scars": HISTORICAL)
     * @return the label, or null when the target is only the topic of a screening
     */
    public Assertion assertion(boolean absent, Optional<Assertion> sectionDefault, Optional<Assertion> own) {
        if (family || sectionDefault.orElse(null) == Assertion.FAMILY || own.orElse(null) == Assertion.FAMILY) {
            return Assertion.FAMILY;
        }
        if (negated) {
            return absent ? Assertion.AFFIRMED : Assertion.NEGATED;
        }
        if (topic && !definite) {
            return null;
        }
        if (absent) {
            return Assertion.NEGATED;
        }
        if (hypothetical) {
            return Assertion.HYPOTHETICAL;
        }
        if (uncertain) {
            return Assertion.UNCERTAIN;
        }
        if (historical) {
            return Assertion.HISTORICAL;
        }
        if (!current && sectionDefault.isPresent()) {
            return sectionDefault.get();
        }
        if (!current && own.isPresent()) {
            return own.get();
        }
        return Assertion.AFFIRMED;
    }

    /** The label of a bare target: no phrase polarity, no section, no phrase default. */
    public Assertion assertion() {
        return assertion(false, Optional.empty(), Optional.empty());
    }
}
