package org.vigil.deidentify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DigitRunFilterTest {

    @Test
    void skipsRunsOfTheWrongLengthOrFollowedByACharacterThePatternCannotTake() {
        DigitRunFilter monthDay = DigitRunFilter.of("(?<m>\\d{1,2})/(?<d>\\d{1,2})(?![\\d/])");
        assertThat(monthDay.mayMatchAt("on 3/14", 3)).isTrue();
        assertThat(monthDay.mayMatchAt("on 12/4", 3)).isTrue();
        assertThat(monthDay.mayMatchAt("bp 120/80", 3)).isFalse();
        assertThat(monthDay.mayMatchAt("took 5 mg", 5)).isFalse();
        assertThat(monthDay.mayMatchAt("5", 0)).isFalse();
    }

    @Test
    void keepsRunsAPatternMayEndIn() {
        DigitRunFilter idNumber = DigitRunFilter.of("\\d{5,}(?![\\d])");
        assertThat(idNumber.mayMatchAt("1234", 0)).isFalse();
        assertThat(idNumber.mayMatchAt("12345 ", 0)).isTrue();
        assertThat(idNumber.mayMatchAt("1234567890", 0)).isTrue();
    }

    @Test
    void readsCaseInsensitiveLettersInBothCases() {
        DigitRunFilter ordinal = DigitRunFilter.of("(?<d>\\d{1,2})(?i:st|nd|rd|th)(?![A-Za-z0-9])");
        assertThat(ordinal.mayMatchAt("the 4TH", 4)).isTrue();
        assertThat(ordinal.mayMatchAt("the 4th", 4)).isTrue();
        assertThat(ordinal.mayMatchAt("the 4 th", 4)).isFalse();
        assertThat(ordinal.mayMatchAt("the 400th", 4)).isFalse();
    }

    @Test
    void treatsABackReferenceAsAnythingFromThere() {
        DigitRunFilter f = DigitRunFilter.of("(\\d)\\1x");
        assertThat(f.mayMatchAt("11x", 0)).isTrue();
        assertThat(f.mayMatchAt("1 x", 0)).isTrue();
    }

    @Test
    void givesNoFilterForPatternsItDoesNotRead() {
        assertThat(DigitRunFilter.of("(?x)\\d+ # comment")).isNull();
        assertThat(DigitRunFilter.of("\\x31\\d{4}")).isNull();
        assertThat(DigitRunFilter.of("(\\d{3}")).isNull();
        assertThat(DigitRunFilter.of("[\\d&&[^5]]x")).isNull();
    }

    @Test
    void neverSkipsAPositionWhereAStandardDigitRuleMatches() {
        List<PatternRule> digitRules = new ArrayList<>();
        for (String family : Ruleset.PATTERN_FAMILIES) {
            for (Recognizer r : Ruleset.standard().recognizers()) {
                if (r instanceof PatternRecognizer p && p.name().equals(family)) {
                    p.rules().stream().filter(rule -> rule.trigger() instanceof PatternRule.Trigger.Digit)
                            .forEach(digitRules::add);
                }
            }
        }
        assertThat(digitRules).hasSizeGreaterThan(20);
        String alphabet = "0123456789012345678901234567890123456789 /-.,:'xXmMsSnNtThH()\nyYoOrRdDaAeEwWuU";
        Random random = new Random(20261201);
        int filtered = 0;
        int matches = 0;
        for (PatternRule rule : digitRules) {
            DigitRunFilter f = DigitRunFilter.of(rule.pattern().pattern());
            if (f == null) {
                continue;
            }
            filtered++;
            Matcher m = rule.pattern().matcher("");
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            for (int n = 0; n < 20_000; n++) {
                StringBuilder b = new StringBuilder();
                for (int i = random.nextInt(24); i > 0; i--) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String text = (random.nextBoolean() ? "" : "in NY ") + random.nextInt(100_000) + b;
                int start = text.indexOf(Character.forDigit(text.chars().filter(Character::isDigit).findFirst()
                        .getAsInt() - '0', 10));
                m.reset(text).region(start, text.length());
                if (m.lookingAt()) {
                    matches++;
                    assertThat(f.mayMatchAt(text, start)).as(rule.id() + " at " + text).isTrue();
                }
            }
        }
        assertThat(filtered).isEqualTo(digitRules.size());
        assertThat(matches).isGreaterThan(1000);
    }

    @Test
    void readsSpacesAndQuotedWordsOfAnExpandedList() {
        DigitRunFilter f = DigitRunFilter.of("\\d{1,2}\\s+(?:\\QJune\\E|\\QSt\\E\\s+\\QPat\\E)");
        assertThat(Pattern.compile("\\d{1,2}\\s+(?:\\QJune\\E|\\QSt\\E\\s+\\QPat\\E)").matcher("4 June").lookingAt())
                .isTrue();
        assertThat(f.mayMatchAt("4 June", 0)).isTrue();
        assertThat(f.mayMatchAt("4/June", 0)).isFalse();
    }
}
