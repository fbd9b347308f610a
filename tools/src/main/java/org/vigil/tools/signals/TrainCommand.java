package org.vigil.tools.signals;

import org.vigil.inference.model.ContextFeaturizer;
import org.vigil.tools.signals.ModelTrainer;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil train --notes N --seed S --out DIR}: trains the candidate-mention model on generated notes with
 * Tribuo and writes an ONNX model folder (manifest.json, model.onnx, features.txt) for the onnx and triton backends.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the signal model on generated notes (Tribuo) and exports it to ONNX with a manifest.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--notes", defaultValue = "3000", description = "Generated training notes (default: ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed, below the held-out range (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
    Path out;

    @Option(names = "--epochs", defaultValue = "5", description = "SGD epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--buckets", defaultValue = "16384", description = "Feature hash buckets (default: ${DEFAULT-VALUE}).")
    int buckets;

    PrintStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        ModelTrainer trainer = new ModelTrainer(new RuleBasedExtractor(RuleSet.standard()), new ContextFeaturizer(buckets, 6));
        ModelTrainer.Result r = trainer.train(notes, seed, epochs, out);
        stdout.printf(Locale.ROOT, "Trained %s on %d candidate mentions from %d notes (seed %d): %d features, labels %s, "
                + "training accuracy %.3f -> %s%n", ModelTrainer.MODEL_ID, r.examples(), notes, seed, r.features(),
                r.labels(), r.trainingAccuracy(), r.dir());
        return 0;
    }
}
