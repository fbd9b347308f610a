package org.vigil.tools;

import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a synthetic annotated corpus: i2b2 2014 XML for PHI, brat standoff for signals, a MIMIC-shaped CSV. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes synthetic psychiatric, emergency and primary-care notes with ground truth:",
                "<id>.txt + <id>.ann (brat standoff risk signals), <id>.xml (i2b2 2014 PHI), noteevents.csv "
                        + "(MIMIC-III NOTEEVENTS shape), ground-truth.jsonl.",
                "Deterministic for a seed. Seeds >= 1000000 are held out for evaluation: never tune rules on them."})
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--notes", required = true, description = "Number of notes.")
    int notes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() {
        CorpusWriter.write(new CorpusGenerator(seed).generate(notes), out);
        System.out.printf("Wrote %d notes (seed %d) to %s%n", notes, seed, out);
        return 0;
    }
}
