package org.vigil.tools.signals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vigil.inference.rules.RuleBasedExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy and the precision, recall and F1 of {@code Negated} of the ConText negated flag over NegEx-format rows.
 * A row whose concept is not in its sentence is an error: it is counted as a wrong prediction (so it can only lower
 * the figures) and listed by line and report number, never by its text.
 */
public record NegationScore(int n, int truePositives, int falsePositives, int falseNegatives, int trueNegatives,
                            List<String> errors) {

    public NegationScore {
        errors = List.copyOf(errors);
    }

    /** Runs the rules' ConText on each row's concept. */
    public static NegationScore score(RuleBasedExtractor rules, List<NegExSentences.Row> rows) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        List<String> errors = new ArrayList<>();
        for (NegExSentences.Row row : rows) {
            int[] span = row.span();
            boolean predicted;
            if (span == null) {
                errors.add("line " + row.line() + " (report " + row.report() + "): concept not found in the sentence");
                predicted = !row.negated();
            } else {
                predicted = rules.context(row.sentence(), span[0], span[1]).negated();
            }
            if (predicted && row.negated()) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (row.negated()) {
                fn++;
            } else {
                tn++;
            }
        }
        return new NegationScore(rows.size(), tp, fp, fn, tn, errors);
    }

    public double accuracy() {
        return n == 0 ? 0 : (double) (truePositives + trueNegatives) / n;
    }

    public double negatedPrecision() {
        return truePositives + falsePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
    }

    public double negatedRecall() {
        return truePositives + falseNegatives == 0 ? 0 : (double) truePositives / (truePositives + falseNegatives);
    }

    public double negatedF1() {
        double p = negatedPrecision();
        double r = negatedRecall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** One JSON object: n, accuracy, negated_precision, negated_recall, negated_f1, then the counts and errors. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("n", n);
        o.put("accuracy", round(accuracy()));
        o.put("negated_precision", round(negatedPrecision()));
        o.put("negated_recall", round(negatedRecall()));
        o.put("negated_f1", round(negatedF1()));
        o.put("tp", truePositives);
        o.put("fp", falsePositives);
        o.put("fn", falseNegatives);
        o.put("tn", trueNegatives);
        ArrayNode e = o.putArray("errors");
        errors.forEach(e::add);
        return o.toString();
    }

    public String toTable() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Rows %d, concept not found %d%n", n, errors.size()));
        s.append(String.format(Locale.ROOT, "accuracy           %.4f%n", accuracy()));
        s.append(String.format(Locale.ROOT, "Negated precision  %.4f  recall %.4f  F1 %.4f%n", negatedPrecision(),
                negatedRecall(), negatedF1()));
        s.append(String.format(Locale.ROOT, "gold \\ predicted   Negated  Affirmed%n"));
        s.append(String.format(Locale.ROOT, "Negated           %7d  %8d%n", truePositives, falseNegatives));
        s.append(String.format(Locale.ROOT, "Affirmed          %7d  %8d%n", falsePositives, trueNegatives));
        for (String error : errors) {
            s.append("error: ").append(error).append('\n');
        }
        return s.toString();
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
