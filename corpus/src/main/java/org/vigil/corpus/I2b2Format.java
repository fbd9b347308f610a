package org.vigil.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Writes and reads PHI annotations in the i2b2/UTHealth 2014 de-identification track XML format.
 *
 * <p>Writing is done by hand (the format is one fixed shape); reading uses the JDK's DOM parser, so files from
 * other tools with escaped text instead of CDATA are accepted too. Offsets are Java {@code char} offsets into the
 * TEXT content; the generated corpus is ASCII, where they equal the code-point offsets of the original track.
 */
public final class I2b2Format {

  private I2b2Format() {
  }

  /** The note's text and PHI tags as an i2b2 2014 XML document. */
  public static String write(SyntheticNote note) {
    return write(note.annotatedText());
  }

  /** The text and PHI tags as an i2b2 2014 XML document. */
  public static String write(AnnotatedText doc) {
    StringBuilder out = new StringBuilder(doc.text().length() * 2 + 256);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<deIdi2b2>\n<TEXT><![CDATA[");
    // A CDATA section cannot contain "]]>"; split it across two sections.
    out.append(doc.text().replace("]]>", "]]]]><![CDATA[>"));
    out.append("]]></TEXT>\n<TAGS>\n");
    int i = 0;
    for (PhiAnnotation s : doc.phi()) {
      out.append('<').append(s.category())
          .append(" id=\"P").append(i++).append('"')
          .append(" start=\"").append(s.start()).append('"')
          .append(" end=\"").append(s.end()).append('"')
          .append(" text=\"").append(escapeAttribute(s.text())).append('"')
          .append(" TYPE=\"").append(escapeAttribute(s.type())).append('"')
          .append(" comment=\"").append(escapeAttribute(s.comment())).append("\" />\n");
    }
    out.append("</TAGS>\n</deIdi2b2>\n");
    return out.toString();
  }

  /** Reads an i2b2 2014 XML file; the document id is the file name without its extension. */
  public static AnnotatedText read(Path xml) {
    try (InputStream in = Files.newInputStream(xml)) {
      return read(idOf(xml), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read i2b2 file " + xml, e);
    }
  }

  /** Reads an i2b2 2014 XML document from a stream. */
  public static AnnotatedText read(String id, InputStream in) throws IOException {
    Document dom;
    try {
      dom = parser().parse(in);
    } catch (SAXException e) {
      throw new IllegalArgumentException("not well-formed i2b2 XML for document " + id + ": " + e.getMessage(), e);
    }
    Element root = dom.getDocumentElement();
    NodeList texts = root.getElementsByTagName("TEXT");
    if (texts.getLength() != 1) {
      throw new IllegalArgumentException("i2b2 document " + id + " has " + texts.getLength() + " TEXT elements");
    }
    String text = texts.item(0).getTextContent();
    List<PhiAnnotation> phi = new ArrayList<>();
    NodeList tagsLists = root.getElementsByTagName("TAGS");
    if (tagsLists.getLength() > 0) {
      NodeList tags = tagsLists.item(0).getChildNodes();
      for (int i = 0; i < tags.getLength(); i++) {
        Node node = tags.item(i);
        if (node instanceof Element tag) {
          phi.add(spanOf(id, tag, text));
        }
      }
    }
    return new AnnotatedText(id, text, phi);
  }

  private static PhiAnnotation spanOf(String id, Element tag, String text) {
    String category = tag.getTagName();
    String type = tag.getAttribute("TYPE").isEmpty() ? category : tag.getAttribute("TYPE");
    int start;
    int end;
    try {
      start = Integer.parseInt(tag.getAttribute("start").trim());
      end = Integer.parseInt(tag.getAttribute("end").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("i2b2 document " + id + ": tag " + tag.getAttribute("id")
          + " has non-numeric offsets", e);
    }
    if (start < 0 || end < start || end > text.length()) {
      throw new IllegalArgumentException("i2b2 document " + id + ": tag " + tag.getAttribute("id")
          + " offsets " + start + ".." + end + " outside text of length " + text.length());
    }
    String covered = tag.hasAttribute("text") ? tag.getAttribute("text") : text.substring(start, end);
    return new PhiAnnotation(category, type, start, end, covered, tag.getAttribute("comment"));
  }

  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // Corpora come from outside: no DTDs, no external entities.
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      f.setCoalescing(true);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("JDK XML parser lacks secure-processing features", e);
    }
  }

  static String idOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String escapeAttribute(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\n' -> b.append("&#10;");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append("&#9;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
