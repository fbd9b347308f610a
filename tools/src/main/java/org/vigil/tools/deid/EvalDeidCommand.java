package org.vigil.tools.deid;

import org.vigil.deidentify.DeidMode;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.operate.DeidKey;

import org.vigil.corpus.AnnotatedText;
import org.vigil.corpus.I2b2Format;
import org.vigil.corpus.LetterCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vigil eval deid}: scores the de-identifier against a folder of i2b2 2014 XML files, token level and entity
 * level, per category and overall, in the default mode and with the safe list; a PHI token counts as caught only
 * if the engine removed or replaced it.
 */
@Command(name = "deid", mixinStandardHelpOptions = true,
        description = "Score de-identification against i2b2 2014 XML annotations (token and entity recall/precision/F1).")
public final class EvalDeidCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of i2b2 2014 .xml files.")
    Path dir;

    @Option(names = "--format", defaultValue = "i2b2", description = "Annotation format; only i2b2 is supported.")
    String format;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Option(names = "--modes", defaultValue = "safe-list,no-safe-list", split = ",",
            description = "Modes to score: safe-list (the default engine, with the residual check), no-safe-list "
                    + "(the recognizers alone) (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--cases", defaultValue = "original", split = ",",
            description = "Letter cases to score the notes in, with the same annotations: original, lower, upper "
                    + "(nursing notes are often all one case; default: ${DEFAULT-VALUE}).")
    List<String> cases;

    PrintWriter stdout = new PrintWriter(System.out, true);
    PrintWriter stderr = new PrintWriter(System.err, true);

    @Override
    public Integer call() throws IOException {
        if (!format.equalsIgnoreCase("i2b2")) {
            stderr.println("Unsupported format " + format + ": only i2b2 (2014 de-identification XML) is read.");
            return 2;
        }
        List<AnnotatedText> documents = read(dir);
        if (documents.isEmpty()) {
            stderr.println("No .xml files in " + dir);
            return 2;
        }
        List<LetterCase> letterCases = new ArrayList<>();
        for (String caseName : cases) {
            try {
                letterCases.add(LetterCase.valueOf(caseName.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                stderr.println("Unknown case " + caseName + ": expected original, lower or upper.");
                return 2;
            }
        }
        StringBuilder jsonOut = new StringBuilder("{");
        for (LetterCase letterCase : letterCases) {
            for (String m : modes) {
                String mode = m.trim().toLowerCase(Locale.ROOT);
                if (!mode.equals("safe-list") && !mode.equals("no-safe-list")) {
                    stderr.println("Unknown mode " + m + ": expected safe-list or no-safe-list.");
                    return 2;
                }
                boolean safe = mode.equals("safe-list");
                Deidentifier engine = new Deidentifier(Ruleset.standard(), DeidKey.of(new byte[DeidKey.MIN_BYTES]),
                        DeidOptions.defaults().withMode(DeidMode.TAG).withSafeList(safe).withTimeoutMillis(0));
                DeidEvaluation.Result r = DeidEvaluation.evaluate(engine,
                        documents.stream().map(letterCase::apply).toList());
                // The original case keeps the labels the JSON has always had.
                String label = mode
                        + (letterCase == LetterCase.ORIGINAL ? "" : "-" + letterCase.name().toLowerCase(Locale.ROOT));
                if (json) {
                    if (jsonOut.length() > 1) {
                        jsonOut.append(',');
                    }
                    jsonOut.append('"').append(label).append("\":{\"failedClosed\":").append(r.failed())
                            .append(",\"residual\":{\"total\":").append(r.residualTotal())
                            .append(",\"notes\":").append(r.notesWithResidual()).append(",\"max\":")
                            .append(r.residualMax()).append('}')
                            .append(",\"scores\":").append(r.score().toJson()).append('}');
                } else {
                    stdout.printf(Locale.ROOT, "== %s (ruleset %s), %d notes failed closed%n", label,
                            engine.rulesetVersion(), r.failed());
                    stdout.print(r.score().toTable());
                    stdout.printf(Locale.ROOT, "residual (found by the residual check alone): %d in %d of %d notes, "
                            + "at most %d in one%n", r.residualTotal(), r.notesWithResidual(),
                            r.residualPerNote().length, r.residualMax());
                    stdout.println();
                }
            }
        }
        if (json) {
            stdout.println(jsonOut.append('}'));
        }
        return 0;
    }

    static List<AnnotatedText> read(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")).sorted().toList();
        }
        List<AnnotatedText> docs = new ArrayList<>(files.size());
        for (Path f : files) {
            docs.add(I2b2Format.read(f));
        }
        return docs;
    }
}
