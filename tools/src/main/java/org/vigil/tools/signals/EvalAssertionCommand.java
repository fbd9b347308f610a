package org.vigil.tools.signals;

import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil eval assertion --format negex FILE [--json]}: runs the worker's ConText rules on the concept of every
 * NegEx-format row and scores the negated flag against the row's {@code Affirmed}/{@code Negated}.
 */
@Command(name = "assertion", mixinStandardHelpOptions = true,
        description = {"Scores the ConText negated flag against NegEx-annotated sentences: a header line, then rows of "
                + "report number<TAB>concept<TAB>sentence<TAB>Affirmed|Negated (further columns ignored).",
                "Prints accuracy and the precision, recall and F1 of Negated; a concept not found in its sentence "
                        + "counts as a wrong prediction and is listed by line."})
public final class EvalAssertionCommand implements Callable<Integer> {

    @Option(names = "--format", defaultValue = "negex", description = "Gold annotation format; only negex (default).")
    String format;

    @Option(names = "--json", description = "Print one JSON object: n, accuracy, negated_precision, negated_recall, "
            + "negated_f1, then tp, fp, fn, tn and errors.")
    boolean json;

    @Parameters(index = "0", paramLabel = "FILE", description = "NegEx-format annotation file (tab-separated).")
    Path file;

    PrintStream out = System.out;
    PrintStream err = System.err;
    RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());

    @Override
    public Integer call() throws IOException {
        if (!format.equals("negex")) {
            err.println("Only --format negex is supported, not " + format);
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println("Not a file: " + file);
            return 2;
        }
        List<NegExSentences.Row> rows;
        try {
            rows = NegExSentences.read(file);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        NegationScore score = NegationScore.score(rules, rows);
        out.print(json ? score.toJson() + "\n" : "ConText rules " + rules.version() + "\n" + score.toTable());
        return 0;
    }
}
