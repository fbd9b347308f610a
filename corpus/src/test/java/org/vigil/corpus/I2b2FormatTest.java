package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class I2b2FormatTest {

  @TempDir
  Path dir;

  @Test
  void generatedNotesSurviveWriteThenRead() throws IOException {
    for (SyntheticNote n : new CorpusGenerator(7).generate(40)) {
      Path file = dir.resolve(n.noteId() + ".xml");
      Files.writeString(file, I2b2Format.write(n));
      AnnotatedText back = I2b2Format.read(file);
      assertThat(back).isEqualTo(n.annotatedText());
    }
  }

  @Test
  void writesTheTrackShape() {
    AnnotatedText doc = new AnnotatedText("d1", "Seen by Dr. Okafor",
        List.of(new PhiAnnotation("NAME", "DOCTOR", 12, 18, "Okafor", "")));
    assertThat(I2b2Format.write(doc)).isEqualTo("""
        <?xml version="1.0" encoding="UTF-8" ?>
        <deIdi2b2>
        <TEXT><![CDATA[Seen by Dr. Okafor]]></TEXT>
        <TAGS>
        <NAME id="P0" start="12" end="18" text="Okafor" TYPE="DOCTOR" comment="" />
        </TAGS>
        </deIdi2b2>
        """);
  }

  @Test
  void textContainingCdataTerminatorAndQuotesRoundTrips() throws IOException {
    String text = "Pt said \"x]]>y\" & <left> 2019";
    AnnotatedText doc = new AnnotatedText("d2", text,
        List.of(new PhiAnnotation("DATE", "DATE", 25, 29, "2019", "year-only"),
            new PhiAnnotation("NAME", "PATIENT", 8, 15, "\"x]]>y\"", "")));
    Path file = dir.resolve("d2.xml");
    Files.writeString(file, I2b2Format.write(doc));
    assertThat(I2b2Format.read(file)).isEqualTo(doc);
  }

  @Test
  void readsFilesWithEscapedTextInsteadOfCdata() throws IOException {
    Path file = dir.resolve("other-tool.xml");
    Files.writeString(file, """
        <?xml version="1.0" encoding="UTF-8" ?>
        <deIdi2b2>
        <TEXT>Pt &amp; wife: Ann Lee &lt;home&gt; seen 3/4.</TEXT>
        <TAGS>
        <NAME id="P0" start="11" end="18" text="Ann Lee" TYPE="PATIENT" comment="" />
        <DATE id="P1" start="31" end="34" text="3/4" TYPE="DATE"/>
        </TAGS>
        </deIdi2b2>
        """);
    AnnotatedText doc = I2b2Format.read(file);
    assertThat(doc.id()).isEqualTo("other-tool");
    assertThat(doc.text()).isEqualTo("Pt & wife: Ann Lee <home> seen 3/4.");
    assertThat(doc.phi()).containsExactly(new PhiAnnotation("NAME", "PATIENT", 11, 18, "Ann Lee", ""),
        new PhiAnnotation("DATE", "DATE", 31, 34, "3/4", ""));
  }

  @Test
  void rejectsOffsetsOutsideTheText() throws IOException {
    Path file = dir.resolve("bad.xml");
    Files.writeString(file, "<deIdi2b2><TEXT>short</TEXT><TAGS><DATE id=\"P0\" start=\"2\" end=\"40\" TYPE=\"DATE\"/>"
        + "</TAGS></deIdi2b2>");
    assertThatThrownBy(() -> I2b2Format.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside text of length 5");
  }

  @Test
  void refusesDoctypeDeclarations() throws IOException {
    Path file = dir.resolve("xxe.xml");
    Files.writeString(file, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<deIdi2b2><TEXT>&e;</TEXT><TAGS/></deIdi2b2>");
    assertThatThrownBy(() -> I2b2Format.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not well-formed");
  }
}
