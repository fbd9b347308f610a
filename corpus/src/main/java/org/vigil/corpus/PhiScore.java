package org.vigil.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * PHI de-identification scores, token level and entity level, per i2b2 type and overall.
 *
 * <p>{@code nonPhiTokens} counts the tokens outside every gold span and {@code nonPhiKept} those of them no prediction
 * removed: their ratio, the share of ordinary text a reader still has, is the precision proxy used to compare
 * de-identifiers on corpora whose non-PHI annotations differ.
 *
 * <p>Recall rows are keyed by the gold TYPE; precision counts are keyed by the predicted span's type as the system
 * gave it (which may be a coarse category such as NAME), so a row may carry only one side.
 */
public record PhiScore(Map<String, Counts> perType, Counts overall, Map<String, Counts> entityPerType,
    Counts entityOverall, int documents, int nonPhiTokens, int nonPhiKept) {

  /**
   * Counts for one row.
   *
   * @param gold             gold items that Safe Harbor requires removed
   * @param caught           of those, the ones covered by predictions
   * @param predicted        predicted items
   * @param predictedCorrect of those, the ones inside some gold span (whether or not it must be removed)
   */
  public record Counts(int gold, int caught, int predicted, int predictedCorrect) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(gold + o.gold, caught + o.caught, predicted + o.predicted, predictedCorrect + o.predictedCorrect);
    }

    /** Caught over gold; 1.0 when there was nothing to find. */
    public double recall() {
      return gold == 0 ? 1.0 : (double) caught / gold;
    }

    /** Correct over predicted; 1.0 when nothing was predicted. */
    public double precision() {
      return predicted == 0 ? 1.0 : (double) predictedCorrect / predicted;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
  }

  public PhiScore {
    perType = Map.copyOf(perType);
    entityPerType = Map.copyOf(entityPerType);
  }

  /** The sum of two scores (over disjoint document sets). */
  public PhiScore plus(PhiScore o) {
    return new PhiScore(merge(perType, o.perType), overall.plus(o.overall), merge(entityPerType, o.entityPerType),
        entityOverall.plus(o.entityOverall), documents + o.documents, nonPhiTokens + o.nonPhiTokens,
        nonPhiKept + o.nonPhiKept);
  }

  /** The share of tokens outside every gold span that no prediction removed; 1.0 when there were none. */
  public double nonPhiKeptShare() {
    return nonPhiTokens == 0 ? 1.0 : (double) nonPhiKept / nonPhiTokens;
  }

  private static Map<String, Counts> merge(Map<String, Counts> a, Map<String, Counts> b) {
    Map<String, Counts> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Counts::plus));
    return out;
  }

  /** The score as JSON: counts plus recall, precision and F1 for every row. */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("documents", documents);
    ObjectNode token = root.putObject("token");
    put(token.putObject("overall"), overall);
    ObjectNode tokenTypes = token.putObject("perType");
    new TreeMap<>(perType).forEach((k, v) -> put(tokenTypes.putObject(k), v));
    ObjectNode entity = root.putObject("entity");
    put(entity.putObject("overall"), entityOverall);
    ObjectNode entityTypes = entity.putObject("perType");
    new TreeMap<>(entityPerType).forEach((k, v) -> put(entityTypes.putObject(k), v));
    root.putObject("nonPhi").put("tokens", nonPhiTokens).put("kept", nonPhiKept).put("keptShare", nonPhiKeptShare());
    return root.toString();
  }

  private static void put(ObjectNode o, Counts c) {
    o.put("gold", c.gold()).put("caught", c.caught()).put("predicted", c.predicted())
        .put("predictedCorrect", c.predictedCorrect()).put("recall", c.recall()).put("precision", c.precision())
        .put("f1", c.f1());
  }

  /** A fixed-width table, one row per type, token level then entity level. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "PHI scores over %d documents%n", documents));
    table(b, "token", perType, overall);
    table(b, "entity", entityPerType, entityOverall);
    b.append(String.format(Locale.ROOT, "non-PHI tokens kept: %d of %d = %.4f%n", nonPhiKept, nonPhiTokens,
        nonPhiKeptShare()));
    return b.toString();
  }

  private static void table(StringBuilder b, String level, Map<String, Counts> rows, Counts total) {
    b.append(String.format(Locale.ROOT, "%-16s %7s %7s %7s %7s %7s %7s %7s%n", level, "gold", "caught", "pred",
        "correct", "recall", "prec", "F1"));
    new TreeMap<>(rows).forEach((k, c) -> row(b, k, c));
    row(b, "OVERALL", total);
  }

  private static void row(StringBuilder b, String name, Counts c) {
    b.append(String.format(Locale.ROOT, "%-16s %7d %7d %7d %7d %7.4f %7.4f %7.4f%n", name, c.gold(), c.caught(),
        c.predicted(), c.predictedCorrect(), c.recall(), c.precision(), c.f1()));
  }
}
