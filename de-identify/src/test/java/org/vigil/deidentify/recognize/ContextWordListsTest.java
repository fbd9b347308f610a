package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.deidentify.Ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.deidentify.Found.by;

/**
 * The context words of the validators and of the name and place passes, read from {@code lists/}: each list loads
 * into the ruleset, and a word of it still decides what is found, shown against a like text without it.
 */
class ContextWordListsTest {

    private static final String CAPITALS = "PATIENT SEEN TODAY FOR FOLLOW UP. MOOD IS GOOD AND SLEEP IS FAIR. "
            + "DENIES SI OR HI. WILL SEE AGAIN NEXT WEEK WITH THE TEAM. ";

    @ParameterizedTest
    @ValueSource(strings = {"ambiguous-months", "date-prepositions", "non-date-ordinal-nouns", "non-date-ratio-labels",
            "non-date-ratio-nouns", "numeric-date-cues", "measurement-units",
            "age-units", "latin-abbreviations", "relation-possessives", "credentials-not-before-names",
            "abbreviations-not-initials", "weak-institution-words", "named-unit-words", "compass-points",
            "police-words", "county-words", "organization-prepositions", "place-prepositions", "unit-prepositions",
            "unit-followers"})
    void loadsEachListIntoTheRulesetAsSingleWords(String name) {
        WordList file = WordList.load(name);
        assertThat(file.entries()).isNotEmpty()
                .allSatisfy(word -> assertThat(word).doesNotContainAnyWhitespaces());
        assertThat(Ruleset.standard().list(name).entries()).isEqualTo(file.entries());
    }

    @Test
    void holdsBackAnAmbiguousMonthWithoutADateAroundIt() {
        assertThat(by("dates", "May need a ride home.")).isEmpty();
        assertThat(by("dates", "October is busy.")).containsExactly("DATE:October");
    }

    @Test
    void takesAnAmbiguousMonthAfterADatePreposition() {
        assertThat(by("dates", "Return visit in May.")).containsExactly("DATE:May");
        assertThat(by("dates", "Return visit May.")).isEmpty();
    }

    @Test
    void leavesAnOrdinalBeforeANonDateNoun() {
        assertThat(by("dates", "It happened on the 4th floor.")).isEmpty();
        assertThat(by("dates", "It happened on the 4th again.")).containsExactly("DATE:4th");
    }

    @Test
    void leavesAMonthAndDayAfterAMeasurementsLabel() {
        assertThat(by("dates", "GCS 3/15 on arrival.")).isEmpty();
        assertThat(by("dates", "Zqx 3/15 on arrival.")).containsExactly("DATE:3/15");
    }

    @Test
    void leavesAMonthAndDayBeforeAnAmountsNoun() {
        assertThat(by("dates", "Gave 1/2 NS overnight.")).isEmpty();
        assertThat(by("dates", "Gave 1/2 zqx overnight.")).containsExactly("DATE:1/2");
    }

    @Test
    void takesAMonthAndDayAfterADateCueDespiteAScoresWordBefore() {
        assertThat(by("dates", "C/o back pain since 3/4.")).containsExactly("DATE:3/4");
        assertThat(by("dates", "C/o back pain zqx 3/4.")).isEmpty();
    }

    @Test
    void takesALowerCaseMonthThatIsAWordAfterADayOnlyInADatesShape() {
        assertThat(by("dates", "RR 24 dec to 18.")).isEmpty();
        assertThat(by("dates", "RR 24 nov to 18.")).containsExactly("DATE:24 nov");
        assertThat(by("dates", "Seen 24-dec today.")).containsExactly("DATE:24-dec");
    }

    @Test
    void leavesADoseWrittenWithItsUnit() {
        assertThat(by("ids", "Took 1000mg today.")).isEmpty();
        assertThat(by("ids", "Took 1000zq today.")).containsExactly("IDNUM:1000zq");
    }

    @Test
    void takesTheNameBeforeAnAge() {
        assertThat(by("name", "Summary for Zandor Quell, 78 yo.")).containsExactly("PATIENT:Zandor Quell");
        assertThat(by("name", "Summary for Zandor Quell, 78 kg.")).isEmpty();
    }

    @Test
    void leavesALatinAbbreviationWrittenLikeInitials() {
        assertThat(by("name", "N.b. the dose changed.")).isEmpty();
        assertThat(by("name", "G.d. the dose changed.")).containsExactly("PATIENT:G.d");
    }

    @Test
    void takesTheNameBeforeAPossessiveAndARelation() {
        assertThat(by("name", "Spoke with PRECIOUS (his mother).")).containsExactly("PATIENT:PRECIOUS");
        assertThat(by("name", "Spoke with PRECIOUS (nice mother).")).isEmpty();
        assertThat(by("name", "Spoke with JUNE, the patient's daughter.")).containsExactly("PATIENT:JUNE");
        assertThat(by("name", "Spoke with JUNE, the nice daughter.")).isEmpty();
    }

    @Test
    void leavesTheWordAfterACredentialThatIsAlsoAWord() {
        assertThat(by("name", "IV Zandor given.")).isEmpty();
        assertThat(by("name", "LCSW Zandor given.")).containsExactly("DOCTOR:Zandor");
    }

    @Test
    void leavesAbbreviationsWrittenLikeInitials() {
        assertThat(by("name", "Then P.O. called.")).isEmpty();
        assertThat(by("name", "Then J.M. called.")).containsExactly("PATIENT:J.M");
    }

    @Test
    void needsADistinctiveNameBeforeAnEverydayInstitutionWord() {
        assertThat(by("place", "Discharged to Quiet Home.")).isEmpty();
        assertThat(by("place", "Discharged to Quiet Hospital.")).containsExactly("HOSPITAL:Quiet Hospital");
    }

    @Test
    void takesAUnitNamedWithOneGenericWord() {
        assertThat(by("place", "Admitted to Adult Unit.")).containsExactly("DEPARTMENT:Adult Unit");
        assertThat(by("place", "Admitted to Adult Ward.")).isEmpty();
    }

    @Test
    void takesTheCompassPointAfterAUnitCode() {
        assertThat(by("place", "Admitted to Behavioral Health Unit 5B North today."))
                .containsExactly("DEPARTMENT:Behavioral Health Unit 5B North");
        assertThat(by("place", "Admitted to Behavioral Health Unit 5B Upper today."))
                .containsExactly("DEPARTMENT:Behavioral Health Unit 5B");
    }

    @Test
    void takesTheTownBeforeAPoliceWord() {
        assertThat(by("place", "Zorvale police arrived.")).containsExactly("CITY:Zorvale");
        assertThat(by("place", "Zorvale officers arrived.")).isEmpty();
    }

    @Test
    void takesTheNameBeforeACountyWord() {
        assertThat(by("place", "Zorvale County jail.")).containsExactly("LOCATION_OTHER:Zorvale County");
        assertThat(by("place", "Zorvale Town jail.")).isEmpty();
    }

    @Test
    void takesAnOrganizationThatIsAlsoAWordAfterItsPreposition() {
        assertThat(by("place", "Card from Chase was lost.")).containsExactly("ORGANIZATION:Chase");
        assertThat(by("place", "Card of Chase was lost.")).isEmpty();
    }

    @Test
    void takesAnUnknownCapitalisedWordAfterAPlacePreposition() {
        assertThat(by("place", "Facility in Zorvale was full.")).containsExactly("LOCATION_OTHER:Zorvale");
        assertThat(by("place", "Facility beyond Zorvale was full.")).isEmpty();
    }

    @Test
    void takesAUnitInCapitalsOnlyInAUnitsSlot() {
        assertThat(by("place", CAPITALS + "TRANSFERRED TO ADDICTION MEDICINE CONSULT SERVICE."))
                .containsExactly("DEPARTMENT:ADDICTION MEDICINE CONSULT SERVICE");
        assertThat(by("place", CAPITALS + "TRANSFERRED BY ADDICTION MEDICINE CONSULT SERVICE.")).isEmpty();
        assertThat(by("place", CAPITALS + "WAS AT MILL CREEK TRAILHEAD."))
                .containsExactly("LOCATION_OTHER:MILL CREEK TRAILHEAD");
        assertThat(by("place", CAPITALS + "WAS BY MILL CREEK TRAILHEAD.")).isEmpty();
    }

    @Test
    void takesAUnitInCapitalsFollowedOnlyByItsRoomOrDate() {
        assertThat(by("place", CAPITALS + "TRANSFERRED TO ADDICTION MEDICINE CONSULT SERVICE ON 3/4."))
                .containsExactly("DEPARTMENT:ADDICTION MEDICINE CONSULT SERVICE");
        assertThat(by("place", CAPITALS + "TRANSFERRED TO ADDICTION MEDICINE CONSULT SERVICE WITH 3/4.")).isEmpty();
    }
}
