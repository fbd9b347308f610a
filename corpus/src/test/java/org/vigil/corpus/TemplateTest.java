package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void parsesSlotsSignalsChoicesAndReferences() {
    Template t = Template.parse("{Pro} denies [SUICIDAL_IDEATION:NEGATED|@si] ((today||now)) {DATE:recent}\\n");
    assertThat(t.parts()).containsExactly(
        new Template.Slot("Pro", ""),
        new Template.Literal(" denies "),
        new Template.Signal(List.of(new Template.Label("SUICIDAL_IDEATION", "NEGATED")),
            new Template("@si", List.of(new Template.Ref("si")))),
        new Template.Literal(" "),
        new Template.Choice(List.of(new Template("today", List.of(new Template.Literal("today"))),
            new Template("now", List.of(new Template.Literal("now"))))),
        new Template.Literal(" "),
        new Template.Slot("DATE", "recent"),
        new Template.Literal("\n"));
  }

  @Test
  void dualKindSignalCarriesTwoLabels() {
    Template t = Template.parse("[SUICIDE_ATTEMPT:AFFIRMED+OVERDOSE:AFFIRMED|intentional OD]");
    Template.Signal s = (Template.Signal) t.parts().get(0);
    assertThat(s.labels()).containsExactly(new Template.Label("SUICIDE_ATTEMPT", "AFFIRMED"),
        new Template.Label("OVERDOSE", "AFFIRMED"));
  }

  @Test
  void rejectsUnknownKindsNestedSignalsAndUnclosedChoices() {
    assertThatThrownBy(() -> Template.parse("[SADNESS:AFFIRMED|blue]")).hasMessageContaining("bad signal label");
    assertThatThrownBy(() -> Template.parse("[DEPRESSION:AFFIRMED|a [MANIA:AFFIRMED|b]]"))
        .hasMessageContaining("cannot contain another signal");
    assertThatThrownBy(() -> Template.parse("((a||b")).hasMessageContaining("unclosed '(('");
    assertThatThrownBy(() -> Template.parse("[DEPRESSION:AFFIRMED|low")).hasMessageContaining("unclosed '['");
  }

  @Test
  void backslashEscapesSyntaxCharacters() {
    assertThat(Template.parse("a \\[b\\] \\{c\\}").parts()).containsExactly(new Template.Literal("a [b] {c}"));
  }
}
