package org.vigil.inference.others;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.corpus.BratDocument;
import org.vigil.corpus.BratFormat;
import org.vigil.corpus.SignalMention;
import org.vigil.corpus.SignalScore;
import org.vigil.corpus.SignalScorer;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.schemas.RiskSignal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scores the rules on notes invented in the styles of other writers (Markdown headers, SNOMED CT display strings,
 * capitals, lower case, SOAP letters, problem lists, nursing shorthand, questionnaire items), annotated in brat
 * standoff by ANNOTATION-GUIDELINES.md in {@code src/test/resources/org/vigil/inference/others/}: positives with
 * their assertions and negatives (screenings, headers, family history, hypotheticals, homonyms). Note level, with
 * the corpus module's SignalScorer; prints the table and the assertion confusion matrix (ids, kinds and
 * assertions only) and holds the floors reached when the set was written.
 */
class OthersNotesEvalTest {

    private static final String NONE = "(none)";
    private static final String MISSED = "MISSED";

    private static List<BratDocument> documents;
    private static List<SignalScorer.Prediction> predictions;
    private static SignalScore score;

    @BeforeAll
    static void scoreTheSet() throws IOException, URISyntaxException {
        Path dir = Path.of(OthersNotesEvalTest.class.getResource("/org/vigil/inference/others").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            documents = files.filter(p -> p.toString().endsWith(".txt")).sorted().map(BratFormat::read).toList();
        }
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        predictions = new ArrayList<>();
        for (BratDocument d : documents) {
            List<SignalMention> predicted = new ArrayList<>();
            for (RiskSignal s : rules.extract(d.text())) {
                predicted.add(new SignalMention(s.getKind().name(), s.getAssertion().name(), s.getEvidenceStart(),
                        s.getEvidenceEnd(), s.getEvidenceText()));
            }
            predictions.add(new SignalScorer.Prediction(d.mentions(), predicted));
        }
        score = SignalScorer.score(predictions);
        System.out.print(score.toTable());
        System.out.print(confusionTable());
        printNoteErrors();
    }

    /**
     * Gold assertion (rows, {@value #NONE} for a predicted mention no gold mention matches) against predicted
     * assertion (columns, {@value #MISSED} for a gold mention nothing matches), over mentions matched within a kind
     * by span overlap as SignalScorer matches them: same assertion first, then the largest overlap.
     */
    static Map<String, Map<String, Integer>> confusion() {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        for (SignalScorer.Prediction p : predictions) {
            boolean[] used = new boolean[p.predicted().size()];
            for (SignalMention g : p.gold()) {
                int best = -1;
                int bestScore = Integer.MIN_VALUE;
                for (int i = 0; i < p.predicted().size(); i++) {
                    SignalMention q = p.predicted().get(i);
                    if (used[i] || !q.kind().equals(g.kind()) || !g.overlaps(q)) {
                        continue;
                    }
                    int overlap = Math.min(g.end(), q.end()) - Math.max(g.start(), q.start());
                    int s = (q.assertion().equals(g.assertion()) ? 1_000_000 : 0) + overlap;
                    if (s > bestScore) {
                        bestScore = s;
                        best = i;
                    }
                }
                String predicted = MISSED;
                if (best >= 0) {
                    used[best] = true;
                    predicted = p.predicted().get(best).assertion();
                }
                m.computeIfAbsent(g.assertion(), k -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
            }
            for (int i = 0; i < used.length; i++) {
                if (!used[i]) {
                    m.computeIfAbsent(NONE, k -> new TreeMap<>()).merge(p.predicted().get(i).assertion(), 1,
                            Integer::sum);
                }
            }
        }
        return m;
    }

    private static String confusionTable() {
        List<String> columns = new ArrayList<>(SignalMention.ASSERTIONS);
        columns.add(MISSED);
        List<String> rows = new ArrayList<>(SignalMention.ASSERTIONS);
        rows.add(NONE);
        Map<String, Map<String, Integer>> m = confusion();
        StringBuilder b = new StringBuilder("Assertion confusion (mentions; rows gold, columns predicted)\n");
        b.append(String.format(Locale.ROOT, "%-13s", "gold\\pred"));
        columns.forEach(c -> b.append(String.format(Locale.ROOT, " %12s", c)));
        b.append('\n');
        for (String r : rows) {
            b.append(String.format(Locale.ROOT, "%-13s", r));
            for (String c : columns) {
                b.append(String.format(Locale.ROOT, " %12d", m.getOrDefault(r, Map.of()).getOrDefault(c, 0)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The (kind, assertion) pairs each note gets wrong, by note id. */
    private static void printNoteErrors() {
        for (int i = 0; i < documents.size(); i++) {
            SignalScorer.Prediction p = predictions.get(i);
            List<String> gold = p.gold().stream().map(m -> m.kind() + " " + m.assertion()).distinct().toList();
            List<String> predicted = p.predicted().stream().map(m -> m.kind() + " " + m.assertion()).distinct()
                    .toList();
            List<String> wrong = new ArrayList<>();
            predicted.stream().filter(x -> !gold.contains(x)).forEach(x -> wrong.add("+" + x));
            gold.stream().filter(x -> !predicted.contains(x)).forEach(x -> wrong.add("-" + x));
            if (!wrong.isEmpty()) {
                System.out.println("  " + documents.get(i).id() + ": " + String.join(", ", wrong));
            }
        }
    }

    @Test
    void setHoldsAFewDozenNotesWithPositivesAndNegatives() {
        assertThat(documents).hasSizeGreaterThanOrEqualTo(35);
        assertThat(documents).anyMatch(d -> d.mentions().isEmpty() || d.mentions().stream()
                .allMatch(m -> !m.assertion().equals("AFFIRMED")));
        assertThat(documents.stream().flatMap(d -> d.mentions().stream()).map(SignalMention::assertion).distinct())
                .containsExactlyInAnyOrderElementsOf(SignalMention.ASSERTIONS);
    }

    @Test
    void noteLevelScoresStayAtTheirFloors() {
        assertThat(score.noteOverall().f1()).as("note-level F1").isGreaterThanOrEqualTo(0.98);
        assertThat(score.noteOverall().precision()).as("note-level precision").isGreaterThanOrEqualTo(0.97);
        assertThat(score.noteOverall().recall()).as("note-level recall").isGreaterThanOrEqualTo(0.98);
        score.notePerKind().forEach((kind, counts) ->
                assertThat(counts.f1()).as("note-level F1 of " + kind).isGreaterThanOrEqualTo(0.9));
    }

    @Test
    void assertionsStayAtTheirFloors() {
        assertThat(score.assertionOverall().accuracy()).as("assertion accuracy").isGreaterThanOrEqualTo(0.98);
        Map<String, Map<String, Integer>> m = confusion();
        // Reading a negated, hypothetical or family mention as the patient's current finding is the costly error.
        for (String gold : List.of("NEGATED", "HYPOTHETICAL", "FAMILY", "UNCERTAIN")) {
            assertThat(m.getOrDefault(gold, Map.of()).getOrDefault("AFFIRMED", 0))
                    .as(gold + " read as AFFIRMED").isZero();
        }
    }
}
