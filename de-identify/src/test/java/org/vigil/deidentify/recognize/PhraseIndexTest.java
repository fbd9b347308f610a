package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PhraseIndexTest {

    @Test
    void ordersHitsByStartThenLongestFirstKeepingTheOrderTheyWereFoundIn() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<PhraseIndex.Hit<Integer>> hits = new ArrayList<>();
            int n = 2 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                int start = random.nextInt(30);
                hits.add(new PhraseIndex.Hit<>(start, start + 1 + random.nextInt(4), i));
            }
            List<PhraseIndex.Hit<Integer>> expected = new ArrayList<>(hits);
            expected.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : b.end() - a.end());
            assertThat(PhraseIndex.sorted(new ArrayList<>(hits))).isEqualTo(expected);
        }
    }

    @Test
    void findsEveryPhraseAtEachPositionLongestFirst() {
        PhraseIndex<String> index = new PhraseIndex<>(Map.of("signed by", "a", "signed", "b", "by", "c"));
        List<PhraseIndex.Hit<String>> hits = index.find(NoteText.of("Note signed by Dr. Lee; signed by RN"));
        assertThat(hits).extracting(PhraseIndex.Hit::value).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(hits.get(0).start()).isEqualTo(5);
        assertThat(hits.get(0).end()).isEqualTo(14);
        assertThat(hits.get(1).end()).isEqualTo(11);
    }
}
