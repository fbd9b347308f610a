package org.vigil.corpus;

import java.util.List;

/** A text with its PHI annotations, as read from (or written to) an i2b2 2014 XML file. */
public record AnnotatedText(String id, String text, List<PhiAnnotation> phi) {
  public AnnotatedText {
    phi = List.copyOf(phi);
  }
}
