package org.vigil.tools.signals;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil bench signals}: notes/s of the rules backend on one thread (= per core) at about 2.5 KB a note, and
 * of the onnx backend at batch sizes 1, 8 and 32, printed as figures. A benchmark main, not a timed test.
 *
 * <p>The rules figure comes with a plain baseline measured in the same run on the same notes (one
 * {@code String.toLowerCase} and one precompiled regular-expression pass per note, as {@code vigil bench deid}
 * prints), in rounds interleaved with the rules' rounds, so that the ratio between them compares runs on machines
 * of different speed or load.
 */
@Command(name = "signals", mixinStandardHelpOptions = true,
        description = "Prints notes/s per core of the rules backend (notes of about 2.5 KB) and of the onnx backend "
                + "at batch sizes 1, 8, 32.")
public final class BenchSignalsCommand implements Callable<Integer> {

    /** The baseline's regular expression: the phone pattern of {@code vigil bench deid}. */
    private static final Pattern BASELINE = Pattern.compile("\\(?\\d{3}\\)?[\\s.-]?\\d{3}[\\s.-]\\d{4}");

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per figure (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "15",
            description = "Warm-up seconds before the rules are measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Measured rounds of the rules and of the baseline, interleaved; medians are printed (default: ${DEFAULT-VALUE}).")
    int rounds;

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
        Work baseline = batch -> {
            for (String t : batch) {
                sink += t.toLowerCase(Locale.ROOT).length();
                Matcher m = BASELINE.matcher(t);
                while (m.find()) {
                    sink++;
                }
            }
        };
        // The JIT needs tens of thousands of notes before the figures settle, longer on a busy host; the figure is
        // the steady state a long-running worker reaches.
        measure("warm-up rules", Math.max(1, warmup), notes, 1, batch -> batch.forEach(rules::extract));
        measure("warm-up baseline", Math.max(1, seconds / 2), notes, 1, baseline);
        int n = Math.max(1, rounds);
        double[] wall = new double[n];
        double[] cpu = new double[n];
        double[] base = new double[n];
        for (int r = 0; r < n; r++) {
            wall[r] = measure("rules, 1 thread", seconds, notes, 1, batch -> batch.forEach(rules::extract));
            cpu[r] = lastCpuRate;
            measure("baseline, 1 thread", seconds, notes, 1, baseline);
            base[r] = lastCpuRate;
        }
        double rate = median(wall);
        double cpuRate = median(cpu);
        double baseRate = median(base);
        out.printf(Locale.ROOT, "rules: %,.0f notes/s per core by wall clock, %,.0f notes per CPU-second of the "
                + "benchmark thread (%.1f MB/s; target >= 10,000 notes/s per core); median of %d rounds of %d s "
                + "after %d s of warm-up%n", rate, cpuRate, cpuRate * avg / 1e6, n, seconds, warmup);
        out.printf(Locale.ROOT, "baseline (toLowerCase + one regex pass per note): %,.0f notes per CPU-second "
                + "(%.1f MB/s); rules take %.1fx the baseline's time per note%n", baseRate, baseRate * avg / 1e6,
                baseRate / cpuRate);
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
        return sink == 42 ? 1 : 0;
    }

    interface Work {
        void run(List<String> batch);
    }

    /** Keeps the baseline's results alive so the JIT cannot drop its work. */
    private long sink;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
