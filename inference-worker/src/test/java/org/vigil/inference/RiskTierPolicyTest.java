package org.vigil.inference;

import org.junit.jupiter.api.Test;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RiskTierPolicyTest {

    private final RiskTierPolicy policy = new RiskTierPolicy();

    private static RiskSignal signal(SignalKind kind, Assertion assertion) {
        return RiskSignal.newBuilder().setKind(kind).setAssertion(assertion).setConfidence(0.9)
                .setEvidenceStart(0).setEvidenceEnd(1).setEvidenceText("x").setSource("test").setSourceVersion("1")
                .build();
    }

    @Test
    void noSignalsIsNone() {
        assertThat(policy.decide(List.of())).isEqualTo(new TierDecision(RiskTier.NONE, List.of()));
    }

    @Test
    void negatedHypotheticalAndFamilySignalsDoNotRaiseTheTier() {
        assertThat(policy.decide(List.of(
                signal(SignalKind.SUICIDAL_IDEATION, Assertion.NEGATED),
                signal(SignalKind.SUICIDAL_IDEATION, Assertion.HYPOTHETICAL),
                signal(SignalKind.SUICIDE_ATTEMPT, Assertion.FAMILY))).tier()).isEqualTo(RiskTier.NONE);
    }

    @Test
    void depressionAloneIsLow() {
        assertThat(policy.decide(List.of(signal(SignalKind.DEPRESSION, Assertion.AFFIRMED))))
                .isEqualTo(new TierDecision(RiskTier.LOW, List.of("DEPRESSION AFFIRMED")));
    }

    @Test
    void passiveIdeationIsModerate() {
        assertThat(policy.decide(List.of(signal(SignalKind.SUICIDAL_IDEATION, Assertion.AFFIRMED),
                signal(SignalKind.SUICIDE_PLAN, Assertion.NEGATED))))
                .isEqualTo(new TierDecision(RiskTier.MODERATE, List.of("SUICIDAL_IDEATION AFFIRMED")));
    }

    @Test
    void uncertainIdeationIsEscalatedToModerate() {
        assertThat(policy.decide(List.of(signal(SignalKind.SUICIDAL_IDEATION, Assertion.UNCERTAIN))))
                .isEqualTo(new TierDecision(RiskTier.MODERATE, List.of("SUICIDAL_IDEATION UNCERTAIN")));
    }

    @Test
    void threeLowRiskFactorsTogetherAreModerate() {
        assertThat(policy.decide(List.of(signal(SignalKind.DEPRESSION, Assertion.AFFIRMED),
                signal(SignalKind.SUBSTANCE_USE, Assertion.AFFIRMED),
                signal(SignalKind.HOMELESSNESS, Assertion.AFFIRMED))))
                .isEqualTo(new TierDecision(RiskTier.MODERATE,
                        List.of("3 or more risk factors AFFIRMED: DEPRESSION, SUBSTANCE_USE, HOMELESSNESS")));
    }

    @Test
    void ideationWithPriorAttemptIsHigh() {
        assertThat(policy.decide(List.of(signal(SignalKind.SUICIDAL_IDEATION, Assertion.AFFIRMED),
                signal(SignalKind.SUICIDE_ATTEMPT, Assertion.HISTORICAL))))
                .isEqualTo(new TierDecision(RiskTier.HIGH, List.of("SUICIDAL_IDEATION AFFIRMED with SUICIDE_ATTEMPT HISTORICAL")));
    }

    @Test
    void planWithFirearmAccessIsImminent() {
        assertThat(policy.decide(List.of(signal(SignalKind.SUICIDAL_IDEATION, Assertion.AFFIRMED),
                signal(SignalKind.SUICIDE_PLAN, Assertion.AFFIRMED),
                signal(SignalKind.FIREARM_ACCESS, Assertion.AFFIRMED))))
                .isEqualTo(new TierDecision(RiskTier.IMMINENT, List.of("SUICIDE_PLAN AFFIRMED with FIREARM_ACCESS AFFIRMED")));
    }

    @Test
    void planAloneIsHigh() {
        assertThat(policy.decide(List.of(signal(SignalKind.SUICIDE_PLAN, Assertion.AFFIRMED))))
                .isEqualTo(new TierDecision(RiskTier.HIGH, List.of("SUICIDE_PLAN AFFIRMED")));
    }
}
