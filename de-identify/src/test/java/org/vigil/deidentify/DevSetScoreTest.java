package org.vigil.deidentify;

import org.junit.jupiter.api.Test;
import org.vigil.corpus.AnnotatedText;
import org.vigil.corpus.I2b2Format;
import org.vigil.corpus.LetterCase;
import org.vigil.corpus.PhiAnnotation;
import org.vigil.corpus.PhiScore;
import org.vigil.corpus.PhiScorer;
import org.vigil.deidentify.text.PhiSpan;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scores the tag-mode engine on the development set in {@code devset/}: short invented nursing notes written for
 * this purpose (not by the generator), mostly in lower case, with clinicians' habits ("dtr", "d/w", "per", sign-offs)
 * and look-alikes that must stay ("pt may go home", "will call", "OSH", "MICU", "rose to 38"), annotated in i2b2 2014
 * XML. Each letter case is scored with the same annotations; the floors are what the rules reach, so that a change
 * that loses names or places, or removes more ordinary words, fails here.
 */
class DevSetScoreTest {

    @Test
    void keepsRecallAndOrdinaryWordsOnTheNursingDevelopmentSetInEveryCase() throws Exception {
        List<AnnotatedText> notes = devSet();
        assertThat(notes).hasSizeGreaterThanOrEqualTo(40);
        for (LetterCase letterCase : LetterCase.values()) {
            PhiScore score = score(notes.stream().map(letterCase::apply).toList());
            assertThat(score.perType().get("NAME").recall()).as("NAME recall, %s", letterCase).isGreaterThanOrEqualTo(0.98);
            assertThat(score.perType().get("LOCATION").recall()).as("LOCATION recall, %s", letterCase)
                    .isGreaterThanOrEqualTo(LOCATION_FLOOR);
            assertThat(score.overall().recall()).as("recall, %s", letterCase).isGreaterThanOrEqualTo(OVERALL_FLOOR);
            assertThat(score.nonPhiKeptShare()).as("non-PHI tokens kept, %s", letterCase).isGreaterThanOrEqualTo(KEPT_FLOOR);
        }
    }

    static final double LOCATION_FLOOR = 0.84;
    static final double OVERALL_FLOOR = 0.93;
    static final double KEPT_FLOOR = 0.975;

    static PhiScore score(List<AnnotatedText> notes) {
        Deidentifier engine = new Deidentifier(Ruleset.standard(), Found.KEY,
                DeidOptions.defaults().withMode(DeidMode.TAG).withTimeoutMillis(0));
        List<PhiScorer.Prediction> predictions = new ArrayList<>();
        for (AnnotatedText note : notes) {
            DeidResult.Clean clean = (DeidResult.Clean) engine.deidentify(note.text(), note.id());
            List<PhiAnnotation> predicted = new ArrayList<>();
            for (PhiSpan s : clean.spans()) {
                predicted.add(new PhiAnnotation(s.category().name(), s.category().name(), s.start(), s.end(),
                        note.text().substring(s.start(), s.end()), ""));
            }
            predictions.add(new PhiScorer.Prediction(byCategory(note), predicted));
        }
        return PhiScorer.score(predictions);
    }

    /** Gold spans to be removed keyed by category (NAME, LOCATION...), as the predictions are. */
    private static AnnotatedText byCategory(AnnotatedText note) {
        List<PhiAnnotation> gold = new ArrayList<>();
        for (PhiAnnotation g : note.phi()) {
            gold.add(g.mustRemove() ? new PhiAnnotation(g.category(), g.category(), g.start(), g.end(), g.text(),
                    g.comment()) : g);
        }
        return new AnnotatedText(note.id(), note.text(), gold);
    }

    static List<AnnotatedText> devSet() throws IOException, URISyntaxException {
        Path dir = Path.of(DevSetScoreTest.class.getResource("/org/vigil/deidentify/devset").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().map(I2b2Format::read).toList();
        }
    }
}
