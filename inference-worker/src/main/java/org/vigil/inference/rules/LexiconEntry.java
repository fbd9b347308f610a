package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;

import java.util.List;
import java.util.Optional;

/**
 * One line of a kind's lexicon: a phrase pattern and what a match means.
 *
 * @param id            stable rule id: {@code lexicon/<KIND>:<line>}, written into every signal it produces
 * @param pattern       the pattern as written in the file
 * @param kinds         the kinds a match is (usually one; "intentional OD" is two)
 * @param caseSensitive match the letters' case exactly (abbreviations such as "HI", "OD", "AH")
 * @param absent        the phrase itself states the signal is absent ("stably housed"): NEGATED on its own,
 *                      AFFIRMED when a negation cue applies to it ("does not feel safe at home")
 * @param exclusion     the phrase is a homonym or resource name ("suicide hotline", "cut down"): it blocks
 *                      mentions of its kinds that overlap it, and produces none itself
 * @param weak          a candidate only: kept by the rules backend only when the model backend confirms it
 * @param assertion     an assertion the phrase carries by itself ("self-harm scars" is HISTORICAL), if any
 * @param confidence    the confidence written on signals from this entry
 */
public record LexiconEntry(String id, String pattern, List<SignalKind> kinds, boolean caseSensitive, boolean absent,
                           boolean exclusion, boolean weak, Optional<Assertion> assertion, double confidence) {

    public LexiconEntry {
        kinds = List.copyOf(kinds);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("lexicon entry " + id + " has no kind");
        }
    }
}
