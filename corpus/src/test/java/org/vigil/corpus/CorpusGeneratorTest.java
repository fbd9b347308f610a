package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {

  private static List<SyntheticNote> corpus;

  @BeforeAll
  static void generate() {
    corpus = new CorpusGenerator(42).generate(500);
  }

  @Test
  void sameSeedGeneratesIdenticalNotes() {
    List<SyntheticNote> again = new CorpusGenerator(42).generate(20);
    assertThat(again).isEqualTo(corpus.subList(0, 20));
  }

  @Test
  void differentSeedsGenerateDifferentNotes() {
    List<String> other = new CorpusGenerator(43).generate(20).stream().map(SyntheticNote::text).toList();
    List<String> mine = corpus.subList(0, 20).stream().map(SyntheticNote::text).toList();
    assertThat(other).doesNotContainAnyElementsOf(mine);
  }

  @Test
  void neighbouringSeedsShareNoIdentifiers() {
    Set<String> mine = new HashSet<>();
    corpus.subList(0, 50).forEach(n -> n.phi().stream().filter(p -> p.type().equals("MEDICALRECORD")
        || p.type().equals("PHONE")).forEach(p -> mine.add(p.text())));
    Set<String> theirs = new HashSet<>();
    new CorpusGenerator(43).generate(50).forEach(n -> n.phi().stream().filter(p -> p.type().equals("MEDICALRECORD")
        || p.type().equals("PHONE")).forEach(p -> theirs.add(p.text())));
    assertThat(mine).isNotEmpty().doesNotContainAnyElementsOf(theirs);
  }

  @Test
  void noteIdsAreUniqueAndCarryTheSeed() {
    Set<String> ids = corpus.stream().map(SyntheticNote::noteId).collect(Collectors.toSet());
    assertThat(ids).hasSize(500);
    assertThat(corpus.get(7).noteId()).isEqualTo("syn42-00007");
    assertThat(new CorpusGenerator(CorpusGenerator.HELD_OUT_SEED_START).next().noteId())
        .isEqualTo("syn1000000-00000");
  }

  @Test
  void everyAnnotationCoversExactlyItsText() {
    for (SyntheticNote n : corpus) {
      for (PhiAnnotation s : n.phi()) {
        assertThat(n.text().substring(s.start(), s.end())).as(n.noteId() + " " + s).isEqualTo(s.text());
        assertThat(s.text()).as(n.noteId() + " " + s).isNotBlank().isEqualTo(s.text().strip());
      }
      for (SignalMention m : n.signals()) {
        assertThat(n.text().substring(m.start(), m.end())).as(n.noteId() + " " + m).isEqualTo(m.text());
        assertThat(m.text()).as(n.noteId() + " " + m).isNotBlank().isEqualTo(m.text().strip());
      }
    }
  }

  @Test
  void mentionsOfTheSameKindNeverOverlapAndPhiAnnotationsNeverOverlap() {
    for (SyntheticNote n : corpus) {
      List<SignalMention> s = n.signals();
      for (int i = 0; i < s.size(); i++) {
        for (int j = i + 1; j < s.size(); j++) {
          if (s.get(i).kind().equals(s.get(j).kind())) {
            assertThat(s.get(i).overlaps(s.get(j))).as(n.noteId() + " " + s.get(i) + " " + s.get(j)).isFalse();
          }
        }
      }
      List<PhiAnnotation> p = n.phi();
      for (int i = 1; i < p.size(); i++) {
        assertThat(p.get(i).start()).as(n.noteId() + " " + p.get(i)).isGreaterThanOrEqualTo(p.get(i - 1).end());
      }
    }
  }

  @Test
  void dualKindPhrasesGetTwoMentionsWithTheSameOffsets() {
    boolean found = corpus.stream().flatMap(n -> n.signals().stream())
        .filter(m -> m.kind().equals("SUICIDE_ATTEMPT"))
        .anyMatch(sa -> corpus.stream().flatMap(n -> n.signals().stream()).anyMatch(od -> od.kind().equals("OVERDOSE")
            && od.start() == sa.start() && od.end() == sa.end() && od.text().toLowerCase().contains("intentional")));
    assertThat(found).isTrue();
  }

  @Test
  void fiveHundredNotesCoverEveryKindAssertionAndPhiType() {
    Set<String> kinds = new HashSet<>();
    Set<String> assertions = new HashSet<>();
    Set<String> kindAssertions = new HashSet<>();
    Set<String> types = new HashSet<>();
    Set<String> comments = new HashSet<>();
    for (SyntheticNote n : corpus) {
      n.signals().forEach(m -> {
        kinds.add(m.kind());
        assertions.add(m.assertion());
        kindAssertions.add(m.kind() + "/" + m.assertion());
      });
      n.phi().forEach(p -> {
        types.add(p.type());
        comments.add(p.comment());
      });
    }
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(SignalMention.KINDS);
    assertThat(assertions).containsExactlyInAnyOrderElementsOf(SignalMention.ASSERTIONS);
    assertThat(types).containsExactlyInAnyOrder("PATIENT", "DOCTOR", "USERNAME", "PROFESSION", "ROOM", "DEPARTMENT",
        "HOSPITAL", "ORGANIZATION", "STREET", "CITY", "STATE", "COUNTRY", "ZIP", "LOCATION-OTHER", "AGE", "DATE",
        "PHONE", "FAX", "EMAIL", "URL", "IPADDR", "SSN", "MEDICALRECORD", "HEALTHPLAN", "ACCOUNT", "LICENSE",
        "VEHICLE", "DEVICE", "BIOID", "IDNUM");
    assertThat(comments).containsExactlyInAnyOrder("", "under90", "year-only", "age-over-89");
    // Every kind is seen affirmed and negated at least; most with several assertions.
    for (String kind : SignalMention.KINDS) {
      assertThat(kindAssertions).contains(kind + "/AFFIRMED", kind + "/NEGATED");
    }
  }

  @Test
  void agesOfNinetyOrMoreAreMarkedForRemovalAndYoungerAgesAreNot() {
    for (SyntheticNote n : corpus) {
      for (PhiAnnotation s : n.phi()) {
        if (s.category().equals("AGE")) {
          int years = Integer.parseInt(s.text());
          assertThat(s.comment()).as(s.toString()).isEqualTo(years >= 90 ? "age-over-89" : "under90");
          assertThat(s.mustRemove()).isEqualTo(years >= 90);
        }
        if (s.comment().equals("year-only")) {
          assertThat(s.text()).matches("(19|20)\\d\\d");
          assertThat(s.mustRemove()).isFalse();
        }
      }
    }
  }

  @Test
  void titlesAndCredentialsStayOutsideNameSpans() {
    Pattern title = Pattern.compile("^(Dr|Mr|Ms|Mrs|RN|LCSW)\\b.*|.*\\b(MD|M\\.D\\.|LCSW|RN|'s)$");
    for (SyntheticNote n : corpus) {
      for (PhiAnnotation s : n.phi()) {
        if (s.category().equals("NAME") && !s.type().equals("USERNAME")) {
          assertThat(title.matcher(s.text()).matches()).as(n.noteId() + " " + s).isFalse();
        }
      }
    }
  }

  @Test
  void notesAreRoughlyOneAndAHalfToFourKilobytes() {
    double mean = corpus.stream().mapToInt(n -> n.text().length()).average().orElseThrow();
    assertThat(mean).isBetween(1800.0, 3500.0);
    assertThat(corpus).allSatisfy(n -> assertThat(n.text().length()).isBetween(900, 5500));
  }

  @Test
  void attributesDescribeThePatient() {
    for (SyntheticNote n : corpus) {
      assertThat(n.attributes()).containsOnlyKeys("sex", "birthDate", "ageBand");
      assertThat(n.attributes().get("sex")).isIn("F", "M");
      assertThat(n.attributes().get("birthDate")).matches("\\d{4}-\\d\\d-\\d\\d");
      assertThat(n.attributes().get("ageBand")).isIn("0-17", "18-25", "26-44", "45-64", "65-89", "90+");
    }
    assertThat(corpus.stream().map(SyntheticNote::noteType).collect(Collectors.toSet())).containsExactlyInAnyOrder(
        "PSYCH_INTAKE", "PSYCH_PROGRESS", "ED_NOTE", "DISCHARGE_SUMMARY", "PRIMARY_CARE", "SOCIAL_WORK", "NURSING");
  }

  @Test
  void someNotesAreInCapitalsAndSomeHardWrapped() {
    long capitals = corpus.stream().filter(n -> n.text().equals(n.text().toUpperCase())).count();
    long wrapped = corpus.stream().filter(n -> n.text().lines().mapToInt(String::length).max().orElse(0) <= 90)
        .count();
    assertThat(capitals).isBetween(10L, 50L);
    assertThat(wrapped).isBetween(60L, 160L);
  }

  @Test
  void hardWrapBreaksLongLinesOnlyOutsideAnnotations() {
    String text = "Pt denies SI and HI today, seen with mother Mary Smith at Mercy General Hospital ok";
    int name = text.indexOf("Mary Smith");
    int hospital = text.indexOf("Mercy General Hospital");
    List<PhiAnnotation> phi = List.of(new PhiAnnotation("NAME", "PATIENT", name, name + 10, "Mary Smith", ""),
        new PhiAnnotation("LOCATION", "HOSPITAL", hospital, hospital + 22, "Mercy General Hospital", ""));
    String wrapped = CorpusGenerator.hardWrap(text, 20, phi, List.of());
    assertThat(wrapped).hasSameSizeAs(text).isEqualTo(
        "Pt denies SI and HI\ntoday, seen with\nmother Mary Smith at\nMercy General Hospital\nok");
  }

  @Test
  void distractorsAreLeftUntagged() {
    for (SyntheticNote n : corpus) {
      for (String distractor : List.of("988 provided", "flu shot", "Flu shot", "cut down on smoking",
          "Suicide precautions", "killing me")) {
        int at = n.text().indexOf(distractor);
        if (at >= 0) {
          int end = at + distractor.length();
          assertThat(n.signals()).as(n.noteId() + " " + distractor)
              .noneMatch(m -> m.start() < end && at < m.end());
        }
      }
    }
  }
}
