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
}
