package org.vigil.tools.signals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import org.vigil.corpus.SignalMention;
import org.vigil.corpus.SignalScore;
import org.vigil.inference.backend.RulesBackend;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The targets on a held-out generated corpus (seeds from {@link CorpusGenerator#HELD_OUT_SEED_START}, never
 * used to write or tune the rules), scored through the brat files exactly as {@code vigil eval signals} does.
 */
class HeldOutSignalEvalTest {

    private static final long SEED = CorpusGenerator.HELD_OUT_SEED_START + 4_242;
    private static final int NOTES = 400;

    @TempDir
    static Path dir;

    private static SignalScore score;

    @BeforeAll
    static void scoreHeldOutCorpus() throws IOException {
        CorpusWriter.write(new CorpusGenerator(SEED).generate(NOTES), dir);
        List<Path> txts;
        try (Stream<Path> files = Files.list(dir)) {
            txts = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(txts).hasSize(NOTES);
        score = EvalSignalsCommand.score(new RulesBackend(new RuleBasedExtractor(RuleSet.standard())), txts);
        System.out.println(score.toTable());
    }

    @Test
    void overallNoteLevelF1IsAtLeast090() {
        assertThat(score.noteOverall().f1()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void everyKindReachesNoteLevelF1Of090() {
        for (String kind : SignalMention.KINDS) {
            assertThat(score.notePerKind()).containsKey(kind);
            assertThat(score.notePerKind().get(kind).f1()).as(kind).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void assertionAccuracyOnMatchedMentionsIsAtLeast095() {
        assertThat(score.assertionOverall().matched()).isGreaterThan(1_000);
        assertThat(score.assertionOverall().accuracy()).isGreaterThanOrEqualTo(0.95);
    }
}
