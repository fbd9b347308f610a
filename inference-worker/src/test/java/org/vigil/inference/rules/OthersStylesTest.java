package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notes as other writers shape them: Markdown and capitals headers, SOAP letters, SNOMED CT display strings,
 * screenings and questionnaires, homonyms of drug names, other people and plans of care.
 */
class OthersStylesTest {

    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());

    /** kind assertion [evidence] section, one line per signal. */
    private static List<String> signals(String text) {
        return RULES.extract(text).stream()
                .map(s -> s.getKind() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "] " + s.getSection())
                .toList();
    }

    @Test
    void aGreetingIsNoHomicidalIdeationButHiBesideSiOrAReportingVerbIs() {
        assertThat(signals("Hi, how are you feeling today? Said hi to her daughter.\n")).isEmpty();
        assertThat(signals("pt calm, denies si/hi. endorses hi toward neighbor.\n")).containsExactly(
                "SUICIDAL_IDEATION NEGATED [si/hi] null", "HOMICIDAL_IDEATION NEGATED [si/hi] null",
                "HOMICIDAL_IDEATION AFFIRMED [hi] null");
    }

    @Test
    void markdownPlanHeaderIsASectionNotASuicidePlan() {
        assertThat(signals("# Assessment and Plan\n\n\n## Plan\n\nThe following procedures were conducted:\n"
                + "- hearing examination (procedure)\n")).isEmpty();
    }

    @Test
    void capitalsHeadersAreSectionsAndNeverFindings() {
        assertThat(signals("SUICIDE RISK ASSESSMENT:\nPatient denies SI.\n\nPLAN:\nRTC 1 month.\n"))
                .containsExactly("SUICIDAL_IDEATION NEGATED [SI] SAFETY_ASSESSMENT");
    }

    @Test
    void markdownFamilyHistoryHeaderMakesItsMentionsFamily() {
        assertThat(signals("## Family History\n- Mother: bipolar disorder\n"))
                .containsExactly("MANIA FAMILY [bipolar disorder] FAMILY_HISTORY");
    }

    @Test
    void soapLettersAreSections() {
        assertThat(signals("S: feels depressed.\nA: MDD, recurrent.\nP: start sertraline.\n")).containsExactly(
                "DEPRESSION AFFIRMED [feels depressed] HISTORY_OF_PRESENT_ILLNESS",
                "DEPRESSION AFFIRMED [MDD, recurrent] ASSESSMENT_AND_PLAN");
    }

    @Test
    void headerOfUnlistedTextIsSectionOther() {
        assertThat(signals("TRIAGE NOTE:\nPt states he wants to kill himself.\n"))
                .containsExactly("SUICIDAL_IDEATION AFFIRMED [wants to kill himself] OTHER");
    }

    @Test
    void numberedProblemIsAnAffirmedDiagnosisNotAHeaderOrANegation() {
        assertThat(signals("Plan:\n1. Depression - worsening, increase sertraline.\n"))
                .containsExactly("DEPRESSION AFFIRMED [Depression] PLAN");
    }

    @Test
    void termCodedAsAProcedureIsNoFinding() {
        assertThat(signals("- screening for domestic abuse (procedure)\n- assessment of substance use (procedure)\n"
                + "- depression screening (procedure)\n- alcohol abuse counseling (regime/therapy)\n")).isEmpty();
    }

    @Test
    void termCodedAsAFindingStatesTheCondition() {
        assertThat(signals("Patient is presenting with victim of intimate partner abuse (finding), limited social "
                + "contact (finding).")).containsExactly(
                "INTIMATE_PARTNER_VIOLENCE AFFIRMED [intimate partner abuse] null",
                "SOCIAL_ISOLATION AFFIRMED [limited social contact] null");
    }

    @Test
    void historyOfACodedListReachesItsLastItemAndACueStaysInItsTerm() {
        assertThat(signals("Patient has a history of acute bronchitis (disorder), full-time employment (finding), "
                + "stress (finding), social isolation (finding).")).containsExactly(
                "SOCIAL_ISOLATION HISTORICAL [social isolation] null");
    }

    @Test
    void screeningTopicIsNoFindingUntilAnswered() {
        assertThat(signals("Screened for depression. Depression screen negative. Depression screen positive."))
                .containsExactly("DEPRESSION NEGATED [Depression] null", "DEPRESSION AFFIRMED [Depression] null");
    }

    @Test
    void questionnaireItemIsReadByItsAnswer() {
        assertThat(signals("Thoughts that you would be better off dead or of hurting yourself: Not at all\n"
                + "Thoughts that you would be better off dead or of hurting yourself: Several days\n"))
                .containsExactly("SUICIDAL_IDEATION NEGATED [would be better off dead] null",
                        "SUICIDAL_IDEATION AFFIRMED [would be better off dead] null");
    }

    @Test
    void drugSlangWithAnotherSenseNeedsAWordOfUse() {
        assertThat(signals("alendronic acid 70 mg oral tablet. Ice pack to knee. Flu shot given. Small crack in the "
                + "cast. Referred by his PCP. Diet coke with lunch.")).isEmpty();
        assertThat(signals("Snorting coke on weekends, smokes crack. Used acid in college.")).containsExactly(
                "SUBSTANCE_USE AFFIRMED [Snorting coke] null", "SUBSTANCE_USE AFFIRMED [smokes crack] null",
                "SUBSTANCE_USE HISTORICAL [Used acid] null");
    }

    @Test
    void relativesPossessionDoesNotMakeThePatientsOverdoseTheirs() {
        assertThat(signals("19M s/p intentional overdose on his mother's oxycodone.")).containsExactly(
                "SUICIDE_ATTEMPT AFFIRMED [intentional overdose] null", "OVERDOSE AFFIRMED [intentional overdose] null");
    }

    @Test
    void otherPeoplesOverdoseAndViolenceAreFamily() {
        assertThat(signals("His friend overdosed last month. Brother was shot.")).containsExactly(
                "OVERDOSE FAMILY [overdosed] null", "VIOLENCE FAMILY [was shot] null");
    }

    @Test
    void planOfCareIsNoSuicidePlan() {
        assertThat(signals("Discussed diagnosis and plan with patient; discharged with plan to follow up with PCP."))
                .isEmpty();
    }

    @Test
    void planToHurtSomeoneElseIsHomicidalIdeationOnly() {
        assertThat(signals("HI toward his ex-wife's new partner, with a plan to shoot him.")).containsExactly(
                "HOMICIDAL_IDEATION AFFIRMED [HI] null", "HOMICIDAL_IDEATION AFFIRMED [plan to shoot him] null");
    }

    @Test
    void spacedQuestionMarkHedgesTheNextWord() {
        assertThat(signals("Exam notable for pressured speech and ? paranoia.")).containsExactly(
                "MANIA AFFIRMED [pressured speech] null", "PSYCHOSIS UNCERTAIN [paranoia] null");
    }

    @Test
    void ipvAmongImmunizationsIsThePolioVaccine() {
        assertThat(signals("Patient was given the following immunizations: dtap, ipv, hib.")).isEmpty();
    }

    @Test
    void fieldAnsweredAbsentNegatesTheValueAfterIt() {
        assertThat(signals("Firearms: denies access to guns.")).containsExactly(
                "FIREARM_ACCESS NEGATED [Firearms: denies] null", "FIREARM_ACCESS NEGATED [access to guns] null");
    }
}
