package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class DateRecognizerTest {

    @Test
    void findsNumericDatesInEveryOrder() {
        assertThat(Found.by("dates", "on 03/14/2024, 3-14-24, 2024-03-14, 14.03.2024 and 20240314"))
                .containsExactly("DATE:03/14/2024", "DATE:3-14-24", "DATE:2024-03-14", "DATE:14.03.2024", "DATE:20240314");
    }

    @Test
    void findsWrittenAndPartialDates() {
        assertThat(Found.by("dates", "seen March 14th, 2024; again on 3/21; since Jan 2019; 4 Feb 2023; the 4th of"))
                .containsExactly("DATE:March 14th, 2024", "DATE:3/21", "DATE:Jan 2019", "DATE:4 Feb 2023", "DATE:4th");
    }

    @Test
    void keepsWeekdayWithItsDateAsOneSpanAndSplitsRanges() {
        assertThat(Found.by("dates", "Monday 3/4 and 3/1-3/5")).containsExactly("DATE:Monday 3/4", "DATE:3/1", "DATE:3/5");
    }

    @Test
    void findsHolidaysAndMonthsWhereADateIsMeant() {
        assertThat(Found.by("dates", "Over Christmas Eve she relapsed; in May she moved; since September."))
                .containsExactly("DATE:Christmas Eve", "DATE:May", "DATE:September");
    }

    @Test
    void findsAMonthThatIsAlsoAWordInLowerCaseOnlyAfterAWordThatPutsATimeAfterIt() {
        assertThat(Found.by("dates", "pt was at osh in march for pna. prior admit since june. seen early may."))
                .containsExactly("DATE:march", "DATE:june", "DATE:may");
        assertThat(Found.by("dates", "pt may go home. able to march in place. wife june at bedside. to may call."))
                .isEmpty();
    }

    @Test
    void leavesMayAsAVerbAndFractionsAndScoresAlone() {
        assertThat(Found.by("dates", "May need labs. Pain 8/10, strength 5/5, 1/2 tab, the 3rd episode, in 2019."))
                .isEmpty();
    }

    @Test
    void findsMonthAndDayWithoutAYearAsCliniciansWriteThem() {
        assertThat(Found.by("dates", "d/c'd 12/2 to home; seen 3/4 am; 9/3 pt calm"))
                .containsExactly("DATE:12/2", "DATE:3/4", "DATE:9/3");
    }

    @Test
    void findsMonthAndTwoDigitYear() {
        assertThat(Found.by("dates", "admitted 8/87 for OD; hx MI 11/02; dx 10/14/82"))
                .containsExactly("DATE:8/87", "DATE:11/02", "DATE:10/14/82");
    }

    @Test
    void leavesScoresSettingsAndAmountsThatLookLikeMonthAndDay() {
        assertThat(Found.by("dates", "GCS 3/15, PS 10/5, H/H 8/24, RUE 4/5, 1/2 NS, D5 1/2 NS, 2/2 sets, 0.5/1 mg, "
                + "FiO2 2/40%, 2/6 SEM, ate 1/2 of tray, smokes 1/2\nppd, vent 14/5/40, BUN/Cr 12/1, H/H 9/35"))
                .isEmpty();
    }

    @Test
    void takesTheDateAfterACueWordEvenWithAScoreWordBeforeIt() {
        assertThat(Found.by("dates", "c/o back pain since 12/2, rates pain 5/10")).containsExactly("DATE:12/2");
    }

    @Test
    void takesAnAmountsWordOnlyRightAfterTheNumbers() {
        assertThat(Found.by("dates", "d/c'd 12/2 after 3 days; took 1/2 to 1 tab"))
                .containsExactly("DATE:12/2");
    }

    @Test
    void holdsAMonthAndDayToTheMonthsLength() {
        assertThat(Found.by("dates", "on 2/30 and 4/31")).isEmpty();
        assertThat(Found.by("dates", "on 2/29 and 4/30")).containsExactly("DATE:2/29", "DATE:4/30");
    }

    @Test
    void findsMonthsInLowerCaseBesideTheirDay() {
        assertThat(Found.by("dates", "5-jan restarted; 3rd of jan; jan 5; sept 3rd; seen 2 dec 2019; 5 JAN"))
                .containsExactly("DATE:5-jan", "DATE:3rd of jan", "DATE:jan 5", "DATE:sept 3rd", "DATE:2 dec 2019",
                        "DATE:5 JAN");
    }

    @Test
    void leavesMonthWordsBesideAnAmount() {
        assertThat(Found.by("dates", "ativan 2 may be given; may 1-2 tabs prn; may 2 mg; sats dec 2 pts")).isEmpty();
    }

    @Test
    void takesALowerCaseWeekdayWithItsDate() {
        assertThat(Found.by("dates", "restraints sun 3/4 overnight; thu 12/2 at 1400"))
                .containsExactly("DATE:sun 3/4", "DATE:thu 12/2");
        assertThat(Found.by("dates", "pt sat 3/4 of the shift in chair")).isEmpty();
    }

    @Test
    void removesBirthYear() {
        assertThat(Found.by("dates", "born in 1931")).containsExactly("DATE:1931");
    }
}
