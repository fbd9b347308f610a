package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhraseBankTest {

  private final PhraseBank bank = PhraseBank.standard();

  @Test
  void loadsEveryNoteTypeWithItsSections() {
    assertThat(bank.layouts()).extracting(PhraseBank.NoteLayout::noteType).containsExactly("PSYCH_INTAKE",
        "PSYCH_PROGRESS", "ED_NOTE", "DISCHARGE_SUMMARY", "PRIMARY_CARE", "SOCIAL_WORK", "NURSING");
    assertThat(bank.layouts()).allSatisfy(l -> assertThat(l.sections()).isNotEmpty());
  }

  @Test
  void templatesNameEveryKindAndAssertion() {
    Set<String> labels = new HashSet<>();
    for (String section : bank.sectionNames()) {
      for (Template t : bank.section(section)) {
        collect(t, labels);
      }
    }
    for (String kind : SignalMention.KINDS) {
      assertThat(labels).anyMatch(l -> l.startsWith(kind + "/"));
    }
    for (String assertion : SignalMention.ASSERTIONS) {
      assertThat(labels).anyMatch(l -> l.endsWith("/" + assertion));
    }
  }

  private static void collect(Template t, Set<String> labels) {
    for (Template.Part p : t.parts()) {
      if (p instanceof Template.Signal s) {
        s.labels().forEach(l -> labels.add(l.kind() + "/" + l.assertion()));
      } else if (p instanceof Template.Choice c) {
        c.options().forEach(o -> collect(o, labels));
      }
    }
  }

  @Test
  void nameListsIncludeNamesThatAreCommonWords() {
    assertThat(bank.words("names-female")).contains("Hope", "Faith", "May", "Rose");
    assertThat(bank.words("names-male")).contains("Will", "Hunter", "Grant");
    assertThat(bank.words("surnames")).contains("Brown", "Young", "King", "Bell", "Grant", "Hunter", "Rose");
  }

  @Test
  void holidaysResolveToTheirCalendarDay() {
    PhraseBank.Holiday thanksgiving = bank.holidays().stream().filter(h -> h.name().equals("Thanksgiving"))
        .findFirst().orElseThrow();
    assertThat(NoteContext.holidayDate(thanksgiving, 2024)).hasToString("2024-11-28");
    PhraseBank.Holiday eve = bank.holidays().stream().filter(h -> h.name().equals("Christmas Eve"))
        .findFirst().orElseThrow();
    assertThat(NoteContext.holidayDate(eve, 2024)).hasToString("2024-12-24");
  }
}
