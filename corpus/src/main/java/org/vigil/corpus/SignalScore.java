package org.vigil.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Risk-signal extraction scores per kind and overall: note level over (kind, assertion) pairs, mention level by
 * span overlap within a kind, and assertion accuracy over matched mentions.
 */
public record SignalScore(Map<String, Counts> notePerKind, Counts noteOverall, Map<String, Counts> mentionPerKind,
    Counts mentionOverall, Map<String, Accuracy> assertionPerKind, Accuracy assertionOverall, int documents,
    Map<String, Map<String, Integer>> assertionConfusion) {

  /** True positives, false positives and false negatives. */
  public record Counts(int truePositives, int falsePositives, int falseNegatives) {

    public static final Counts ZERO = new Counts(0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(truePositives + o.truePositives, falsePositives + o.falsePositives,
          falseNegatives + o.falseNegatives);
    }

    /** 1.0 when nothing was predicted. */
    public double precision() {
      int d = truePositives + falsePositives;
      return d == 0 ? 1.0 : (double) truePositives / d;
    }

    /** 1.0 when there was nothing to find. */
    public double recall() {
      int d = truePositives + falseNegatives;
      return d == 0 ? 1.0 : (double) truePositives / d;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
  }

  /** Matched mentions whose assertion was right, of all matched mentions. */
  public record Accuracy(int correct, int matched) {

    public static final Accuracy ZERO = new Accuracy(0, 0);

    public Accuracy plus(Accuracy o) {
      return new Accuracy(correct + o.correct, matched + o.matched);
    }

    /** 1.0 when no mention was matched. */
    public double accuracy() {
      return matched == 0 ? 1.0 : (double) correct / matched;
    }
  }

  public SignalScore {
    notePerKind = Map.copyOf(notePerKind);
    mentionPerKind = Map.copyOf(mentionPerKind);
    assertionPerKind = Map.copyOf(assertionPerKind);
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    assertionConfusion.forEach((gold, row) -> copy.put(gold, Map.copyOf(row)));
    assertionConfusion = java.util.Collections.unmodifiableMap(copy);
  }

  /** Without the confusion of assertions (callers that score only kinds and spans). */
  public SignalScore(Map<String, Counts> notePerKind, Counts noteOverall, Map<String, Counts> mentionPerKind,
      Counts mentionOverall, Map<String, Accuracy> assertionPerKind, Accuracy assertionOverall, int documents) {
    this(notePerKind, noteOverall, mentionPerKind, mentionOverall, assertionPerKind, assertionOverall, documents,
        Map.of());
  }

  static SignalScore empty() {
    return new SignalScore(Map.of(), Counts.ZERO, Map.of(), Counts.ZERO, Map.of(), Accuracy.ZERO, 0);
  }

  /** The sum of two scores over disjoint document sets. */
  public SignalScore plus(SignalScore o) {
    return new SignalScore(merge(notePerKind, o.notePerKind, Counts::plus), noteOverall.plus(o.noteOverall),
        merge(mentionPerKind, o.mentionPerKind, Counts::plus), mentionOverall.plus(o.mentionOverall),
        merge(assertionPerKind, o.assertionPerKind, Accuracy::plus), assertionOverall.plus(o.assertionOverall),
        documents + o.documents, mergeConfusion(assertionConfusion, o.assertionConfusion));
  }

  private static Map<String, Map<String, Integer>> mergeConfusion(Map<String, Map<String, Integer>> a,
      Map<String, Map<String, Integer>> b) {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    for (Map<String, Map<String, Integer>> m : List.of(a, b)) {
      m.forEach((gold, row) -> row.forEach((pred, n) ->
          out.computeIfAbsent(gold, g -> new TreeMap<>()).merge(pred, n, Integer::sum)));
    }
    return out;
  }

  private static <V> Map<String, V> merge(Map<String, V> a, Map<String, V> b,
      java.util.function.BinaryOperator<V> plus) {
    Map<String, V> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, plus));
    return out;
  }

  /** The score as JSON. */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("documents", documents);
    ObjectNode note = root.putObject("note");
    put(note.putObject("overall"), noteOverall);
    ObjectNode noteKinds = note.putObject("perKind");
    new TreeMap<>(notePerKind).forEach((k, v) -> put(noteKinds.putObject(k), v));
    ObjectNode mention = root.putObject("mention");
    put(mention.putObject("overall"), mentionOverall);
    ObjectNode mentionKinds = mention.putObject("perKind");
    new TreeMap<>(mentionPerKind).forEach((k, v) -> put(mentionKinds.putObject(k), v));
    ObjectNode assertion = root.putObject("assertion");
    put(assertion.putObject("overall"), assertionOverall);
    ObjectNode assertionKinds = assertion.putObject("perKind");
    new TreeMap<>(assertionPerKind).forEach((k, v) -> put(assertionKinds.putObject(k), v));
    // Matched mentions by gold assertion (rows) and predicted assertion (columns).
    ObjectNode confusion = assertion.putObject("confusion");
    assertionConfusion.forEach((gold, row) -> {
      ObjectNode r = confusion.putObject(gold);
      new TreeMap<>(row).forEach(r::put);
    });
    return root.toString();
  }

  private static void put(ObjectNode o, Counts c) {
    o.put("tp", c.truePositives()).put("fp", c.falsePositives()).put("fn", c.falseNegatives())
        .put("precision", c.precision()).put("recall", c.recall()).put("f1", c.f1());
  }

  private static void put(ObjectNode o, Accuracy a) {
    o.put("correct", a.correct()).put("matched", a.matched()).put("accuracy", a.accuracy());
  }

  /** A fixed-width table per kind: note-level P/R/F1, mention-level P/R/F1, assertion accuracy. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Risk-signal scores over %d documents%n", documents));
    b.append(String.format(Locale.ROOT, "%-26s %6s %6s %6s | %6s %6s %6s | %6s %6s%n", "kind", "noteP", "noteR",
        "noteF1", "menP", "menR", "menF1", "assert", "n"));
    TreeMap<String, Object> kinds = new TreeMap<>();
    notePerKind.keySet().forEach(k -> kinds.put(k, k));
    mentionPerKind.keySet().forEach(k -> kinds.put(k, k));
    for (String k : kinds.keySet()) {
      row(b, k, notePerKind.getOrDefault(k, Counts.ZERO), mentionPerKind.getOrDefault(k, Counts.ZERO),
          assertionPerKind.getOrDefault(k, Accuracy.ZERO));
    }
    row(b, "OVERALL", noteOverall, mentionOverall, assertionOverall);
    if (!assertionConfusion.isEmpty()) {
      java.util.TreeSet<String> labels = new java.util.TreeSet<>(assertionConfusion.keySet());
      assertionConfusion.values().forEach(r -> labels.addAll(r.keySet()));
      b.append(String.format(Locale.ROOT, "%nAssertion of matched mentions, gold (rows) by predicted (columns)%n"));
      b.append(String.format(Locale.ROOT, "%-13s", "gold \\ pred"));
      labels.forEach(l -> b.append(String.format(Locale.ROOT, " %12s", l)));
      b.append(System.lineSeparator());
      for (String gold : labels) {
        Map<String, Integer> r = assertionConfusion.getOrDefault(gold, Map.of());
        b.append(String.format(Locale.ROOT, "%-13s", gold));
        labels.forEach(l -> b.append(String.format(Locale.ROOT, " %12d", r.getOrDefault(l, 0))));
        b.append(System.lineSeparator());
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, Counts note, Counts mention, Accuracy a) {
    b.append(String.format(Locale.ROOT, "%-26s %6.3f %6.3f %6.3f | %6.3f %6.3f %6.3f | %6.3f %6d%n", name,
        note.precision(), note.recall(), note.f1(), mention.precision(), mention.recall(), mention.f1(),
        a.accuracy(), a.matched()));
  }
}
