package org.vigil.deidentify.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;

class ValidatorPreCheckTest {

    @Test
    void mixedIdRulesOutAStartWhoseLettersDigitsAndHyphensHoldFewerThanFourDigits() {
        assertThat(mayPass("AB123 4567", 0)).isFalse();
        assertThat(mayPass("5mg", 0)).isFalse();
        assertThat(mayPass("x1.2.3.4", 0)).isFalse();
        assertThat(mayPass("TZ-365", 0)).isFalse();
        assertThat(mayPass("AB1234", 0)).isTrue();
        assertThat(mayPass("A1-B2-C3-D4", 0)).isTrue();
        assertThat(mayPass("TZ-365496", 0)).isTrue();
        assertThat(mayPass("id AB12345", 3)).isTrue();
        assertThat(mayPass("id AB12345", 7)).isFalse();
    }

    @Test
    void everyStandardRuleIsReadByItsStartFilterIncludingThoseWithALeadingCaseFlag() {
        for (PatternRule rule : StartFilterTest.standardRules()) {
            assertThat(PatternRecognizer.filterable(rule.pattern())).as(rule.id()).isTrue();
        }
        assertThat(PatternRecognizer.filterable(java.util.regex.Pattern.compile("a", java.util.regex.Pattern.CASE_INSENSITIVE)))
                .isFalse();
        assertThat(PatternRecognizer.filterable(java.util.regex.Pattern.compile("(?i)a"))).isTrue();
    }

    @Test
    void everyOtherValidatorLetsEveryStartThrough() {
        for (Validator v : Validator.values()) {
            if (v != Validator.MIXED_ID) {
                assertThat(v.mayPassAt("5mg".toCharArray(), 0)).as(v.name()).isTrue();
            }
        }
    }

    @Test
    void neverRulesOutAStartWhereAStandardRuleMatchesAndItsValidatorAcceptsInGeneratedNotes() {
        List<String> notes = new CorpusGenerator(91).generate(40).stream().map(SyntheticNote::text).toList();
        assertThat(accepted(notes)).isGreaterThan(100);
    }

    @Test
    void neverRulesOutAStartWhereAStandardRuleMatchesAndItsValidatorAcceptsInRandomText() {
        String alphabet = "0123456789012345678901234567890123456789 -.,:;'#@+()\nabcdefABCDEFxyzXYZ_/";
        String[] words = {"MRN", "AB", "mg", "10mg", "TZ-", "x", "-", "12", "3456", "ID", "v2"};
        Random random = new Random(20261202);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                b.append(random.nextInt(3) == 0 ? words[random.nextInt(words.length)]
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            texts.add(b.toString());
        }
        assertThat(accepted(texts)).isGreaterThan(100);
    }

    /** Checks every start of every standard rule the pre-check rules out; the count of accepted matches it kept. */
    private static int accepted(List<String> texts) {
        int accepted = 0;
        for (PatternRule rule : StartFilterTest.standardRules()) {
            Matcher m = rule.pattern().matcher("");
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            for (String text : texts) {
                NoteText note = NoteText.of(text);
                char[] chars = text.toCharArray();
                m.reset(text);
                for (int pos = 0; pos < text.length(); pos++) {
                    m.region(pos, text.length());
                    boolean passes = m.lookingAt() && m.end() > m.start() && passes(rule, note, m, text);
                    if (passes) {
                        accepted++;
                    }
                    if (!rule.validator().mayPassAt(chars, pos)) {
                        assertThat(passes).as(rule.id() + " at " + pos + " of " + text).isFalse();
                    }
                }
            }
        }
        return accepted;
    }

    private static boolean passes(PatternRule rule, NoteText note, Matcher m, String text) {
        int start = rule.phiGroup() ? m.start("phi") : m.start();
        int end = rule.phiGroup() ? m.end("phi") : m.end();
        return start >= 0 && end > start && rule.validator().valid(note, m, text.substring(start, end));
    }

    private static boolean mayPass(String text, int pos) {
        return Validator.MIXED_ID.mayPassAt(text.toCharArray(), pos);
    }
}
