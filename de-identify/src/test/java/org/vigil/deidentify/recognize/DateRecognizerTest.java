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
    void leavesMayAsAVerbAndFractionsAndScoresAlone() {
        assertThat(Found.by("dates", "May need labs. Pain 8/10, strength 5/5, 1/2 tab, the 3rd episode, in 2019."))
                .isEmpty();
    }

    @Test
    void removesBirthYear() {
        assertThat(Found.by("dates", "born in 1931")).containsExactly("DATE:1931");
    }
}
