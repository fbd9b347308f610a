package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.SignalKind;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ConText flags of signal mentions and of untyped targets, and the one label derived from them. */
class ContextAttributesTest {

    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());

    private static ContextAttributes target(String sentence, String concept) {
        int at = sentence.indexOf(concept);
        assertThat(at).as("concept in sentence").isNotNegative();
        return RULES.context(sentence, at, at + concept.length());
    }

    private static Mention only(String text, SignalKind kind) {
        return RULES.analyze(text).mentions().stream().filter(m -> m.kind() == kind && !m.weak()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in the text"));
    }

    @Test
    void aDeniedFamilyHistoryIsBothFamilyAndNegated() {
        Mention m = only("Denies any family history of suicide.", SignalKind.SUICIDE_ATTEMPT);
        assertThat(m.context().family()).isTrue();
        assertThat(m.context().negated()).isTrue();
        assertThat(m.assertion()).isEqualTo(Assertion.FAMILY);
    }

    @Test
    void anUntypedTargetCarriesEveryFlagInScope() {
        ContextAttributes a = target("Denies any family history of colon cancer.", "colon cancer");
        assertThat(a.negated()).isTrue();
        assertThat(a.family()).isTrue();
        assertThat(a.hypothetical()).isFalse();
        assertThat(a.assertion()).isEqualTo(Assertion.FAMILY);
    }

    @Test
    void eachCategorySetsItsOwnFlag() {
        assertThat(target("The patient denies chest pain.", "chest pain"))
                .isEqualTo(new ContextAttributes(true, false, false, false, false, false, false, false));
        assertThat(target("Return if fever develops.", "fever").hypothetical()).isTrue();
        assertThat(target("Possible pneumonia on the film.", "pneumonia").uncertain()).isTrue();
        assertThat(target("History of seizures in 2019.", "seizures").historical()).isTrue();
        assertThat(target("Her mother has diabetes.", "diabetes").family()).isTrue();
        assertThat(target("He reports chest pain.", "chest pain")).isEqualTo(ContextAttributes.NONE);
    }

    @Test
    void aTerminatorEndsTheNegationScope() {
        assertThat(target("No fever but has a cough.", "fever").negated()).isTrue();
        assertThat(target("No fever but has a cough.", "cough").negated()).isFalse();
    }

    @Test
    void anUntypedNegationRunsOverAListOfSeveralWordItems() {
        assertThat(target("Negative for chest pain, shortness of breath, or palpitations.", "palpitations").negated())
                .isTrue();
    }

    @Test
    void aTargetSpanWithoutTokensIsRefused() {
        assertThatThrownBy(() -> RULES.context("No fever.", 100, 105)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLabelFollowsTheStatedPrecedence() {
        ContextAttributes negatedHistory = new ContextAttributes(true, true, false, false, false, false, false, false);
        assertThat(negatedHistory.assertion()).isEqualTo(Assertion.NEGATED);
        ContextAttributes hypotheticalUncertain = new ContextAttributes(false, true, true, false, true, false, false, false);
        assertThat(hypotheticalUncertain.assertion()).isEqualTo(Assertion.HYPOTHETICAL);
        assertThat(ContextAttributes.NONE.assertion(false, Optional.of(Assertion.FAMILY), Optional.empty()))
                .isEqualTo(Assertion.FAMILY);
        // A phrase that states absence ("stably housed") under a negation is present.
        assertThat(ContextAttributes.of(Assertion.NEGATED).assertion(true, Optional.empty(), Optional.empty()))
                .isEqualTo(Assertion.AFFIRMED);
        // A recency cue keeps the section's default off.
        ContextAttributes current = new ContextAttributes(false, false, false, false, false, true, false, false);
        assertThat(current.assertion(false, Optional.of(Assertion.HISTORICAL), Optional.empty()))
                .isEqualTo(Assertion.AFFIRMED);
        // An unanswered screening topic is no signal.
        assertThat(new ContextAttributes(false, false, false, false, false, false, true, false).assertion()).isNull();
    }

    @Test
    void signalsKeepTheirDerivedAssertion() {
        RiskSignal s = RULES.extract("Patient denies suicidal ideation.").get(0);
        assertThat(s.getAssertion()).isEqualTo(Assertion.NEGATED);
    }
}
