package org.vigil.tools.signals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.vigil.corpus.BratDocument;
import org.vigil.corpus.BratFormat;
import org.vigil.corpus.SignalScore;
import org.vigil.corpus.SignalScorer;
import org.vigil.inference.backend.InferenceBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vigil eval signals --format brat DIR [--json]}: runs the signal backend on every .txt of DIR and scores
 * it against the sibling .ann files (brat standoff: T lines named with the signal kinds, A lines
 * {@code Assertion Tn VALUE}); prints note-level P/R/F1 of (kind, assertion) pairs per kind and overall,
 * mention-level P/R/F1 and assertion accuracy on matched mentions.
 */
@Command(name = "signals", mixinStandardHelpOptions = true,
        description = "Scores the risk-signal backend against a brat-annotated folder (.txt + .ann).")
public final class EvalSignalsCommand implements Callable<Integer> {

    @Option(names = "--format", defaultValue = "brat", description = "Gold annotation format; only brat (default).")
    String format;

    @Option(names = "--json", description = "Print the scores as JSON instead of a table.")
    boolean json;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of .txt notes with .ann gold annotations.")
    Path dir;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("brat")) {
            err.println("Only --format brat is supported, not " + format);
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            err.println("Not a folder: " + dir);
            return 2;
        }
        List<Path> txts;
        try (Stream<Path> files = Files.list(dir)) {
            txts = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        if (txts.isEmpty()) {
            err.println("No .txt files in " + dir);
            return 2;
        }
        try (InferenceBackend backend = backendOptions.open(new SimpleMeterRegistry())) {
            SignalScore score = score(backend, txts);
            out.println(json ? score.toJson() : "Backend " + backend.name() + "\n" + score.toTable());
        }
        return 0;
    }

    /** Scores the backend on the brat documents, 64 notes per backend call. */
    public static SignalScore score(InferenceBackend backend, List<Path> txts) {
        List<SignalScorer.Prediction> predictions = new ArrayList<>(txts.size());
        for (int i = 0; i < txts.size(); i += 64) {
            List<BratDocument> docs = txts.subList(i, Math.min(txts.size(), i + 64)).stream().map(BratFormat::read).toList();
            var signals = backend.extract(docs.stream().map(BratDocument::text).toList());
            for (int k = 0; k < docs.size(); k++) {
                predictions.add(new SignalScorer.Prediction(docs.get(k).mentions(), SignalMentions.of(signals.get(k))));
            }
        }
        return SignalScorer.score(predictions);
    }
}
