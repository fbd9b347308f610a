package org.vigil.corpus;

import java.util.List;
import java.util.Locale;

/**
 * Prints how fast the generator, the two annotation formats and the scorers run, as figures for the record:
 * {@code java -cp corpus/target/classes:<jackson,commons-csv> org.vigil.corpus.GenerationBenchmark [notes]}.
 */
public final class GenerationBenchmark {

  private GenerationBenchmark() {
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    PhraseBank.standard();
    new CorpusGenerator(1).generate(500); // warm-up
    long t0 = System.nanoTime();
    List<SyntheticNote> notes = new CorpusGenerator(2).generate(n);
    long t1 = System.nanoTime();
    long chars = notes.stream().mapToLong(x -> x.text().length()).sum();
    long xmlChars = 0;
    for (SyntheticNote x : notes) {
      xmlChars += I2b2Format.write(x).length() + BratFormat.writeAnn(x.signals()).length();
    }
    long t2 = System.nanoTime();
    PhiScore phi = PhiScorer.score(notes.stream()
        .map(x -> new PhiScorer.Prediction(x.annotatedText(), x.phi())).toList());
    SignalScore sig = SignalScorer.score(notes.stream()
        .map(x -> new SignalScorer.Prediction(x.signals(), x.signals())).toList());
    long t3 = System.nanoTime();
    long phiCount = notes.stream().mapToLong(x -> x.phi().size()).sum();
    long sigCount = notes.stream().mapToLong(x -> x.signals().size()).sum();
    System.out.printf(Locale.ROOT, "notes=%d chars=%d (%.0f per note) phi=%d signals=%d%n", n, chars,
        (double) chars / n, phiCount, sigCount);
    System.out.printf(Locale.ROOT, "generate: %.0f notes/s (%.1f MB/s)%n", n / sec(t0, t1), chars / 1e6 / sec(t0, t1));
    System.out.printf(Locale.ROOT, "write i2b2+brat: %.0f notes/s (%d chars)%n", n / sec(t1, t2), xmlChars);
    System.out.printf(Locale.ROOT, "score phi+signals: %.0f notes/s (phi recall %.3f, signal F1 %.3f)%n",
        n / sec(t2, t3), phi.overall().recall(), sig.mentionOverall().f1());
  }

  private static double sec(long from, long to) {
    return (to - from) / 1e9;
  }
}
