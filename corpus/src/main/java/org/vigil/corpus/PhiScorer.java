package org.vigil.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores predicted PHI spans against gold i2b2 annotations, token level and entity level, as the annotation
 * guidelines define: a PHI token leaks unless a predicted span covers it.
 *
 * <p>Tokens are maximal runs of letters or digits. A token is inside a span when it lies wholly within it. Recall:
 * tokens of gold spans that Safe Harbor requires removed ({@link PhiAnnotation#mustRemove()}) that lie inside some
 * predicted span. Precision: tokens inside predicted spans that also lie inside any gold span (removable or not),
 * over all tokens inside predicted spans. A gold entity is caught iff all its tokens are; a predicted entity is
 * correct iff all its tokens lie inside gold spans. Spans without tokens (punctuation only) are ignored. Types in
 * predictions may be coarse; precision rows are keyed by whatever type the prediction carries.
 */
public final class PhiScorer {

  private PhiScorer() {
  }

  /** One document: the gold annotation and the spans a system predicted on the same original text. */
  public record Prediction(AnnotatedText gold, List<PhiAnnotation> predicted) {
    public Prediction {
      predicted = List.copyOf(predicted);
    }
  }

  /** Scores a set of documents. */
  public static PhiScore score(List<Prediction> documents) {
    PhiScore total = new PhiScore(Map.of(), PhiScore.Counts.ZERO, Map.of(), PhiScore.Counts.ZERO, 0, 0, 0);
    for (Prediction d : documents) {
      total = total.plus(score(d.gold(), d.predicted()));
    }
    return total;
  }

  /** Scores one document. */
  public static PhiScore score(AnnotatedText gold, List<PhiAnnotation> predicted) {
    String text = gold.text();
    List<int[]> tokens = tokens(text);
    Map<String, PhiScore.Counts> perType = new TreeMap<>();
    Map<String, PhiScore.Counts> entityPerType = new TreeMap<>();
    PhiScore.Counts overall = PhiScore.Counts.ZERO;
    PhiScore.Counts entityOverall = PhiScore.Counts.ZERO;

    for (PhiAnnotation g : gold.phi()) {
      if (!g.mustRemove()) {
        continue;
      }
      List<int[]> inside = inside(tokens, g.start(), g.end());
      if (inside.isEmpty()) {
        continue;
      }
      int caught = 0;
      for (int[] t : inside) {
        if (coveredByAny(t, predicted)) {
          caught++;
        }
      }
      PhiScore.Counts c = new PhiScore.Counts(inside.size(), caught, 0, 0);
      perType.merge(g.type(), c, PhiScore.Counts::plus);
      overall = overall.plus(c);
      PhiScore.Counts e = new PhiScore.Counts(1, caught == inside.size() ? 1 : 0, 0, 0);
      entityPerType.merge(g.type(), e, PhiScore.Counts::plus);
      entityOverall = entityOverall.plus(e);
    }

    // Each text token counts once for precision even where predicted spans overlap.
    boolean[] counted = new boolean[tokens.size()];
    for (PhiAnnotation p : predicted) {
      List<Integer> inside = insideIndexes(tokens, p.start(), p.end());
      if (inside.isEmpty()) {
        continue;
      }
      int fresh = 0;
      int freshCorrect = 0;
      int correct = 0;
      for (int i : inside) {
        boolean inGold = coveredByAny(tokens.get(i), gold.phi());
        correct += inGold ? 1 : 0;
        if (!counted[i]) {
          counted[i] = true;
          fresh++;
          freshCorrect += inGold ? 1 : 0;
        }
      }
      PhiScore.Counts c = new PhiScore.Counts(0, 0, fresh, freshCorrect);
      perType.merge(p.type(), c, PhiScore.Counts::plus);
      overall = overall.plus(c);
      PhiScore.Counts e = new PhiScore.Counts(0, 0, 1, correct == inside.size() ? 1 : 0);
      entityPerType.merge(p.type(), e, PhiScore.Counts::plus);
      entityOverall = entityOverall.plus(e);
    }
    int nonPhi = 0;
    int kept = 0;
    for (int[] t : tokens) {
      if (!coveredByAny(t, gold.phi())) {
        nonPhi++;
        kept += coveredByAny(t, predicted) ? 0 : 1;
      }
    }
    return new PhiScore(perType, overall, entityPerType, entityOverall, 1, nonPhi, kept);
  }

  /** Maximal runs of letters or digits, as {start, end} pairs. */
  public static List<int[]> tokens(String text) {
    List<int[]> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (Character.isLetterOrDigit(text.charAt(i))) {
        int s = i;
        while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
        out.add(new int[] {s, i});
      } else {
        i++;
      }
    }
    return out;
  }

  private static List<int[]> inside(List<int[]> tokens, int start, int end) {
    List<int[]> out = new ArrayList<>();
    for (int i : insideIndexes(tokens, start, end)) {
      out.add(tokens.get(i));
    }
    return out;
  }

  private static List<Integer> insideIndexes(List<int[]> tokens, int start, int end) {
    List<Integer> out = new ArrayList<>();
    int lo = 0;
    int hi = tokens.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tokens.get(mid)[0] < start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < tokens.size() && tokens.get(i)[0] < end; i++) {
      if (tokens.get(i)[1] <= end) {
        out.add(i);
      }
    }
    return out;
  }

  private static boolean coveredByAny(int[] token, List<PhiAnnotation> spans) {
    for (PhiAnnotation s : spans) {
      if (s.start() <= token[0] && token[1] <= s.end()) {
        return true;
      }
    }
    return false;
  }
}
