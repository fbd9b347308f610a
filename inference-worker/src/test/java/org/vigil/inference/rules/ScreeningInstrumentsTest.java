package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScreeningInstrumentsTest {

    private static final ScreeningInstruments.Needs ALCOHOL_WORDS =
            new ScreeningInstruments.Needs(false, new char[][] {"etoh".toCharArray(), "alcohol".toCharArray()});

    @Test
    void needsFindsAWordInAnyAsciiCaseInsideTheWindow() {
        assertThat(ALCOHOL_WORDS.in("Negative EtOH level", 0, 19)).isTrue();
        assertThat(ALCOHOL_WORDS.in("negative ALCOHOL", 0, 16)).isTrue();
    }

    @Test
    void needsIgnoresAWordCutByTheWindowEdge() {
        assertThat(ALCOHOL_WORDS.in("negative etoh", 0, 12)).isFalse();
        assertThat(ALCOHOL_WORDS.in("negative for fever", 0, 18)).isFalse();
    }

    @Test
    void needsADigitWhenAskedFor() {
        ScreeningInstruments.Needs digit = new ScreeningInstruments.Needs(true, new char[0][]);
        assertThat(digit.in("PHQ-9 = 21", 0, 10)).isTrue();
        assertThat(digit.in("PHQ not done", 0, 12)).isFalse();
    }

    @Test
    void keepsScreeningResultsWhoseWindowHoldsWhatTheRegexNeeds() {
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        assertThat(rules.extract("Serum ethanol undetectable. Negative EtOH level.").stream()
                .map(s -> s.getSource() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "]").toList())
                .containsExactly("screening/bal NEGATED [Serum ethanol undetectable]",
                        "screening/bal-undetectable-prefix NEGATED [Negative EtOH level]");
    }
}
