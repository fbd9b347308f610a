package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhiScorerTest {

  private static final String TEXT = "Pt John Smith, MRN 88213, age 45, seen 03/14/2024 by Dr. Okafor.";

  private static PhiAnnotation span(String category, String type, String covered, String comment) {
    int at = TEXT.indexOf(covered);
    return new PhiAnnotation(category, type, at, at + covered.length(), covered, comment);
  }

  private static final AnnotatedText GOLD = new AnnotatedText("d", TEXT, List.of(
      span("NAME", "PATIENT", "John Smith", ""),
      span("ID", "MEDICALRECORD", "88213", ""),
      span("AGE", "AGE", "45", "under90"),
      span("DATE", "DATE", "03/14/2024", ""),
      span("NAME", "DOCTOR", "Okafor", "")));

  private static final List<PhiAnnotation> PREDICTED = List.of(
      span("NAME", "NAME", "John", ""),
      span("ID", "ID", "88213", ""),
      span("AGE", "AGE", "45", ""),
      span("DATE", "DATE", "03/14", ""),
      span("DATE", "DATE", "seen", ""),
      span("NAME", "NAME", "Okafor", ""));

  @Test
  void tokenRecallCountsOnlySpansThatMustBeRemoved() {
    PhiScore s = PhiScorer.score(GOLD, PREDICTED);
    assertThat(s.overall()).isEqualTo(new PhiScore.Counts(7, 5, 7, 6));
    assertThat(s.overall().recall()).isCloseTo(5.0 / 7, within(1e-12));
    assertThat(s.overall().precision()).isCloseTo(6.0 / 7, within(1e-12));
    assertThat(s.overall().f1()).isCloseTo(2 * (5.0 / 7) * (6.0 / 7) / (11.0 / 7), within(1e-12));
    assertThat(s.perType().get("PATIENT")).isEqualTo(new PhiScore.Counts(2, 1, 0, 0));
    assertThat(s.perType().get("MEDICALRECORD")).isEqualTo(new PhiScore.Counts(1, 1, 0, 0));
    assertThat(s.perType().get("DATE")).isEqualTo(new PhiScore.Counts(3, 2, 3, 2));
    assertThat(s.perType().get("DOCTOR")).isEqualTo(new PhiScore.Counts(1, 1, 0, 0));
    assertThat(s.perType().get("NAME")).isEqualTo(new PhiScore.Counts(0, 0, 2, 2));
    assertThat(s.perType().get("AGE")).isEqualTo(new PhiScore.Counts(0, 0, 1, 1));
  }

  @Test
  void countsTheOrdinaryTokensThePredictionsLeft() {
    PhiScore s = PhiScorer.score(GOLD, PREDICTED);
    // Pt, MRN, age, seen, by, Dr lie outside every gold span; "seen" was removed.
    assertThat(s.nonPhiTokens()).isEqualTo(6);
    assertThat(s.nonPhiKept()).isEqualTo(5);
    assertThat(s.nonPhiKeptShare()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(s.plus(s).nonPhiKept()).isEqualTo(10);
    assertThat(s.toJson()).contains("\"nonPhi\":{\"tokens\":6,\"kept\":5,");
  }

  @Test
  void entityIsCaughtOnlyWhenAllItsTokensAre() {
    PhiScore s = PhiScorer.score(GOLD, PREDICTED);
    assertThat(s.entityOverall()).isEqualTo(new PhiScore.Counts(4, 2, 6, 5));
    assertThat(s.entityPerType().get("PATIENT")).isEqualTo(new PhiScore.Counts(1, 0, 0, 0));
    assertThat(s.entityPerType().get("DATE")).isEqualTo(new PhiScore.Counts(1, 0, 2, 1));
  }

  @Test
  void overlappingPredictionsCountEachTokenOnceForPrecision() {
    List<PhiAnnotation> predicted = List.of(span("NAME", "NAME", "John Smith", ""), span("NAME", "NAME", "Smith", ""),
        span("NAME", "NAME", "Pt John", ""));
    PhiScore s = PhiScorer.score(GOLD, predicted);
    assertThat(s.overall()).isEqualTo(new PhiScore.Counts(7, 2, 3, 2));
  }

  @Test
  void perfectPredictionOfGoldScoresOneAndScoresAddUp() {
    PhiScore perfect = PhiScorer.score(GOLD, GOLD.phi());
    assertThat(perfect.overall().recall()).isEqualTo(1.0);
    assertThat(perfect.overall().precision()).isEqualTo(1.0);
    PhiScore two = PhiScorer.score(List.of(new PhiScorer.Prediction(GOLD, GOLD.phi()),
        new PhiScorer.Prediction(GOLD, PREDICTED)));
    assertThat(two.documents()).isEqualTo(2);
    assertThat(two.overall()).isEqualTo(new PhiScore.Counts(14, 12, 15, 14));
  }

  @Test
  void emptyPredictionHasZeroRecallAndVacuousPrecision() {
    PhiScore s = PhiScorer.score(GOLD, List.of());
    assertThat(s.overall().recall()).isEqualTo(0.0);
    assertThat(s.overall().precision()).isEqualTo(1.0);
    assertThat(s.overall().f1()).isEqualTo(0.0);
  }

  @Test
  void rendersJsonAndTable() {
    PhiScore s = PhiScorer.score(GOLD, PREDICTED);
    assertThat(s.toJson()).startsWith("{\"documents\":1,\"token\":{\"overall\":{\"gold\":7,\"caught\":5,"
        + "\"predicted\":7,\"predictedCorrect\":6,");
    assertThat(s.toTable()).contains(
        "OVERALL                7       5       7       6  0.7143  0.8571  0.7792");
  }

  @Test
  void tokensAreMaximalRunsOfLettersOrDigits() {
    assertThat(PhiScorer.tokens("MR# 123-45-67, O'Brien")).extracting(t -> t[0] + ":" + t[1])
        .containsExactly("0:2", "4:7", "8:10", "11:13", "15:16", "17:22");
  }
}
