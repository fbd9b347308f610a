package org.vigil.tools.deid;

import org.vigil.deidentify.DeidResult;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.text.PhiSpan;

import org.vigil.corpus.AnnotatedText;
import org.vigil.corpus.PhiScore;
import org.vigil.corpus.PhiScorer;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores the engine against gold i2b2 annotations with the project's {@link PhiScorer}: the engine runs in tag mode
 * on each text and its spans on the original text are the predictions. Rows are i2b2 categories (NAME, DATE...),
 * both for recall (gold) and precision (predicted); mentions Safe Harbor lets stay (states, countries, professions,
 * ages under 90, bare years) keep their type, so they count for precision but not for recall.
 */
public final class DeidEvaluation {

    /**
     * The score, how many notes failed closed (scored as if nothing had been removed), and the residual: per clean
     * note, how many identifiers only the residual check found ({@link DeidResult.Clean#residual}).
     */
    public record Result(PhiScore score, int failed, int[] residualPerNote) {

        public int residualTotal() {
            return java.util.Arrays.stream(residualPerNote).sum();
        }

        public int residualMax() {
            return java.util.Arrays.stream(residualPerNote).max().orElse(0);
        }

        public long notesWithResidual() {
            return java.util.Arrays.stream(residualPerNote).filter(n -> n > 0).count();
        }
    }

    private DeidEvaluation() {
    }

    public static Result evaluate(Deidentifier engine, List<AnnotatedText> documents) {
        List<PhiScorer.Prediction> predictions = new ArrayList<>(documents.size());
        int failed = 0;
        int[] residual = new int[documents.size()];
        int at = 0;
        for (AnnotatedText doc : documents) {
            List<org.vigil.corpus.PhiAnnotation> predicted = new ArrayList<>();
            DeidResult result = engine.deidentify(doc.text(), doc.id());
            if (result instanceof DeidResult.Clean clean) {
                residual[at] = clean.residual();
                for (PhiSpan s : clean.spans()) {
                    predicted.add(new org.vigil.corpus.PhiAnnotation(s.category().name(), s.category().name(), s.start(), s.end(),
                            doc.text().substring(s.start(), s.end()), ""));
                }
            } else {
                failed++;
            }
            predictions.add(new PhiScorer.Prediction(byCategory(doc), predicted));
            at++;
        }
        return new Result(PhiScorer.score(predictions), failed, residual);
    }

    /** Gold spans that must be removed are keyed by category; the others keep their type (and stay non-removable). */
    static AnnotatedText byCategory(AnnotatedText doc) {
        List<org.vigil.corpus.PhiAnnotation> spans = new ArrayList<>(doc.phi().size());
        for (org.vigil.corpus.PhiAnnotation g : doc.phi()) {
            spans.add(g.mustRemove()
                    ? new org.vigil.corpus.PhiAnnotation(g.category(), g.category(), g.start(), g.end(), g.text(), g.comment())
                    : g);
        }
        return new AnnotatedText(doc.id(), doc.text(), spans);
    }
}
