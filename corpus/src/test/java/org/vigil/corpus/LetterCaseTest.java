package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LetterCaseTest {

  private static final String TEXT = "Pt Jürgen Straße seen 3/4 by Dr. Okafor.";
  private static final AnnotatedText DOC = new AnnotatedText("d", TEXT, List.of(
      span("PATIENT", "Jürgen Straße"), span("DOCTOR", "Okafor")));

  private static PhiAnnotation span(String type, String covered) {
    int at = TEXT.indexOf(covered);
    return new PhiAnnotation("NAME", type, at, at + covered.length(), covered, "");
  }

  @Test
  void lowerAndUpperCaseKeepEveryOffsetAndAnnotation() {
    AnnotatedText lower = LetterCase.LOWER.apply(DOC);
    AnnotatedText upper = LetterCase.UPPER.apply(DOC);
    assertThat(lower.text()).isEqualTo("pt jürgen straße seen 3/4 by dr. okafor.");
    // "ß" stays one character (String.toUpperCase would write "SS" and move every later offset).
    assertThat(upper.text()).isEqualTo("PT JÜRGEN STRAßE SEEN 3/4 BY DR. OKAFOR.");
    for (AnnotatedText doc : List.of(lower, upper)) {
      assertThat(doc.text()).hasSameSizeAs(TEXT);
      for (PhiAnnotation p : doc.phi()) {
        assertThat(doc.text().substring(p.start(), p.end())).isEqualTo(p.text());
      }
    }
    assertThat(upper.phi().get(1).text()).isEqualTo("OKAFOR");
    assertThat(LetterCase.ORIGINAL.apply(DOC)).isSameAs(DOC);
  }
}
