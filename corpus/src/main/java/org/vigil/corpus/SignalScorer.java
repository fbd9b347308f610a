package org.vigil.corpus;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores predicted risk-signal mentions against gold ones, as the annotation guidelines define.
 *
 * <p>Note level: per note, the set of (kind, assertion) pairs; a pair is a true positive when both sets hold it.
 * Mention level: within a kind, each gold mention is matched to at most one predicted mention whose span overlaps
 * it, greedily in text order, preferring the predicted mention with the same assertion and then the largest
 * overlap; unmatched predictions are false positives, unmatched gold mentions false negatives. Assertion accuracy
 * is over matched pairs.
 */
public final class SignalScorer {

  private SignalScorer() {
  }

  /** One note: gold and predicted mentions on the same text. */
  public record Prediction(List<SignalMention> gold, List<SignalMention> predicted) {
    public Prediction {
      gold = List.copyOf(gold);
      predicted = List.copyOf(predicted);
    }
  }

  /** Scores a set of notes. */
  public static SignalScore score(List<Prediction> notes) {
    SignalScore total = SignalScore.empty();
    for (Prediction p : notes) {
      total = total.plus(score(p.gold(), p.predicted()));
    }
    return total;
  }

  /** Scores one note. */
  public static SignalScore score(List<SignalMention> gold, List<SignalMention> predicted) {
    Map<String, SignalScore.Counts> notePerKind = new TreeMap<>();
    SignalScore.Counts noteOverall = SignalScore.Counts.ZERO;
    Set<String> goldPairs = pairs(gold);
    Set<String> predPairs = pairs(predicted);
    Set<String> all = new HashSet<>(goldPairs);
    all.addAll(predPairs);
    for (String pair : all) {
      String kind = pair.substring(0, pair.indexOf('/'));
      boolean g = goldPairs.contains(pair);
      boolean p = predPairs.contains(pair);
      SignalScore.Counts c = new SignalScore.Counts(g && p ? 1 : 0, p && !g ? 1 : 0, g && !p ? 1 : 0);
      notePerKind.merge(kind, c, SignalScore.Counts::plus);
      noteOverall = noteOverall.plus(c);
    }

    Map<String, SignalScore.Counts> mentionPerKind = new TreeMap<>();
    Map<String, SignalScore.Accuracy> assertionPerKind = new TreeMap<>();
    SignalScore.Counts mentionOverall = SignalScore.Counts.ZERO;
    SignalScore.Accuracy assertionOverall = SignalScore.Accuracy.ZERO;
    Map<String, Map<String, Integer>> confusion = new java.util.TreeMap<>();
    Set<String> kinds = new HashSet<>();
    gold.forEach(m -> kinds.add(m.kind()));
    predicted.forEach(m -> kinds.add(m.kind()));
    for (String kind : kinds) {
      List<SignalMention> g = gold.stream().filter(m -> m.kind().equals(kind))
          .sorted((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
              : Integer.compare(a.end(), b.end())).toList();
      List<SignalMention> p = predicted.stream().filter(m -> m.kind().equals(kind)).toList();
      boolean[] used = new boolean[p.size()];
      int matched = 0;
      int correct = 0;
      for (SignalMention gm : g) {
        int best = -1;
        int bestScore = Integer.MIN_VALUE;
        for (int i = 0; i < p.size(); i++) {
          if (used[i] || !gm.overlaps(p.get(i))) {
            continue;
          }
          int overlap = Math.min(gm.end(), p.get(i).end()) - Math.max(gm.start(), p.get(i).start());
          int score = (p.get(i).assertion().equals(gm.assertion()) ? 1_000_000 : 0) + overlap;
          if (score > bestScore) {
            bestScore = score;
            best = i;
          }
        }
        if (best >= 0) {
          used[best] = true;
          confusion.computeIfAbsent(gm.assertion(), x -> new java.util.TreeMap<>())
              .merge(p.get(best).assertion(), 1, Integer::sum);
          matched++;
          correct += p.get(best).assertion().equals(gm.assertion()) ? 1 : 0;
        }
      }
      SignalScore.Counts c = new SignalScore.Counts(matched, p.size() - matched, g.size() - matched);
      SignalScore.Accuracy a = new SignalScore.Accuracy(correct, matched);
      mentionPerKind.merge(kind, c, SignalScore.Counts::plus);
      assertionPerKind.merge(kind, a, SignalScore.Accuracy::plus);
      mentionOverall = mentionOverall.plus(c);
      assertionOverall = assertionOverall.plus(a);
    }
    return new SignalScore(notePerKind, noteOverall, mentionPerKind, mentionOverall, assertionPerKind,
        assertionOverall, 1, confusion);
  }

  private static Set<String> pairs(List<SignalMention> mentions) {
    Set<String> out = new HashSet<>();
    mentions.forEach(m -> out.add(m.kind() + "/" + m.assertion()));
    return out;
  }
}
