package org.vigil.sink.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WilsonIntervalTest {

    /** Newcombe, Statistics in Medicine 17:857-872 (1998), Table II, method 3 (score), to the four decimals printed. */
    @Test
    void matchesTheScoreIntervalsPublishedByNewcombe() {
        assertBounds(WilsonInterval.of(81, 263), 0.2553, 0.3662);
        assertBounds(WilsonInterval.of(15, 148), 0.0624, 0.1605);
        assertBounds(WilsonInterval.of(0, 20), 0.0000, 0.1611);
        assertBounds(WilsonInterval.of(1, 29), 0.0061, 0.1718);
    }

    @Test
    void staysInsideZeroToOneAtTheEnds() {
        assertThat(WilsonInterval.of(0, 13).lower()).isEqualTo(0.0);
        assertThat(WilsonInterval.of(13, 13).upper()).isEqualTo(1.0);
        assertThat(WilsonInterval.of(13, 13).lower()).isGreaterThan(0.75);
    }

    @Test
    void theIssuesSmallGroupsOverlapSoTheirDifferenceIsNotFlagged() {
        // 1 of 13 (7.7%) against 5 of 16 (31.3%): the example of noise that used to read as a finding.
        assertThat(WilsonInterval.of(1, 13).disjointFrom(WilsonInterval.of(5, 16))).isFalse();
        assertThat(WilsonInterval.of(10, 130).disjointFrom(WilsonInterval.of(50, 160))).isTrue();
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> WilsonInterval.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WilsonInterval.of(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBounds(WilsonInterval interval, double lower, double upper) {
        assertThat(interval.lower()).isCloseTo(lower, within(0.00005));
        assertThat(interval.upper()).isCloseTo(upper, within(0.00005));
    }
}
