package org.vigil.tools.deid;

import org.vigil.deidentify.DeidMode;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.operate.DeidKey;
import org.vigil.deidentify.text.PhiCategory;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.AnnotatedText;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.PhiScore;
import org.vigil.corpus.SyntheticNote;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The targets on a held-out generated corpus (seeds at or above {@link CorpusGenerator#HELD_OUT_SEED_START}
 * are never used for tuning): token recall at least 0.995 overall and 0.99 in every category, precision at least
 * 0.90, in tag mode, scored by the project's {@code PhiScorer}.
 */
class HeldOutEvaluationTest {

    static final long SEED = CorpusGenerator.HELD_OUT_SEED_START + 4242;
    static final int NOTES = 500;
    static final DeidKey KEY = DeidKey.of("0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @Test
    void meetsRecallAndPrecisionTargetsOnAHeldOutCorpus() {
        List<AnnotatedText> gold = new CorpusGenerator(SEED).generate(NOTES).stream().map(SyntheticNote::annotatedText).toList();
        Deidentifier engine = new Deidentifier(Ruleset.standard(), KEY,
                DeidOptions.defaults().withMode(DeidMode.TAG).withTimeoutMillis(0));

        DeidEvaluation.Result result = DeidEvaluation.evaluate(engine, gold);
        PhiScore score = result.score();

        assertThat(result.failed()).isZero();
        assertThat(score.documents()).isEqualTo(NOTES);
        assertThat(score.overall().recall()).as("overall token recall").isGreaterThanOrEqualTo(0.995);
        assertThat(score.overall().precision()).as("overall token precision").isGreaterThanOrEqualTo(0.90);
        for (PhiCategory category : PhiCategory.values()) {
            PhiScore.Counts c = score.perType().get(category.name());
            if (c != null && c.gold() > 0) {
                assertThat(c.recall()).as(category + " token recall").isGreaterThanOrEqualTo(0.99);
            }
        }
        assertThat(score.perType().get("NAME").gold()).isGreaterThan(1000);
        assertThat(score.perType().get("DATE").gold()).isGreaterThan(1000);
    }
}
