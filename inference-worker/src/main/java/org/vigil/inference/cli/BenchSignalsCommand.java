package org.vigil.inference.cli;

import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import org.vigil.inference.model.OnnxBackend;
import org.vigil.inference.model.ModelManifest;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil bench signals}: notes/s of the rules backend on one thread (= per core) at about 2.5 KB a note, and
 * of the onnx backend at batch sizes 1, 8 and 32, printed as figures. A benchmark main, not a timed test.
 */
@Command(name = "signals", mixinStandardHelpOptions = true,
        description = "Prints notes/s per core of the rules backend (notes of about 2.5 KB) and of the onnx backend "
                + "at batch sizes 1, 8, 32.")
public final class BenchSignalsCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per figure (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--note-bytes", defaultValue = "2500", description = "Target note size in characters (default: ${DEFAULT-VALUE}).")
    int noteChars;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model folder with manifest.json for the onnx figures (default: the model shipped in the jar).")
    Path model;

    @Option(names = "--skip-onnx", description = "Only the rules figure.")
    boolean skipOnnx;

    @Option(names = "--device", defaultValue = "auto", description = "onnx device: auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String device;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<String> notes = notes(2_000, noteChars);
        double avg = notes.stream().mapToInt(String::length).average().orElse(0);
        out.printf(Locale.ROOT, "Corpus: %d generated notes, %.0f characters on average; %d cores; %s%n",
                notes.size(), avg, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name")
                        + " " + System.getProperty("java.version"));
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        // The JIT needs several thousand notes before the figures settle.
        measure("warm-up rules", Math.max(5, seconds), notes, 1, batch -> batch.forEach(rules::extract));
        double rate = measure("rules, 1 thread", seconds, notes, 1, batch -> batch.forEach(rules::extract));
        out.printf(Locale.ROOT, "rules: %,.0f notes/s per core by wall clock, %,.0f notes per CPU-second of the "
                + "benchmark thread (%.1f MB/s; target >= 10,000 notes/s per core)%n", rate, lastCpuRate, lastCpuRate * avg / 1e6);
        if (!skipOnnx) {
            ModelManifest manifest = model == null ? ModelManifest.shipped() : ModelManifest.load(model);
            try (OnnxBackend onnx = OnnxBackend.open(manifest, rules, device, 32, 0)) {
                out.printf("onnx: model %s %s on %s%n", manifest.id(), manifest.version(), onnx.device());
                for (int batch : new int[] {1, 8, 32}) {
                    measure("warm-up onnx", Math.max(2, seconds / 2), notes, batch, onnx::extract);
                    double r = measure("onnx batch " + batch, seconds, notes, batch, onnx::extract);
                    out.printf(Locale.ROOT, "onnx batch %2d: %,.0f notes/s by wall clock, %,.0f per CPU-second of the "
                            + "caller thread (rules candidates + model, 1 caller, 1 intra-op thread)%n", batch, r, lastCpuRate);
                }
            }
        }
        return 0;
    }

    interface Work {
        void run(List<String> batch);
    }

    /** Notes per CPU-second of the measuring thread in the last measurement: the per-core figure on a busy host. */
    private double lastCpuRate;

    private double measure(String label, int secs, List<String> notes, int batch, Work work) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long end = System.nanoTime() + secs * 1_000_000_000L;
        long start = System.nanoTime();
        long done = 0;
        int i = 0;
        while (System.nanoTime() < end) {
            List<String> slice = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                slice.add(notes.get(i++ % notes.size()));
            }
            work.run(slice);
            done += batch;
        }
        lastCpuRate = done / ((cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** Generated notes (bench seeds, not the held-out range), joined or trimmed towards {@code chars} each. */
    static List<String> notes(int n, int chars) {
        List<SyntheticNote> generated = new CorpusGenerator(77L).generate(n);
        List<String> out = new ArrayList<>(n);
        StringBuilder b = new StringBuilder();
        int j = 0;
        while (out.size() < n) {
            String text = generated.get(j++ % generated.size()).text();
            b.append(text).append("\n\n");
            if (b.length() >= chars * 0.9) {
                out.add(b.length() > chars * 1.1 ? b.substring(0, chars) : b.toString());
                b.setLength(0);
            }
        }
        return out;
    }
}
