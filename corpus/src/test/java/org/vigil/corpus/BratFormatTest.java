package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BratFormatTest {

  @TempDir
  Path dir;

  @Test
  void generatedNotesSurviveWriteThenRead() throws IOException {
    for (SyntheticNote n : new CorpusGenerator(11).generate(40)) {
      Files.writeString(dir.resolve(n.noteId() + ".txt"), n.text());
      Files.writeString(dir.resolve(n.noteId() + ".ann"), BratFormat.writeAnn(n.signals()));
      BratDocument back = BratFormat.read(dir.resolve(n.noteId() + ".txt"));
      assertThat(back).isEqualTo(n.bratDocument());
    }
  }

  @Test
  void writesAssertionLinesOnlyForNonAffirmedMentions() {
    String ann = BratFormat.writeAnn(List.of(
        new SignalMention("SUICIDAL_IDEATION", "NEGATED", 10, 12, "SI"),
        new SignalMention("DEPRESSION", "AFFIRMED", 20, 23, "MDD"),
        new SignalMention("OVERDOSE", "HISTORICAL", 30, 32, "OD")));
    assertThat(ann).isEqualTo("""
        T1\tSUICIDAL_IDEATION 10 12\tSI
        A1\tAssertion T1 NEGATED
        T2\tDEPRESSION 20 23\tMDD
        T3\tOVERDOSE 30 32\tOD
        A2\tAssertion T3 HISTORICAL
        """);
  }

  @Test
  void readsHandWrittenAnnWithAssertionsAndMultiFragmentSpans() throws IOException {
    String text = "Pt denies SI.\nPlan: h/o cutting; then\nreturned.";
    Files.writeString(dir.resolve("hand.txt"), text);
    Files.writeString(dir.resolve("hand.ann"), """
        T1\tSUICIDAL_IDEATION 10 12\tSI
        T2\tSELF_HARM 24 31\tcutting
        #1\tAnnotatorNotes T2\tremote
        T3\tVIOLENCE 33 37;38 46\tthen returned
        A1\tAssertion T1 NEGATED
        A2\tAssertion T2 HISTORICAL
        """);
    BratDocument doc = BratFormat.read(dir.resolve("hand.txt"));
    assertThat(doc.id()).isEqualTo("hand");
    assertThat(doc.mentions()).containsExactly(
        new SignalMention("SUICIDAL_IDEATION", "NEGATED", 10, 12, "SI"),
        new SignalMention("SELF_HARM", "HISTORICAL", 24, 31, "cutting"),
        new SignalMention("VIOLENCE", "AFFIRMED", 33, 46, "then\nreturned"));
  }

  @Test
  void mentionAcrossALineBreakIsWrittenAsTwoFragmentsAndReadBackWhole() throws IOException {
    String text = "hearing\nvoices today";
    SignalMention m = new SignalMention("PSYCHOSIS", "AFFIRMED", 0, 14, "hearing\nvoices");
    String ann = BratFormat.writeAnn(List.of(m));
    assertThat(ann).isEqualTo("T1\tPSYCHOSIS 0 7;8 14\thearing voices\n");
    Files.writeString(dir.resolve("lb.txt"), text);
    Files.writeString(dir.resolve("lb.ann"), ann);
    assertThat(BratFormat.read(dir.resolve("lb.txt")).mentions()).containsExactly(m);
  }

  @Test
  void missingAnnFileMeansNoMentions() throws IOException {
    Files.writeString(dir.resolve("empty.txt"), "nothing here");
    assertThat(BratFormat.read(dir.resolve("empty.txt")).mentions()).isEmpty();
  }
}
