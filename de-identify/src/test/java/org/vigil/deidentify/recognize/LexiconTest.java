package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Ruleset;

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

    @Test
    void answersShortLatinWordsAndAllOthersAlikeAcrossTheirTwoTables() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("one", List.of("a", "abcdefgh", "abcdefghi", "stra\u00DFe", "\u03C9mega", "caf\u00E9"));
        sets.put("two", List.of("abcdefgh", "\u03C9mega", "\u00E9"));
        Lexicon lexicon = new Lexicon(sets);
        long one = lexicon.bit("one");
        long two = lexicon.bit("two");
        assertThat(lexicon.flagsOf("a")).isEqualTo(one);
        assertThat(lexicon.flagsOf("abcdefgh")).isEqualTo(one | two);
        assertThat(lexicon.flagsOf("abcdefghi")).isEqualTo(one);
        assertThat(lexicon.flagsOf("stra\u00DFe")).isEqualTo(one);
        assertThat(lexicon.flagsOf("\u03C9mega")).isEqualTo(one | two);
        assertThat(lexicon.flagsOf("caf\u00E9")).isEqualTo(one);
        assertThat(lexicon.flagsOf("\u00E9")).isEqualTo(two);
        assertThat(lexicon.flagsOf("abcdefg")).isZero();
        assertThat(lexicon.flagsOf("abcdefghij")).isZero();
        assertThat(lexicon.flagsOf("b")).isZero();
        assertThat(lexicon.flagsOf("")).isZero();
        assertThat(lexicon.flagsOf("\u03C9meg")).isZero();
        assertThat(lexicon.flagsOf("a\u0000")).isZero();
    }

    @Test
    void givesEveryStandardWordTheSameBitsAsItsLists() {
        Map<String, WordList> lists = standardLists("first-names", "surnames", "safe-vocabulary", "name-stopwords", "cities");
        Lexicon lexicon = Lexicon.of(lists);
        for (Map.Entry<String, WordList> e : lists.entrySet()) {
            long bit = lexicon.bit(e.getKey());
            for (String word : e.getValue().entries()) {
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                assertThat(lexicon.flagsOf(lower) & bit).as(e.getKey() + " " + lower).isEqualTo(bit);
                assertThat(lexicon.flagsOf(lower + "q") & bit).as(e.getKey() + " " + lower + "q")
                        .isEqualTo(e.getValue().containsLower(lower + "q") ? bit : 0L);
            }
        }
    }

    /** The standard ruleset's lists of these names, in this order. */
    private static Map<String, WordList> standardLists(String... names) {
        Map<String, WordList> lists = new LinkedHashMap<>();
        for (String name : names) {
            lists.put(name, Ruleset.standard().list(name));
        }
        return lists;
    }

    @Test
    void answersFromItsThreadMemoAndFilterAsFromItsTables() {
        Map<String, WordList> lists = standardLists("first-names", "surnames", "safe-vocabulary", "cities",
                "well-known-organizations");
        Lexicon lexicon = Lexicon.of(lists);
        Lexicon.Recent memo = lexicon.recent();
        int held = 0;
        for (WordList list : lists.values()) {
            for (String word : list.entries()) {
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                for (String w : List.of(lower, lower + "q", "x" + lower, lower + "'s")) {
                    long expected = lexicon.flagsOf(w);
                    long packed = Lexicon.packedShort(w);
                    // Twice: once filling the memo, once answered from it.
                    assertThat(lexicon.flagsOf(w, w.hashCode(), packed, memo)).as(w).isEqualTo(expected);
                    assertThat(lexicon.flagsOf(w, w.hashCode(), packed, memo)).as(w).isEqualTo(expected);
                    assertThat(lexicon.flagsOfSuffix("j" + w, 1)).as("j" + w).isEqualTo(expected);
                    held += expected != 0 ? 1 : 0;
                }
            }
        }
        assertThat(held).isGreaterThan(30_000);
        assertThat(lexicon.flagsOfSuffix("j", 1)).isEqualTo(lexicon.flagsOf(""));
    }

    @Test
    void answersAWordAsItsTablesDoAfterAnotherWordTookItsMemoSlot() {
        // "aan" and "ac0" hash alike, so they share a slot of the memo; so do the nine-letter words.
        Lexicon lexicon = new Lexicon(Map.of("set", List.of("aan", "abcdefga~")));
        long bit = lexicon.bit("set");
        Lexicon.Recent memo = lexicon.recent();
        for (int round = 0; round < 2; round++) {
            assertThat(lexicon.flagsOf("aan", "aan".hashCode(), Lexicon.packedShort("aan"), memo)).isEqualTo(bit);
            assertThat(lexicon.flagsOf("ac0", "ac0".hashCode(), Lexicon.packedShort("ac0"), memo)).isZero();
            assertThat(lexicon.flagsOf("abcdefga~", "abcdefga~".hashCode(), 0L, memo)).isEqualTo(bit);
            assertThat(lexicon.flagsOf("abcdefgb_", "abcdefgb_".hashCode(), 0L, memo)).isZero();
        }
    }

    @Test
    void sizesItsTablesToStayAtMostHalfFull() {
        assertThat(Lexicon.atMostHalfFull(0)).isEqualTo(16);
        assertThat(Lexicon.atMostHalfFull(8)).isEqualTo(16);
        assertThat(Lexicon.atMostHalfFull(9)).isEqualTo(32);
        assertThat(Lexicon.atMostHalfFull(16_384)).isEqualTo(32_768);
        assertThat(Lexicon.atMostHalfFull(14_678)).isEqualTo(32_768); // the long words of the standard lists
    }
}
