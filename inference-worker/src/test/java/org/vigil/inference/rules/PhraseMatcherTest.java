package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhraseMatcherTest {

    /** Every hit in the text as "start-end:spanStart-spanEnd:value", in the order the matcher reports them. */
    private static List<String> hits(PhraseMatcher<String> matcher, String text) {
        TokenizedText tokens = TokenizedText.of(text);
        List<PhraseMatcher.Hit<String>> hits = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            matcher.matchAt(tokens, i, hits);
        }
        List<String> out = new ArrayList<>();
        for (PhraseMatcher.Hit<String> h : hits) {
            out.add(h.start() + "-" + h.end() + ":" + h.spanStart() + "-" + h.spanEnd() + ":" + h.value());
        }
        return out;
    }

    @Test
    void oneWordAlternativeMatchesAtTheLastTokenWhileItsLongerSiblingsNeedTheirNextWord() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(now|this morning|right now)", false, "current");
        assertEquals(List.of("1-3:1-3:current", "6-7:6-7:current"), hits(m, "seen this morning; this evening now"));
        assertEquals(List.of("0-2:0-2:current", "1-2:1-2:current"), hits(m, "right now"));
    }

    @Test
    void optionalGroupGivesEveryLengthAndTheMarkedSpan() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(passive|) SI with [plan]", false, "plan");
        assertEquals(List.of("0-4:3-4:plan", "1-4:3-4:plan"), hits(m, "passive SI with plan"));
    }

    @Test
    void caseSensitiveAlternativesMatchOnlyAsWritten() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(AH|VH) (today|)", true, "psychosis");
        assertEquals(List.of("0-2:0-2:psychosis", "0-1:0-1:psychosis", "5-6:5-6:psychosis"),
                hits(m, "AH today, ah, VH"));
    }

    @Test
    void numbersAndYearsMatchOnlyNumericTokens() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("<NUM> (drinks|beers)", false, "drinks");
        m.add("since <YEAR>", false, "since");
        assertEquals(List.of("0-2:0-2:drinks", "6-8:6-8:drinks", "8-10:8-10:since"),
                hits(m, "6 drinks, three beers, 2.5 beers since 2019, since 1850"));
    }
}
