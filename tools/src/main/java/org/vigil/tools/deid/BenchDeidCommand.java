package org.vigil.tools.deid;

import org.vigil.deidentify.DeidMode;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.DeidResult;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.operate.DeidKey;

import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil bench deid}: de-identification throughput in MB/s of note text per core, over generated notes, beside
 * two plain baselines measured in the same run on the same text: one precompiled regular expression pass (a phone
 * pattern) and {@code String.toLowerCase}. Work runs on one thread and is divided by that thread's CPU time, so a
 * busy shared machine lowers the wall-clock figure but not the per-core one.
 */
@Command(name = "deid", mixinStandardHelpOptions = true,
        description = "Measure de-identification throughput (MB/s per core) beside plain baselines.")
public final class BenchDeidCommand implements Callable<Integer> {

    private static final Pattern BASELINE = Pattern.compile("\\(?\\d{3}\\)?[\\s.-]?\\d{3}[\\s.-]\\d{4}");

    @Option(names = "--notes", defaultValue = "500", description = "Generated notes in the working set (default: ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per subject (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds per subject; the median and best are printed (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--mode", defaultValue = "surrogate", description = "surrogate or tag (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--safe-list", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure with the residual check (safe list) on (default) or off (--no-safe-list).")
    boolean safeList;

    @Option(names = "--adversarial", description = "Instead: worst-case inputs (runs of capitals, digits, punctuation, "
            + "a note on one line) at 1x and 10x --adversarial-chars; time per MB should not grow with the size.")
    boolean adversarial;

    @Option(names = "--adversarial-chars", defaultValue = "50000",
            description = "Size of the 1x adversarial inputs in characters (default: ${DEFAULT-VALUE}).")
    int adversarialChars;

    PrintWriter stdout = new PrintWriter(System.out, true);

    /** Keeps results alive so the JIT cannot drop the work. */
    private long sink;

    @Override
    public Integer call() {
        List<String> texts = new CorpusGenerator(seed).generate(notes).stream().map(SyntheticNote::text).toList();
        long bytes = 0;
        for (String t : texts) {
            bytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        Deidentifier engine = new Deidentifier(Ruleset.standard(), DeidKey.of(new byte[DeidKey.MIN_BYTES]),
                DeidOptions.defaults().withMode(DeidMode.parse(mode)).withSafeList(safeList));
        if (adversarial) {
            return adversarial(texts.get(0));
        }
        stdout.printf(Locale.ROOT, "%d generated notes, %.2f MB of text, %d s per subject after %d s warm-up, 1 thread%n",
                texts.size(), bytes / 1e6, seconds, Math.max(1, seconds / 2));
        double[] deid = measure(texts, bytes, t -> {
            DeidResult r = engine.deidentify(t, "bench-patient");
            return r instanceof DeidResult.Clean c ? c.text().length() : -1;
        });
        double deidWall = lastWall;
        double[] regex = measure(texts, bytes, t -> {
            Matcher m = BASELINE.matcher(t);
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        });
        double[] lower = measure(texts, bytes, t -> t.toLowerCase(Locale.ROOT).length());
        stdout.printf(Locale.ROOT, "MB/s of note text per core (thread CPU time), median / best of %d rounds:%n", deid.length);
        stdout.printf(Locale.ROOT, "deidentify (%s%s)   %8.2f / %8.2f   (wall clock %.2f)%n",
                mode.toLowerCase(Locale.ROOT), safeList ? ", safe list" : "", median(deid), best(deid), deidWall);
        stdout.printf(Locale.ROOT, "baseline: one regex pass  %8.2f / %8.2f   (de-identify %.1fx slower)%n",
                median(regex), best(regex), median(regex) / median(deid));
        stdout.printf(Locale.ROOT, "baseline: toLowerCase     %8.2f / %8.2f   (de-identify %.1fx slower)%n",
                median(lower), best(lower), median(lower) / median(deid));
        return sink == 42 ? 1 : 0;
    }

    /**
     * Each adversarial input at 1x and 10x its size, with no time budget (a budget would cut the slow cases short):
     * MB/s per core at each size and their ratio, 1.0 when the cost is linear in the input.
     */
    private int adversarial(String note) {
        Deidentifier unbounded = new Deidentifier(Ruleset.standard(), DeidKey.of(new byte[DeidKey.MIN_BYTES]),
                DeidOptions.defaults().withMode(DeidMode.parse(mode)).withSafeList(safeList).withTimeoutMillis(0)
                        .withMaxNoteChars(Math.max(DeidOptions.defaults().maxNoteChars(), adversarialChars * 10)));
        Map<String, String> small = AdversarialNotes.of(adversarialChars, seed, note);
        Map<String, String> large = AdversarialNotes.of(adversarialChars * 10, seed, note);
        stdout.printf(Locale.ROOT, "Adversarial inputs, %,d and %,d characters, %s mode%s, MB/s per core (thread CPU time, "
                + "median of %d rounds of %d s):%n", adversarialChars, adversarialChars * 10, mode.toLowerCase(Locale.ROOT),
                safeList ? ", safe list" : "", Math.max(1, rounds), seconds);
        stdout.printf(Locale.ROOT, "%-24s %10s %10s %12s%n", "input", "1x", "10x", "10x / 1x");
        // Every input once at both sizes first, so the JIT has compiled what either size needs before any is timed.
        for (int warm = 0; warm < 3; warm++) {
            for (String kind : small.keySet()) {
                unbounded.deidentify(small.get(kind), "bench-patient");
                unbounded.deidentify(large.get(kind), "bench-patient");
            }
        }
        int failed = 0;
        for (String kind : small.keySet()) {
            double[] rates = new double[2];
            int i = 0;
            for (String text : List.of(small.get(kind), large.get(kind))) {
                if (!(unbounded.deidentify(text, "bench-patient") instanceof DeidResult.Clean)) {
                    failed++;
                }
                long bytes = text.getBytes(StandardCharsets.UTF_8).length;
                rates[i++] = median(measure(List.of(text), bytes, t -> {
                    DeidResult r = unbounded.deidentify(t, "bench-patient");
                    return r instanceof DeidResult.Clean c ? c.text().length() : -1;
                }));
            }
            stdout.printf(Locale.ROOT, "%-24s %10.2f %10.2f %12.2f%n", kind, rates[0], rates[1], rates[1] / rates[0]);
        }
        if (failed > 0) {
            stdout.printf(Locale.ROOT, "%d adversarial inputs failed closed%n", failed);
        }
        return sink == 42 ? 1 : 0;
    }

    private interface Work {
        int run(String text);
    }

    /** Rounds of {@code seconds} each after a warm-up; returns the per-round MB/s per core (thread CPU time), sorted. */
    private double[] measure(List<String> texts, long bytes, Work work) {
        loop(texts, work, Math.max(1, seconds / 2) * 1_000_000_000L);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] rates = new double[Math.max(1, rounds)];
        double wallSum = 0;
        for (int r = 0; r < rates.length; r++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long done = loop(texts, work, seconds * 1_000_000_000L);
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double wall = (System.nanoTime() - start) / 1e9;
            rates[r] = done * (double) bytes / 1e6 / cpu;
            wallSum += done * (double) bytes / 1e6 / wall;
        }
        lastWall = wallSum / rates.length;
        java.util.Arrays.sort(rates);
        return rates;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double best(double[] sorted) {
        return sorted[sorted.length - 1];
    }

    private double lastWall;

    private long loop(List<String> texts, Work work, long nanos) {
        long end = System.nanoTime() + nanos;
        long rounds = 0;
        do {
            for (String t : texts) {
                sink += work.run(t);
            }
            rounds++;
        } while (System.nanoTime() < end);
        return rounds;
    }
}
