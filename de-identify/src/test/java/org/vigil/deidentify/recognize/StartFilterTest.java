package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.deidentify.Ruleset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

class StartFilterTest {

    private static boolean mayMatch(StartFilter f, String text, int pos) {
        return f.mayMatchAt(text.toCharArray(), pos);
    }

    @Test
    void rulesOutAPositionWhoseNextCharactersNoMatchCanBeginWith() {
        StartFilter phone = StartFilter.of("(?:1[\\s.-]?)?\\d{3}(?:[\\s.-]|\\s?-\\s?)\\d{3}[\\s.-]\\d{4}(?![\\d])");
        assertThat(mayMatch(phone, "call 617-555-0100", 5)).isTrue();
        assertThat(mayMatch(phone, "took 120 mg daily", 5)).isFalse();
        assertThat(mayMatch(phone, "bp 120/80", 3)).isFalse();
        assertThat(mayMatch(phone, "12x", 0)).isFalse();
        assertThat(mayMatch(phone, "12", 0)).isTrue(); // where the text ends, the regex decides
    }

    @Test
    void answersMayMatchWhenTheTextEndsOrTheScanBudgetIsSpent() {
        StartFilter f = StartFilter.of("a{60}b");
        assertThat(mayMatch(f, "aaa", 0)).isTrue();
        assertThat(mayMatch(f, "a".repeat(StartFilter.MAX_SCAN) + "c", 0)).isTrue();
        assertThat(mayMatch(f, "aac", 0)).isFalse();
    }

    @Test
    void readsLookAroundsAnchorsAndWordBoundariesAsAbsent() {
        StartFilter f = StartFilter.of("(?<![A-Za-z])^\\bab(?=zz)(?!q)$");
        assertThat(mayMatch(f, "xab", 1)).isTrue();
        assertThat(mayMatch(f, "xac", 1)).isFalse();
    }

    @Test
    void requiresALeadingLookAheadToMatchAtThePositionToo() {
        StartFilter mixed = StartFilter.of(
                "(?=[A-Za-z0-9-]*\\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*");
        assertThat(mayMatch(mixed, "TZ-365496 ", 0)).isTrue();
        assertThat(mayMatch(mixed, "646-514-2433\n", 0)).isFalse(); // digits and hyphens only: no letter ahead
        assertThat(mayMatch(mixed, "Smith-Jones ", 0)).isFalse(); // no digit ahead
        assertThat(mayMatch(mixed, "646-514-2433", 0)).isTrue(); // where the text ends, the regex decides
        StartFilter caseless = StartFilter.of("(?i)(?=ab)[a-z]+");
        assertThat(mayMatch(caseless, "ABC", 0)).isTrue();
        assertThat(mayMatch(caseless, "ACB", 0)).isFalse();
    }

    @Test
    void readsALookAheadAsAbsentWhereItDoesNotBindEveryMatchAtItsStart() {
        assertThat(mayMatch(StartFilter.of("(?=a)b|c"), "c", 0)).isTrue(); // binds one alternative only
        assertThat(mayMatch(StartFilter.of("(?:(?=a)b|c)"), "c", 0)).isTrue();
        assertThat(mayMatch(StartFilter.of("(?=a)?b"), "b", 0)).isTrue(); // optional
        assertThat(mayMatch(StartFilter.of("x?(?=a)[a-z]+"), "xb", 0)).isTrue(); // after something consumed
        assertThat(mayMatch(StartFilter.of("(?:b(?=a))[a-z]"), "bc", 0)).isTrue(); // inside a group, after "b"
        assertThat(mayMatch(StartFilter.of("(?!a)[a-z]"), "b", 0)).isTrue();
        assertThat(mayMatch(StartFilter.of("(?<=x)(?=a)[a-z]"), "b", 0)).isFalse(); // a look-behind consumes nothing
    }

    @Test
    void readsABackReferenceAsAnythingItsGroupCouldMatch() {
        StartFilter date = StartFilter.of("(?<m>\\d{1,2})(?<s>[/.-])(?<d>\\d{1,2})\\k<s>(?<y>\\d{4})");
        assertThat(mayMatch(date, "3/14/2024", 0)).isTrue();
        assertThat(mayMatch(date, "3/14-2024", 0)).isTrue(); // the real pattern refuses it; the filter may not
        assertThat(mayMatch(date, "3/14 2024", 0)).isFalse();
        StartFilter numbered = StartFilter.of("(a|b)\\1c");
        assertThat(mayMatch(numbered, "abc", 0)).isTrue();
        assertThat(mayMatch(numbered, "axc", 0)).isFalse();
    }

    @Test
    void readsCaseInsensitivityWhereJavaAppliesIt() {
        StartFilter scoped = StartFilter.of("(?i:st)X");
        assertThat(mayMatch(scoped, "STX", 0)).isTrue();
        assertThat(mayMatch(scoped, "sTX", 0)).isTrue();
        assertThat(mayMatch(scoped, "stx", 0)).isFalse();
        // A flag group without a colon holds to the end of the group around it, across later alternatives.
        StartFilter flag = StartFilter.of("(?:a(?i)b|c)d");
        assertThat(mayMatch(flag, "aBd", 0)).isTrue();
        assertThat(mayMatch(flag, "Cd", 0)).isTrue();
        assertThat(mayMatch(flag, "aBD", 0)).isFalse();
        assertThat(mayMatch(flag, "Abd", 0)).isFalse();
        StartFilter caselessBackReference = StartFilter.of("(?i)(a)\\1");
        assertThat(mayMatch(caselessBackReference, "aA", 0)).isTrue();
    }

    @Test
    void letsAnyCharacterBeyondAsciiThroughWhereAClassTakesOne() {
        StartFilter dot = StartFilter.of("a.b");
        assertThat(mayMatch(dot, "a\uD83D\uDE00b", 0)).isTrue(); // one code point, two chars
        assertThat(mayMatch(dot, "a\u00E9b", 0)).isTrue();
        StartFilter negated = StartFilter.of("a[^x]b");
        assertThat(mayMatch(negated, "a\uD83D\uDE00b", 0)).isTrue();
        StartFilter literal = StartFilter.of("\u00E9t\u00E9");
        assertThat(mayMatch(literal, "\u00FCt\u00E9", 0)).isTrue();
        assertThat(mayMatch(literal, "et\u00E9", 0)).isFalse();
    }

    @Test
    void givesNoFilterForPatternsItDoesNotRead() {
        assertThat(StartFilter.of("(?x)\\d+ # comment")).isNull();
        assertThat(StartFilter.of("(?-i)ab")).isNull();
        assertThat(StartFilter.of("\\x31\\d{4}")).isNull();
        assertThat(StartFilter.of("\\p{L}+")).isNull();
        assertThat(StartFilter.of("(\\d{3}")).isNull();
        assertThat(StartFilter.of("\\d{3})")).isNull();
        assertThat(StartFilter.of("[\\d&&[^5]]x")).isNull();
        assertThat(StartFilter.of("\\k<missing>")).isNull();
        assertThat(StartFilter.of("a{100}")).isNull();
    }

    @Test
    void tellsDigitRunsByTheirLengthAndTheCharacterAfterThem() {
        StartFilter monthDay = StartFilter.of("(?<m>\\d{1,2})/(?<d>\\d{1,2})(?![\\d/])");
        assertThat(monthDay.mayFollowDigits(1, '/')).isTrue();
        assertThat(monthDay.mayFollowDigits(2, '/')).isTrue();
        assertThat(monthDay.mayFollowDigits(3, '/')).isFalse();
        assertThat(monthDay.mayFollowDigits(1, ' ')).isFalse();
        assertThat(monthDay.mayFollowDigits(StartFilter.MAX_SCAN, ' ')).isTrue();
        assertThat(monthDay.digitsAlike()).isTrue();
        char[] text = "on 12/4 and 120/80".toCharArray();
        assertThat(monthDay.mayMatchAt(text, 3, 2)).isTrue();
        assertThat(monthDay.mayMatchAt(text, 12, 3)).isFalse();
        // Where the pattern tells digits apart, a run is followed with every digit at once.
        StartFilter year = StartFilter.of("(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])");
        assertThat(year.digitsAlike()).isFalse();
        assertThat(year.mayFollowDigits(4, '-')).isTrue();
        assertThat(year.mayFollowDigits(3, '-')).isFalse();
        assertThat(year.mayMatchAt("3024-01".toCharArray(), 0, 4)).isFalse();
        assertThat(year.mayMatchAt("2024-01".toCharArray(), 0, 4)).isTrue();
    }

    @Test
    void neverRulesOutAPositionWhereAStandardRuleMatchesInRandomText() {
        List<PatternRule> rules = standardRules();
        String alphabet = "0123456789012345678901234567890123456789 /-.,:;'#@+()\n\tabcdefghijklmnopqrstuvwxyz"
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZ _%\u00E9\u2019\u212A\uD83D\uDE00";
        String[] words = {"Street", "St.", "Ave", "March", "mar", "Jan.", "Christmas", "the", "age", "yo", "y/o", "MRN",
            "mrn:", "ext.", "x", "http://", "www.", "@example.com", ".org", "Room", "Apt", "North", "PO Box", "born",
            "route", "I-", "ninety-two", "years", "Monday", "th", "nd", "zip", "ssn", "::", "fe80::1"};
        Random random = new Random(20261202);
        int rejected = 0;
        int matches = 0;
        for (PatternRule rule : rules) {
            StartFilter f = StartFilter.of(rule.pattern().pattern());
            assertThat(f).as(rule.id()).isNotNull();
            Matcher m = rule.pattern().matcher("");
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            for (int n = 0; n < 600; n++) {
                StringBuilder b = new StringBuilder();
                for (int i = random.nextInt(30); i > 0; i--) {
                    if (random.nextInt(4) == 0) {
                        b.append(words[random.nextInt(words.length)]);
                    } else {
                        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                String text = b.toString();
                char[] chars = text.toCharArray();
                m.reset(text);
                for (int pos = 0; pos < text.length(); pos++) {
                    m.region(pos, text.length());
                    boolean match = m.lookingAt();
                    boolean may = f.mayMatchAt(chars, pos);
                    if (match) {
                        matches++;
                        assertThat(may).as(rule.id() + " at " + pos + " of " + text).isTrue();
                    } else if (!may) {
                        rejected++;
                    }
                }
            }
        }
        assertThat(matches).isGreaterThan(1000);
        assertThat(rejected).isGreaterThan(matches * 10);
    }

    @Test
    void neverRulesOutAPositionWhereAStandardRuleMatchesInGeneratedNotes() {
        List<String> notes = new CorpusGenerator(77).generate(12).stream().map(SyntheticNote::text).toList();
        int matches = 0;
        for (PatternRule rule : standardRules()) {
            StartFilter f = StartFilter.of(rule.pattern().pattern());
            Matcher m = rule.pattern().matcher("");
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            for (String text : notes) {
                char[] chars = text.toCharArray();
                m.reset(text);
                for (int pos = 0; pos < text.length(); pos++) {
                    if (!f.mayMatchAt(chars, pos)) {
                        m.region(pos, text.length());
                        assertThat(m.lookingAt()).as(rule.id() + " at " + pos).isFalse();
                    } else {
                        matches++;
                    }
                }
            }
        }
        assertThat(matches).isGreaterThan(0);
    }

    static List<PatternRule> standardRules() {
        List<PatternRule> rules = new ArrayList<>();
        for (Recognizer r : Ruleset.standard().recognizers()) {
            if (r instanceof PatternRecognizer p) {
                rules.addAll(p.rules());
            }
        }
        assertThat(rules).hasSizeGreaterThan(60);
        return rules;
    }
}
