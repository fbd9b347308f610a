package org.vigil.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * A note rewritten in another letter case with the same annotations: nursing notes are often written all in lower
 * case or all in capitals, and a de-identifier that leans on capitals must be scored on both.
 */
public enum LetterCase {
  ORIGINAL, LOWER, UPPER;

  /** The document in this case; offsets are unchanged (each character maps to one character). */
  public AnnotatedText apply(AnnotatedText doc) {
    if (this == ORIGINAL) {
      return doc;
    }
    List<PhiAnnotation> phi = new ArrayList<>(doc.phi().size());
    for (PhiAnnotation p : doc.phi()) {
      phi.add(new PhiAnnotation(p.category(), p.type(), p.start(), p.end(), apply(p.text()), p.comment()));
    }
    return new AnnotatedText(doc.id(), apply(doc.text()), phi);
  }

  /** Character by character, not {@link String#toUpperCase}, which turns "ß" into "SS" and would move offsets. */
  public String apply(String text) {
    if (this == ORIGINAL) {
      return text;
    }
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = this == LOWER ? Character.toLowerCase(chars[i]) : Character.toUpperCase(chars[i]);
    }
    return new String(chars);
  }
}
