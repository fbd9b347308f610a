package org.vigil.deidentify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeadingDigitsTest {

    @Test
    void countsTheMandatoryDigitsAMatchStartsWith() {
        assertThat(LeadingDigits.of("\\d{3}-\\d{2}-\\d{4}(?![\\d])")).isEqualTo(3);
        assertThat(LeadingDigits.of("(?<y>(?:19|20)\\d{2})(?<s>[/.-])(?<m>\\d{1,2})\\k<s>")).isEqualTo(4);
        assertThat(LeadingDigits.of("1?\\d{10}(?![\\d])")).isEqualTo(10);
        assertThat(LeadingDigits.of("[0-9]{2}x")).isEqualTo(2);
    }

    @Test
    void stopsAtAnOptionalPartHoldingOtherCharacters() {
        assertThat(LeadingDigits.of("(?:1[\\s.-]?)?\\d{3}[\\s.-]\\d{4}")).isEqualTo(0);
        assertThat(LeadingDigits.of("\\d{1,2}\\s?(?:N|S)")).isEqualTo(1);
    }

    @Test
    void countsOnlyTheFirstRepeatOfAPartThatMixesDigitsAndOtherCharacters() {
        assertThat(LeadingDigits.of("(?:\\d-){2}")).isEqualTo(1);
    }

    @Test
    void skipsLookAroundsAndTakesTheSmallestAlternative() {
        assertThat(LeadingDigits.of("(?=\\d{5}(?!\\d))(?<=[A-Z]\\s)\\d{5}(?:-\\d{4})?")).isEqualTo(5);
        assertThat(LeadingDigits.of("\\d{2,}(?:[-./]\\d{2,}){2,}|\\d{4,}-\\d{3,}")).isEqualTo(2);
    }

    @Test
    void knowsNothingOfConstructsItDoesNotRead() {
        assertThat(LeadingDigits.of("\\x31\\d{4}")).isEqualTo(0);
        assertThat(LeadingDigits.of("(\\d{3}")).isEqualTo(0);
    }
}
