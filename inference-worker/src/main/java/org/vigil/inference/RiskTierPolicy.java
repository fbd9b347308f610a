package org.vigil.inference;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Sets a note's risk tier from its signals, by the rules documented in inference-worker/README.md ("Risk tiers").
 * Only AFFIRMED signals count as current risk, plus UNCERTAIN suicidal ideation, plan or attempt (a hedged
 * suicide signal is escalated for review rather than dropped) and HISTORICAL suicide attempts (the strongest
 * predictor of a future attempt). NEGATED, HYPOTHETICAL and FAMILY signals never raise the tier.
 * The tier is the highest any rule reaches; every rule that reached it is given as a reason.
 */
public final class RiskTierPolicy {

    private static final Set<SignalKind> MODERATE_KINDS = EnumSet.of(SignalKind.SUICIDAL_IDEATION, SignalKind.SELF_HARM,
            SignalKind.OVERDOSE, SignalKind.VIOLENCE, SignalKind.PSYCHOSIS, SignalKind.MANIA,
            SignalKind.INTIMATE_PARTNER_VIOLENCE);
    private static final Set<SignalKind> LOW_KINDS = EnumSet.of(SignalKind.DEPRESSION, SignalKind.SUBSTANCE_USE,
            SignalKind.FIREARM_ACCESS, SignalKind.HOMELESSNESS, SignalKind.SOCIAL_ISOLATION);
    private static final Set<SignalKind> SUICIDE_KINDS = EnumSet.of(SignalKind.SUICIDAL_IDEATION,
            SignalKind.SUICIDE_PLAN, SignalKind.SUICIDE_ATTEMPT);

    public TierDecision decide(List<RiskSignal> signals) {
        Set<SignalKind> current = EnumSet.noneOf(SignalKind.class);
        Set<SignalKind> uncertain = EnumSet.noneOf(SignalKind.class);
        Set<SignalKind> historical = EnumSet.noneOf(SignalKind.class);
        for (RiskSignal s : signals) {
            if (s.getAssertion() == Assertion.AFFIRMED) {
                current.add(s.getKind());
            } else if (s.getAssertion() == Assertion.UNCERTAIN) {
                uncertain.add(s.getKind());
            } else if (s.getAssertion() == Assertion.HISTORICAL) {
                historical.add(s.getKind());
            }
        }
        List<String> imminent = new ArrayList<>();
        List<String> high = new ArrayList<>();
        List<String> moderate = new ArrayList<>();
        List<String> low = new ArrayList<>();

        boolean plan = current.contains(SignalKind.SUICIDE_PLAN);
        boolean attempt = current.contains(SignalKind.SUICIDE_ATTEMPT);
        boolean ideation = current.contains(SignalKind.SUICIDAL_IDEATION);
        boolean firearm = current.contains(SignalKind.FIREARM_ACCESS);
        boolean homicidal = current.contains(SignalKind.HOMICIDAL_IDEATION);

        if (plan && firearm) {
            imminent.add("SUICIDE_PLAN AFFIRMED with FIREARM_ACCESS AFFIRMED");
        }
        if (plan && attempt) {
            imminent.add("SUICIDE_PLAN AFFIRMED with SUICIDE_ATTEMPT AFFIRMED");
        }
        if (homicidal && firearm) {
            imminent.add("HOMICIDAL_IDEATION AFFIRMED with FIREARM_ACCESS AFFIRMED");
        }
        if (plan) {
            high.add("SUICIDE_PLAN AFFIRMED");
        }
        if (attempt) {
            high.add("SUICIDE_ATTEMPT AFFIRMED");
        }
        if (homicidal) {
            high.add("HOMICIDAL_IDEATION AFFIRMED");
        }
        if (ideation && firearm) {
            high.add("SUICIDAL_IDEATION AFFIRMED with FIREARM_ACCESS AFFIRMED");
        }
        if (ideation && current.contains(SignalKind.PSYCHOSIS)) {
            high.add("SUICIDAL_IDEATION AFFIRMED with PSYCHOSIS AFFIRMED");
        }
        if (ideation && historical.contains(SignalKind.SUICIDE_ATTEMPT)) {
            high.add("SUICIDAL_IDEATION AFFIRMED with SUICIDE_ATTEMPT HISTORICAL");
        }
        for (SignalKind k : MODERATE_KINDS) {
            if (current.contains(k)) {
                moderate.add(k + " AFFIRMED");
            }
        }
        for (SignalKind k : SUICIDE_KINDS) {
            if (uncertain.contains(k)) {
                moderate.add(k + " UNCERTAIN");
            }
        }
        for (SignalKind k : LOW_KINDS) {
            if (current.contains(k)) {
                low.add(k + " AFFIRMED");
            }
        }
        for (SignalKind k : EnumSet.of(SignalKind.SUICIDE_ATTEMPT, SignalKind.SELF_HARM, SignalKind.OVERDOSE)) {
            if (historical.contains(k)) {
                low.add(k + " HISTORICAL");
            }
        }
        // Three or more current low-tier risk factors together are a moderate risk (cumulative burden).
        if (moderate.isEmpty() && low.stream().filter(r -> r.endsWith("AFFIRMED")).count() >= 3) {
            moderate.add("3 or more risk factors AFFIRMED: " + String.join(", ",
                    low.stream().filter(r -> r.endsWith("AFFIRMED")).map(r -> r.substring(0, r.indexOf(' '))).toList()));
        }
        if (!imminent.isEmpty()) {
            return new TierDecision(RiskTier.IMMINENT, imminent);
        }
        if (!high.isEmpty()) {
            return new TierDecision(RiskTier.HIGH, high);
        }
        if (!moderate.isEmpty()) {
            return new TierDecision(RiskTier.MODERATE, moderate);
        }
        if (!low.isEmpty()) {
            return new TierDecision(RiskTier.LOW, low);
        }
        return new TierDecision(RiskTier.NONE, List.of());
    }
}
