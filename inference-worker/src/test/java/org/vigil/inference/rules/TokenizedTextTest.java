package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizedTextTest {

    /** Each token as "surface=word", word being the rule word its id stands for, or "-" for none. */
    private static List<String> words(String text) {
        TokenizedText t = TokenizedText.of(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.surface(i) + "=" + (t.id(i) == Vocabulary.NONE ? "-" : Vocabulary.word(t.id(i))));
        }
        return out;
    }

    @Test
    void tokensOfEveryShapeGetTheIdOfTheirLowerCasedWord() {
        Vocabulary.addAll(List.of("tokq", "tokenizerlongword", "tok'd", "2.5", "caf\u00e9", "k", "/"));
        assertEquals(List.of("TOKQ=tokq", "TokenizerLongWord=tokenizerlongword", "Tok\u2019d=tok'd", "2.5=2.5",
                        "CAF\u00c9=caf\u00e9", "\u212a=k", "/=/", "tokqq=-", "tokenizerlongwords=-"),
                words("TOKQ TokenizerLongWord Tok\u2019d 2.5 CAF\u00c9 \u212a / tokqq tokenizerlongwords"));
    }

    @Test
    void sevenLetterTokenUsesItsShortKeyAndEightLetterTokenTheLongWay() {
        Vocabulary.addAll(List.of("sevenlt", "eightltr"));
        assertEquals(List.of("SevenLT=sevenlt", "EightLTR=eightltr", "sevenl=-", "eightlt=-"),
                words("SevenLT EightLTR sevenl eightlt"));
    }

    @Test
    void oneCharacterTokensGetTheIdOfTheirWordInEitherCase() {
        Vocabulary.addAll(List.of("q", ":"));
        assertEquals(List.of("Q=q", "q=q", ":=:", "`=-"), words("Q q : `"));
    }

    @Test
    void periodAfterAnAbbreviationEndsTheSentenceOnlyWhereTheWordListSaysSo() {
        TokenizedText t = TokenizedText.of("Seen by Dr. Smith. Per pt. He says no. Per pt. denies SI. Per PT. Plan");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            out.add(t.surface(i) + t.sentence(i));
        }
        assertEquals(List.of("Seen0", "by0", "Dr0", ".0", "Smith0", ".0", "Per1", "pt1", ".1", "He2", "says2", "no2",
                ".2", "Per3", "pt3", ".3", "denies3", "SI3", ".3", "Per4", "PT4", ".4", "Plan5"), out);
    }

    @Test
    void reusedTokensDescribeOnlyTheNewText() {
        String longer = "Pt denies SI/HI.\nHistory: 2 prior attempts (2019, 2021); Dr. Lee's note.\n\n- Plan: f/u 1 wk";
        String shorter = "SI: denied\nPHQ-9 = 21";
        TokenizedText reused = TokenizedText.reuse(TokenizedText.reuse(null, longer), shorter);
        TokenizedText fresh = TokenizedText.of(shorter);
        assertEquals(fresh.size(), reused.size());
        for (int i = 0; i < fresh.size(); i++) {
            assertEquals(describe(fresh, i), describe(reused, i));
        }
    }

    private static String describe(TokenizedText t, int i) {
        return t.start(i) + "-" + t.end(i) + " " + t.surface(i) + " " + t.lower(i) + " id=" + t.id(i) + " s="
                + t.sentence(i) + " line=" + t.atLineStart(i) + " word=" + t.isWord(i) + " num=" + t.isNumber(i)
                + " year=" + t.isYear(i) + " digit=" + t.startsWithDigit(i);
    }
}
