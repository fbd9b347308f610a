package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WordListAlternationTest {

    private static final List<String> MONTHS = List.of("September", "February", "November", "December", "January",
            "October", "August", "March", "April", "June", "July", "Sept", "May", "Jan", "Feb", "Mar", "Apr", "Jun",
            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
    private static final List<String> HOLIDAYS = List.of("Christmas Eve", "New Year's", "Christmas", "New Year");

    /** Where the alternation, anchored at each offset, ends (or -1), for a word list expanded into a pattern. */
    private static String ends(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        StringBuilder out = new StringBuilder();
        for (int at = 0; at < text.length(); at++) {
            m.region(at, text.length());
            out.append(m.lookingAt() ? m.end() : -1).append(' ');
        }
        return out.toString();
    }

    @Test
    void factoredAlternationMatchesWhatTheFlatOneMatchesPreferringLongerEntries() {
        String text = "seen Sept 3, sep 4, SEPTEMBER, Jun June july Mayo MAR march, Christmas  Eve, New Year's Day";
        for (String wrap : List.of("(?i:%s)", "%s", "(?i:%s)(?![A-Za-z])", "%s\\.?\\s+\\d")) {
            for (List<String> entries : List.of(MONTHS, HOLIDAYS)) {
                String flat = String.format(wrap, PatternRecognizer.flat(entries));
                String trie = String.format(wrap, PatternRecognizer.trie(entries));
                assertThat(ends(trie, text)).isEqualTo(ends(flat, text));
            }
        }
    }

    @Test
    void factorsTheAlternationByCommonPrefixes() {
        assertThat(PatternRecognizer.trie(List.of("Sept", "Sep", "Sat"))).isEqualTo("(?:S(?:ep(?:t|)|at))");
    }

    @Test
    void keepsTheFlatAlternationWhenCaseAloneMakesOneEntryAPrefixOfAnother() {
        assertThat(PatternRecognizer.trieSafe(List.of("Street", "St"))).isTrue();
        assertThat(PatternRecognizer.trieSafe(List.of("STREET", "St"))).isFalse();
    }
}
