package org.vigil.deidentify;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LexiconTest {

    @Test
    void givesEachWordTheBitsOfTheSetsHoldingIt() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("first-names", List.of("Hope", "Will"));
        sets.put("vocabulary", List.of("hope", "will", "walk"));
        Lexicon lexicon = new Lexicon(sets);
        long first = lexicon.bit("first-names");
        long vocabulary = lexicon.bit("vocabulary");
        assertThat(lexicon.flagsOf("hope")).isEqualTo(first | vocabulary);
        assertThat(lexicon.flagsOf("walk")).isEqualTo(vocabulary);
        assertThat(lexicon.flagsOf("walks")).isZero();
        assertThat(lexicon.flagsOf("Hope")).isZero(); // look-ups are in lower case
    }

    @Test
    void tellsApartWordsWithTheSameHashWhetherHeldInTheTableOrBeyondIt() {
        // "a~" and "b_" hash alike, and so do words that share a prefix and end in them: 2, 8 and 9 characters.
        Lexicon lexicon = new Lexicon(Map.of("set", List.of("a~", "abcdefa~", "abcdefga~")));
        long bit = lexicon.bit("set");
        assertThat("abcdefgb_".hashCode()).isEqualTo("abcdefga~".hashCode());
        assertThat(lexicon.flagsOf("a~")).isEqualTo(bit);
        assertThat(lexicon.flagsOf("abcdefa~")).isEqualTo(bit);
        assertThat(lexicon.flagsOf("abcdefga~")).isEqualTo(bit);
        assertThat(lexicon.flagsOf("b_")).isZero();
        assertThat(lexicon.flagsOf("abcdefb_")).isZero();
        assertThat(lexicon.flagsOf("abcdefgb_")).isZero();
    }

    @Test
    void readsWordsOfAnyLengthAndScript() {
        Lexicon lexicon = new Lexicon(Map.of("set", List.of("o'brien-smithson", "\u00E9lodie", "x")));
        long bit = lexicon.bit("set");
        assertThat(lexicon.flagsOf("o'brien-smithson")).isEqualTo(bit);
        assertThat(lexicon.flagsOf("o'brien-smithsoN")).isZero();
        assertThat(lexicon.flagsOf("\u00E9lodie")).isEqualTo(bit);
        assertThat(lexicon.flagsOf("elodie")).isZero();
        assertThat(lexicon.flagsOf("x")).isEqualTo(bit);
        assertThat(lexicon.flagsOf("")).isZero();
    }

    @Test
    void answersWordsOfALengthOrFirstCharacterNoEntryHasAsInNoSet() {
        Lexicon lexicon = new Lexicon(Map.of("zip3", List.of("036", "059"), "words", List.of("walk", "é", "x".repeat(70))));
        long zip = lexicon.bit("zip3");
        long words = lexicon.bit("words");
        assertThat(lexicon.flagsOf("036")).isEqualTo(zip);
        assertThat(lexicon.flagsOf("037")).isZero();
        assertThat(lexicon.flagsOf("0360")).isZero();
        assertThat(lexicon.flagsOf("2024")).isZero();
        assertThat(lexicon.flagsOf("walk")).isEqualTo(words);
        assertThat(lexicon.flagsOf("wal")).isZero();
        assertThat(lexicon.flagsOf("é")).isEqualTo(words);
        assertThat(lexicon.flagsOf("x".repeat(70))).isEqualTo(words);
        assertThat(lexicon.flagsOf("x".repeat(64))).isZero();
        assertThat(lexicon.flagsOf("")).isZero();
    }
}
