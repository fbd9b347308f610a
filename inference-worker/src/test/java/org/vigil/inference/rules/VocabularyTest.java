package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VocabularyTest {

    private static int lookup(String token) {
        char[] cs = token.toCharArray();
        int hash = 0;
        for (char c : cs) {
            hash = 31 * hash + Vocabulary.lower(c);
        }
        return Vocabulary.lookup(cs, 0, cs.length, hash);
    }

    @Test
    void shortAsciiTokenFindsItsWordInAnyCase() {
        Vocabulary.addAll(List.of("vocabsi", "hx"));
        int id = Vocabulary.idOf("vocabsi");
        assertEquals(id, lookup("vocabsi"));
        assertEquals(id, lookup("VocabSI"));
        assertEquals(Vocabulary.idOf("hx"), lookup("HX"));
    }

    @Test
    void longTokenFindsItsWordInAnyCase() {
        Vocabulary.addAll(List.of("vocabularylongword", "eightchr"));
        assertEquals(Vocabulary.idOf("vocabularylongword"), lookup("VocabularyLongWord"));
        assertEquals(Vocabulary.idOf("eightchr"), lookup("EIGHTCHR"));
    }

    @Test
    void tokenWithACurlyApostropheFindsTheWordWithAStraightOne() {
        Vocabulary.addAll(List.of("vocab'd"));
        assertEquals(Vocabulary.idOf("vocab'd"), lookup("Vocab\u2019d"));
    }

    @Test
    void tokenThatDiffersInLengthOrOneLetterIsNone() {
        Vocabulary.addAll(List.of("vocabq"));
        assertEquals(Vocabulary.NONE, lookup("vocab"));
        assertEquals(Vocabulary.NONE, lookup("vocabqq"));
        assertEquals(Vocabulary.NONE, lookup("vocabr"));
        assertEquals(Vocabulary.NONE, lookup("vocabq\u00e9"));
    }

    @Test
    void shortKeyHoldsLengthAndLowerCaseLettersAndRefusesOthers() {
        assertEquals(2L << 56 | 'i' << 8 | 's', Vocabulary.shortKey("si"));
        assertEquals(0L, Vocabulary.shortKey("eightchr"));
        assertEquals(0L, Vocabulary.shortKey("caf\u00e9"));
        assertEquals(0L, Vocabulary.shortKey(""));
    }
}
