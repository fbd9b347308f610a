package org.vigil.inference.rules;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ScreeningInstrumentsTest {

    private static final ScreeningInstruments.Needs ALCOHOL_WORDS =
            new ScreeningInstruments.Needs(false, new char[][] {"etoh".toCharArray(), "alcohol".toCharArray()});

    @Test
    void needsFindsAWordInAnyAsciiCaseInsideTheWindow() {
        assertThat(ALCOHOL_WORDS.in("Negative EtOH level", 0, 19)).isTrue();
        assertThat(ALCOHOL_WORDS.in("negative ALCOHOL", 0, 16)).isTrue();
    }

    @Test
    void needsIgnoresAWordCutByTheWindowEdge() {
        assertThat(ALCOHOL_WORDS.in("negative etoh", 0, 12)).isFalse();
        assertThat(ALCOHOL_WORDS.in("negative for fever", 0, 18)).isFalse();
    }

    @Test
    void needsADigitWhenAskedFor() {
        ScreeningInstruments.Needs digit = new ScreeningInstruments.Needs(true, new char[0][]);
        assertThat(digit.in("PHQ-9 = 21", 0, 10)).isTrue();
        assertThat(digit.in("PHQ not done", 0, 12)).isFalse();
    }

    @Test
    void keepsScreeningResultsWhoseWindowHoldsWhatTheRegexNeeds() {
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        assertThat(rules.extract("Serum ethanol undetectable. Negative EtOH level.").stream()
                .map(s -> s.getSource() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "]").toList())
                .containsExactly("screening/bal NEGATED [Serum ethanol undetectable]",
                        "screening/bal-undetectable-prefix NEGATED [Negative EtOH level]");
    }

    private static final ScreeningInstruments.Starts BAL_STARTS = new ScreeningInstruments.Starts(
            new char[][] {"bal".toCharArray(), "alcohol".toCharArray()}, true);

    @Test
    void startsFindsTheFirstPrefixInAnyAsciiCaseAtAWordStart() {
        assertThat(BAL_STARTS.next("Serum ALCOHOL level 0.1", 0, 23)).isEqualTo(6);
        assertThat(BAL_STARTS.next("Bal 0.1, balance ok", 1, 19)).isEqualTo(9);
        assertThat(BAL_STARTS.next("Bal 0.1, balance ok", 1, 11)).isEqualTo(-1);
    }

    @Test
    void startsSkipsAPrefixInsideAWordWhenTheRegexOpensWithAWordBoundary() {
        assertThat(BAL_STARTS.next("verbal, BAL 12", 0, 14)).isEqualTo(8);
        ScreeningInstruments.Starts anywhere = new ScreeningInstruments.Starts(new char[][] {"bal".toCharArray()}, false);
        assertThat(anywhere.next("verbal, BAL 12", 0, 14)).isEqualTo(3);
    }

    @Test
    void startsKeepsASignAfterAWordSinceTheBoundaryThenHolds() {
        ScreeningInstruments.Starts signs = new ScreeningInstruments.Starts(
                new char[][] {"+".toCharArray(), "-".toCharArray()}, true);
        assertThat(signs.next("Q3+ to Q4", 0, 9)).isEqualTo(2);
    }

    @Test
    void shippedStartsFindExactlyWhatTheRegexesFindFromEveryCharacter() {
        ScreeningInstruments shipped = RuleSet.standard().screening();
        List<ScreeningInstruments.Instrument> plain = new ArrayList<>();
        for (ScreeningInstruments.Instrument i : shipped.instruments()) {
            assertThat(i.starts()).as(i.id()).isNotNull();
            plain.add(new ScreeningInstruments.Instrument(i.id(), i.type(), i.kind(), i.pattern(), i.threshold(),
                    i.positive(), i.negative(), i.questions(), i.keywords(), i.window(), i.index(), i.needs(), null));
        }
        ScreeningInstruments everywhere = new ScreeningInstruments(plain);
        Map<String, Integer> results = new TreeMap<>();
        for (SyntheticNote note : new CorpusGenerator(4_242L).generate(1_500)) {
            TokenizedText tokens = TokenizedText.of(note.text());
            List<ScreeningInstruments.Result> expected = everywhere.find(tokens);
            assertThat(shipped.find(tokens)).isEqualTo(expected);
            expected.forEach(r -> results.merge(r.instrumentId(), 1, Integer::sum));
        }
        // Results of every instrument the generator writes, so a wrong 'starts' would show.
        assertThat(results.keySet()).containsExactly("audit-c", "bal", "cssrs-answers",
                "cssrs-screen", "phq2", "phq9-item9", "phq9-total", "uds");
    }
}
