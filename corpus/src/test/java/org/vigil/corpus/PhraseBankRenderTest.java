package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Renders every template of the shipped bank many times, so a bad slot argument fails here and not in eval. */
class PhraseBankRenderTest {

  @Test
  void everyTemplateRendersWithExactOffsetsInManyContexts() {
    PhraseBank bank = PhraseBank.standard();
    SplittableRandom rnd = new SplittableRandom(17);
    int rendered = 0;
    for (String section : bank.sectionNames()) {
      for (Template t : bank.section(section)) {
        for (int i = 0; i < 25; i++) {
          NoteContext ctx = new NoteContext(bank, rnd, LocalDate.of(2024, 3, 14).plusDays(i * 13L), i % 2 == 0);
          NoteBuilder b = new NoteBuilder();
          ctx.render(t, b);
          String text = b.text();
          assertThat(b.phi()).allSatisfy(s -> assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text()));
          assertThat(b.signals())
              .allSatisfy(m -> assertThat(text.substring(m.start(), m.end())).isEqualTo(m.text()));
          long fixedLabels = t.parts().stream().filter(p -> p instanceof Template.Signal)
              .mapToLong(p -> ((Template.Signal) p).labels().size()).sum();
          assertThat(b.signals().size()).as(t.source()).isBetween((int) fixedLabels, t.labels().size());
          rendered++;
        }
      }
    }
    assertThat(rendered).isGreaterThan(25 * 400);
  }

  @Test
  void signalTemplatesYieldOneMentionPerLabelOutsideChoices() {
    PhraseBank bank = PhraseBank.standard();
    Template t = Template.parse("{Pro} denies [SUICIDAL_IDEATION:NEGATED|@si]; "
        + "[SUICIDE_ATTEMPT:HISTORICAL+OVERDOSE:HISTORICAL|intentional OD] in {YEAR}.");
    NoteContext ctx = new NoteContext(bank, new SplittableRandom(3), LocalDate.of(2024, 3, 14), false);
    NoteBuilder b = new NoteBuilder();
    ctx.render(t, b);
    assertThat(b.signals()).extracting(SignalMention::kind)
        .containsExactly("SUICIDAL_IDEATION", "SUICIDE_ATTEMPT", "OVERDOSE");
    assertThat(b.signals().get(1).text()).isEqualTo("intentional OD");
    assertThat(b.signals().get(1).start()).isEqualTo(b.signals().get(2).start());
    assertThat(b.phi()).singleElement().satisfies(p -> {
      assertThat(p.type()).isEqualTo("DATE");
      assertThat(p.comment()).isEqualTo("year-only");
    });
  }
}
