package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;
import org.vigil.schemas.RiskSignal;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBasedExtractorTest {

    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());

    /** kind assertion [evidence] start-end, one line per signal. */
    private static List<String> signals(String text) {
        return RULES.extract(text).stream()
                .map(s -> s.getKind() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "] "
                        + s.getEvidenceStart() + "-" + s.getEvidenceEnd())
                .toList();
    }

    @Test
    void negatesBothKindsInDeniesSiSlashHi() {
        assertThat(signals("Pt denies SI/HI.")).containsExactly(
                "SUICIDAL_IDEATION NEGATED [SI/HI] 10-15",
                "HOMICIDAL_IDEATION NEGATED [SI/HI] 10-15");
    }

    @Test
    void negatesFieldAnsweredDenied() {
        assertThat(signals("SI: denied")).containsExactly("SUICIDAL_IDEATION NEGATED [SI] 0-2");
    }

    @Test
    void negationRunsOverAListOfSignals() {
        assertThat(signals("no SI, HI, or AVH")).containsExactly(
                "SUICIDAL_IDEATION NEGATED [SI] 3-5",
                "HOMICIDAL_IDEATION NEGATED [HI] 7-9",
                "PSYCHOSIS NEGATED [AVH] 14-17");
    }

    @Test
    void passiveIdeationIsAffirmedAndItsMissingPlanNegated() {
        assertThat(signals("passive SI without plan or intent")).containsExactly(
                "SUICIDAL_IDEATION AFFIRMED [passive SI] 0-10",
                "SUICIDE_PLAN NEGATED [plan or intent] 19-33");
    }

    @Test
    void plannedOverdoseIsAPlanNotAnOverdose() {
        assertThat(signals("endorses SI with plan to overdose on her pills")).containsExactly(
                "SUICIDAL_IDEATION AFFIRMED [SI] 9-11",
                "SUICIDE_PLAN AFFIRMED [plan to overdose on her pills] 17-46");
    }

    @Test
    void datedOverdoseIsHistorical() {
        assertThat(signals("hx of OD in 2019")).containsExactly("OVERDOSE HISTORICAL [OD] 6-8");
    }

    @Test
    void safetyPlanConditionIsHypothetical() {
        assertThat(signals("if she has thoughts of harming herself she will call 988")).containsExactly(
                "SUICIDAL_IDEATION HYPOTHETICAL [thoughts of harming herself] 11-38");
    }

    @Test
    void relativesCompletedSuicideIsFamilyAttempt() {
        assertThat(signals("mother completed suicide")).containsExactly(
                "SUICIDE_ATTEMPT FAMILY [completed suicide] 7-24");
    }

    @Test
    void ruleOutIsUncertain() {
        assertThat(signals("r/o psychosis")).containsExactly("PSYCHOSIS UNCERTAIN [psychosis] 4-13");
    }

    @Test
    void phq9TotalAndItem9AreScoredByTheirCutOffs() {
        assertThat(signals("PHQ-9 = 21, item 9 = 2")).containsExactly(
                "DEPRESSION AFFIRMED [PHQ-9 = 21] 0-10",
                "SUICIDAL_IDEATION AFFIRMED [item 9 = 2] 12-22");
        assertThat(signals("PHQ-9: 6, item 9: 0")).containsExactly(
                "DEPRESSION NEGATED [PHQ-9: 6] 0-8",
                "SUICIDAL_IDEATION NEGATED [item 9: 0] 10-19");
    }

    @Test
    void cssrsAnswersMapQuestionsToKinds() {
        assertThat(signals("C-SSRS: yes to Q1, Q2; no to Q3-5")).containsExactly(
                "SUICIDAL_IDEATION AFFIRMED [yes to Q1, Q2] 8-21",
                "SUICIDE_PLAN NEGATED [no to Q3-5] 23-33");
    }

    @Test
    void eachMentionGetsItsOwnAssertion() {
        assertThat(signals("denies drug use, but UDS + for cocaine")).containsExactly(
                "SUBSTANCE_USE NEGATED [drug use] 7-15",
                "SUBSTANCE_USE AFFIRMED [UDS + for cocaine] 21-38");
    }

    @Test
    void negationInsideASignalPhraseDoesNotReachTheNextItem() {
        assertThat(signals("lives alone with no supports, depression")).containsExactly(
                "SOCIAL_ISOLATION AFFIRMED [no supports] 17-28",
                "DEPRESSION AFFIRMED [depression] 30-40");
    }

    @Test
    void pseudoNegationLeavesSignalAffirmed() {
        assertThat(signals("AH unchanged, no increase in frequency")).containsExactly("PSYCHOSIS AFFIRMED [AH] 0-2");
    }

    @Test
    void feelsSafeAtHomeIsANegatedPartnerViolenceScreen() {
        assertThat(signals("Feels safe at home: yes")).containsExactly(
                "INTIMATE_PARTNER_VIOLENCE NEGATED [Feels safe at home: yes] 0-23");
        assertThat(signals("Does not feel safe at home.")).containsExactly(
                "INTIMATE_PARTNER_VIOLENCE AFFIRMED [Does not feel safe at home] 0-26");
    }

    @Test
    void householdFirearmIsThePatientsAccess() {
        assertThat(signals("his wife keeps a shotgun in the bedroom")).containsExactly(
                "FIREARM_ACCESS AFFIRMED [his wife keeps a shotgun in the bedroom] 0-39");
    }

    @Test
    void familyHistorySectionMakesMentionsFamily() {
        assertThat(signals("Family History:\nMother with bipolar disorder.")).containsExactly(
                "MANIA FAMILY [bipolar disorder] 28-44");
    }

    @Test
    void pastPsychiatricHistoryIsHistoricalUnlessCurrent() {
        assertThat(signals("Past Psychiatric History: MDD since 2015, currently symptomatic. SA x2.")).containsExactly(
                "DEPRESSION AFFIRMED [MDD] 26-29",
                "SUICIDE_ATTEMPT HISTORICAL [SA x2] 65-70");
    }

    @Test
    void commandHallucinationContentIsPsychosisOnly() {
        assertThat(signals("+AH commanding her to hurt herself")).containsExactly(
                "PSYCHOSIS AFFIRMED [AH commanding her to hurt herself] 1-34");
    }

    @Test
    void everySignalCarriesTheRuleSetVersionAndVerbatimEvidence() {
        String text = "Endorses passive SI. Drinks 6 beers nightly.";
        List<RiskSignal> found = RULES.extract(text);
        assertThat(found).isNotEmpty();
        assertThat(found).allSatisfy(s -> {
            assertThat(s.getSourceVersion()).isEqualTo("rules-" + versionOfRuleSet());
            assertThat(text.substring(s.getEvidenceStart(), s.getEvidenceEnd())).isEqualTo(s.getEvidenceText());
            assertThat(s.getSource()).startsWith("lexicon/");
        });
    }

    @Test
    void resourcesAndIdiomsAreNotSignals() {
        assertThat(signals("988 provided. Suicide precautions maintained. Cut down on smoking. Flu shot given."))
                .isEmpty();
    }

    private static String versionOfRuleSet() {
        return RuleSet.standard().version().substring("rules-".length());
    }
}
