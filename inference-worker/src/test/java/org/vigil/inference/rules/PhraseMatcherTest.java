package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhraseMatcherTest {

    /** Every hit in the text as "start-end:spanStart-spanEnd:value", in the order the matcher reports them. */
    private static List<String> hits(PhraseMatcher<String> matcher, String text) {
        TokenizedText tokens = TokenizedText.of(text);
        PhraseMatcher.Hits hits = new PhraseMatcher.Hits();
        for (int i = 0; i < tokens.size(); i++) {
            matcher.matchAt(tokens, i, hits);
        }
        List<String> out = new ArrayList<>();
        for (int h = 0; h < hits.size(); h++) {
            out.add(hits.start(h) + "-" + hits.end(h) + ":" + hits.spanStart(h) + "-" + hits.spanEnd(h) + ":"
                    + matcher.value(hits, h));
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

    @Test
    void manyPatternsSharingAFirstWordEachMatchOnlyTheirOwnSecondWord() {
        // Enough (first word, second word) pairs that the row filter grows several times while they are added.
        PhraseMatcher<String> m = new PhraseMatcher<>();
        for (int i = 0; i < 300; i++) {
            m.add("rowword rowsecond" + i + " (tail|)", false, "p" + i);
        }
        assertEquals(List.of("0-2:0-2:p7", "3-6:3-6:p299", "3-5:3-5:p299"),
                hits(m, "rowword rowsecond7 rowword rowword rowsecond299 tail rowword rowsecond300"));
    }

    @Test
    void groupOfManyOneWordChoicesMatchesEachChoiceAndNothingElse() {
        // More choices than a short scan covers: the group's table is searched by halves.
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(g01|g02|g03|g04|g05|g06|g07|g08|g09|g10|g11|g12) ideation", false, "group");
        assertEquals(List.of("0-2:0-2:group", "5-7:5-7:group"), hits(m, "g01 ideation g13 ideation g12 g12 ideation"));
    }

    @Test
    void caseSensitiveGroupOfManyChoicesKeepsEachChoiceAsWritten() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(AA|BB|CC|DD|EE|FF|GG|HH|II|JJ|KK) SI", true, "cs");
        assertEquals(List.of("0-2:0-2:cs", "8-10:8-10:cs"), hits(m, "KK SI kk SI Kk SI AA si AA SI"));
    }

    @Test
    void nestedGroupsThatEndTogetherGoOnWithTheWordAfterThem() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("nest (b (c|d|)|e) f", false, "nested");
        assertEquals(List.of("0-4:0-4:nested", "4-8:4-8:nested", "8-11:8-11:nested", "11-14:11-14:nested"),
                hits(m, "nest b c f nest b d f nest e f nest b f nest f"));
    }

    @Test
    void firstWordThatOpensSeveralBranchesFindsEveryMatchInPatternOrder() {
        // The same first word starts three branches and, through an optional group, a fourth; a mark follows an
        // optional word. Every path is a hit of its own, duplicates included, in the order the pattern lists them.
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(brq|brq xq|brq xq yq|(brq|) xq) (xq|yq|)", false, "branches");
        m.add("zq (brq|) [brq xq]", false, "marked");
        assertEquals(List.of("0-2:0-2:branches", "0-1:0-1:branches", "0-3:0-3:branches", "0-2:0-2:branches",
                        "0-4:0-4:branches", "0-3:0-3:branches", "0-3:0-3:branches", "0-2:0-2:branches",
                        "1-3:1-3:branches", "1-2:1-2:branches", "3-4:3-4:branches", "4-7:5-7:marked",
                        "5-7:5-7:branches", "5-6:5-6:branches", "5-7:5-7:branches", "5-7:5-7:branches",
                        "6-7:6-7:branches", "7-11:9-11:marked", "8-9:8-9:branches", "9-11:9-11:branches",
                        "9-10:9-10:branches", "9-11:9-11:branches", "9-11:9-11:branches", "10-11:10-11:branches"),
                hits(m, "brq xq yq xq zq brq xq zq brq brq xq"));
    }

    @Test
    void patternsSharingAFirstWordTellTheirSecondWordsNumbersYearsAndCaseApart() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("nxq *", false, "anyword");
        m.add("nxq 2020", false, "exact");
        m.add("nxq <YEAR>", false, "year");
        m.add("nxq <NUM> days", false, "num");
        m.add("nxq (SI|HI)", true, "cs");
        assertEquals(List.of("0-2:0-2:anyword", "0-2:0-2:exact", "0-2:0-2:year", "2-4:2-4:anyword", "2-4:2-4:year",
                        "4-6:4-6:anyword", "4-7:4-7:num", "9-11:9-11:anyword", "9-11:9-11:cs", "11-13:11-13:anyword"),
                hits(m, "nxq 2020 nxq 1999 nxq 5 days nxq , nxq SI nxq si nxq"));
    }

    @Test
    void indexOfFindsKeysInShortAndLongAscendingRuns() {
        int[] a = {99, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 99};
        assertEquals(0, PhraseMatcher.indexOf(a, 1, 3, 2));
        assertEquals(2, PhraseMatcher.indexOf(a, 1, 3, 6));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 3, 5));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 3, 8));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 3, 1));
        assertEquals(9, PhraseMatcher.indexOf(a, 1, 10, 20));
        assertEquals(0, PhraseMatcher.indexOf(a, 1, 10, 2));
        assertEquals(5, PhraseMatcher.indexOf(a, 1, 10, 12));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 10, 13));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 10, 21));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 10, -1));
        assertEquals(-1, PhraseMatcher.indexOf(a, 1, 0, 2));
    }

    @Test
    void longGroupMatchesEachOfItsWordsAndNoOther() {
        PhraseMatcher<String> m = new PhraseMatcher<>();
        m.add("(passive|active|chronic|acute|fleeting|intermittent|vague|passing|transient|ongoing|current|recurrent"
                + "|worsening|increased) suicidal (ideation|thoughts|urges|ruminations|ideas|feelings|thinking|plans"
                + "|intent|wishes)", false, "si");
        assertEquals(List.of("0-3:0-3:si", "4-7:4-7:si"),
                hits(m, "acute suicidal ideation; recurrent suicidal wishes; suicidal ideation; chronic suicidal pain"));
        List<String> all = new ArrayList<>();
        for (String w : new String[] {"passive", "active", "chronic", "acute", "fleeting", "intermittent", "vague",
                "passing", "transient", "ongoing", "current", "recurrent", "worsening", "increased"}) {
            all.addAll(hits(m, w + " suicidal thinking"));
        }
        assertEquals(14, all.size());
        assertEquals(List.of(), hits(m, "remote suicidal ideation"));
    }
}
