package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignalScorerTest {

  private static SignalMention m(String kind, String assertion, int start, int end) {
    return new SignalMention(kind, assertion, start, end, "x".repeat(end - start));
  }

  private static final List<SignalMention> GOLD = List.of(
      m("SUICIDAL_IDEATION", "NEGATED", 10, 12),
      m("HOMICIDAL_IDEATION", "NEGATED", 14, 16),
      m("SUICIDE_ATTEMPT", "HISTORICAL", 30, 32),
      m("SUBSTANCE_USE", "AFFIRMED", 50, 60));

  private static final List<SignalMention> PREDICTED = List.of(
      m("SUICIDAL_IDEATION", "NEGATED", 10, 12),
      m("HOMICIDAL_IDEATION", "AFFIRMED", 13, 16),
      m("SUBSTANCE_USE", "AFFIRMED", 70, 75),
      m("OVERDOSE", "AFFIRMED", 30, 32));

  @Test
  void noteLevelScoresTheSetsOfKindAssertionPairs() {
    SignalScore s = SignalScorer.score(GOLD, PREDICTED);
    assertThat(s.noteOverall()).isEqualTo(new SignalScore.Counts(2, 2, 2));
    assertThat(s.noteOverall().precision()).isEqualTo(0.5);
    assertThat(s.noteOverall().recall()).isEqualTo(0.5);
    assertThat(s.notePerKind().get("SUICIDAL_IDEATION")).isEqualTo(new SignalScore.Counts(1, 0, 0));
    assertThat(s.notePerKind().get("HOMICIDAL_IDEATION")).isEqualTo(new SignalScore.Counts(0, 1, 1));
    assertThat(s.notePerKind().get("SUICIDE_ATTEMPT")).isEqualTo(new SignalScore.Counts(0, 0, 1));
    assertThat(s.notePerKind().get("SUBSTANCE_USE")).isEqualTo(new SignalScore.Counts(1, 0, 0));
    assertThat(s.notePerKind().get("OVERDOSE")).isEqualTo(new SignalScore.Counts(0, 1, 0));
  }

  @Test
  void mentionLevelMatchesByOverlapWithinAKindAndScoresAssertionsOfMatches() {
    SignalScore s = SignalScorer.score(GOLD, PREDICTED);
    assertThat(s.mentionOverall()).isEqualTo(new SignalScore.Counts(2, 2, 2));
    assertThat(s.mentionPerKind().get("HOMICIDAL_IDEATION")).isEqualTo(new SignalScore.Counts(1, 0, 0));
    assertThat(s.mentionPerKind().get("SUBSTANCE_USE")).isEqualTo(new SignalScore.Counts(0, 1, 1));
    assertThat(s.mentionPerKind().get("SUICIDE_ATTEMPT")).isEqualTo(new SignalScore.Counts(0, 0, 1));
    assertThat(s.mentionPerKind().get("OVERDOSE")).isEqualTo(new SignalScore.Counts(0, 1, 0));
    assertThat(s.assertionOverall()).isEqualTo(new SignalScore.Accuracy(1, 2));
    assertThat(s.assertionPerKind().get("HOMICIDAL_IDEATION")).isEqualTo(new SignalScore.Accuracy(0, 1));
  }

  @Test
  void onePredictionMatchesAtMostOneGoldMentionPreferringTheSameAssertion() {
    List<SignalMention> gold = List.of(m("PSYCHOSIS", "NEGATED", 0, 5), m("PSYCHOSIS", "AFFIRMED", 6, 10));
    List<SignalMention> predicted = List.of(m("PSYCHOSIS", "NEGATED", 0, 10));
    SignalScore s = SignalScorer.score(gold, predicted);
    assertThat(s.mentionOverall()).isEqualTo(new SignalScore.Counts(1, 0, 1));
    assertThat(s.assertionOverall()).isEqualTo(new SignalScore.Accuracy(1, 1));
  }

  @Test
  void scoresOverSeveralNotesAddUpAndRender() {
    SignalScore s = SignalScorer.score(List.of(new SignalScorer.Prediction(GOLD, GOLD),
        new SignalScorer.Prediction(GOLD, PREDICTED)));
    assertThat(s.documents()).isEqualTo(2);
    assertThat(s.noteOverall()).isEqualTo(new SignalScore.Counts(6, 2, 2));
    assertThat(s.mentionOverall()).isEqualTo(new SignalScore.Counts(6, 2, 2));
    assertThat(s.assertionOverall()).isEqualTo(new SignalScore.Accuracy(5, 6));
    assertThat(s.toJson()).contains("\"note\":{\"overall\":{\"tp\":6,\"fp\":2,\"fn\":2,\"precision\":0.75,");
    assertThat(s.toTable()).contains("OVERALL                     0.750  0.750  0.750 |  0.750  0.750  0.750 |  0.833      6");
    // Matched mentions by gold and predicted assertion: the one NEGATED read as AFFIRMED, over both notes.
    assertThat(s.assertionConfusion()).isEqualTo(java.util.Map.of(
        "NEGATED", java.util.Map.of("NEGATED", 3, "AFFIRMED", 1),
        "HISTORICAL", java.util.Map.of("HISTORICAL", 1),
        "AFFIRMED", java.util.Map.of("AFFIRMED", 1)));
    assertThat(s.toJson()).contains("\"confusion\":{\"AFFIRMED\":{\"AFFIRMED\":1},\"HISTORICAL\":{\"HISTORICAL\":1},"
        + "\"NEGATED\":{\"AFFIRMED\":1,\"NEGATED\":3}}");
    assertThat(s.toTable()).contains("NEGATED                  1            0            3");
  }

  @Test
  void perfectPredictionOnGeneratedNotesScoresOne() {
    List<SignalScorer.Prediction> notes = new CorpusGenerator(3).generate(30).stream()
        .map(n -> new SignalScorer.Prediction(n.signals(), n.signals())).toList();
    SignalScore s = SignalScorer.score(notes);
    assertThat(s.noteOverall().f1()).isEqualTo(1.0);
    assertThat(s.mentionOverall().f1()).isEqualTo(1.0);
    assertThat(s.assertionOverall().accuracy()).isEqualTo(1.0);
  }
}
