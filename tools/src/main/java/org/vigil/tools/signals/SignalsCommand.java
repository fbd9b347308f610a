package org.vigil.tools.signals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.vigil.corpus.BratFormat;
import org.vigil.inference.backend.InferenceBackend;
import org.vigil.schemas.RiskSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vigil signals --in DIR --out DIR [--backend ...]}: extracts risk signals from every .txt note of a folder,
 * offline, and writes one brat .ann per note (same base name) with the signals and their assertions.
 */
@Command(name = "signals", mixinStandardHelpOptions = true,
        description = "Extracts risk signals from a folder of .txt notes into brat .ann files.")
public final class SignalsCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "DIR", description = "Folder of .txt notes (de-identified).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the .ann files.")
    Path outDir;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(in)) {
            err.println("Not a folder: " + in);
            return 2;
        }
        List<Path> txts;
        try (Stream<Path> files = Files.list(in)) {
            txts = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        Files.createDirectories(outDir);
        int signals = 0;
        try (InferenceBackend backend = backendOptions.open(new SimpleMeterRegistry())) {
            for (int i = 0; i < txts.size(); i += 64) {
                List<Path> batch = txts.subList(i, Math.min(txts.size(), i + 64));
                List<String> texts = new ArrayList<>(batch.size());
                for (Path p : batch) {
                    texts.add(Files.readString(p, StandardCharsets.UTF_8));
                }
                List<List<RiskSignal>> found = backend.extract(texts);
                for (int k = 0; k < batch.size(); k++) {
                    String name = batch.get(k).getFileName().toString();
                    String base = name.substring(0, name.length() - ".txt".length());
                    Files.writeString(outDir.resolve(base + ".ann"), BratFormat.writeAnn(SignalMentions.of(found.get(k))),
                            StandardCharsets.UTF_8);
                    signals += found.get(k).size();
                }
            }
            out.printf("%d notes, %d signals (backend %s) written to %s%n", txts.size(), signals, backend.name(), outDir);
        }
        return 0;
    }
}
