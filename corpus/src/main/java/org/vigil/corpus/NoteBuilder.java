package org.vigil.corpus;

import java.util.ArrayList;
import java.util.List;

/** Accumulates a note's text and records each annotation's offsets as the text is appended. */
final class NoteBuilder {

  private final StringBuilder text = new StringBuilder(4096);
  private final List<PhiAnnotation> phi = new ArrayList<>();
  private final List<SignalMention> signals = new ArrayList<>();

  int length() {
    return text.length();
  }

  char lastChar() {
    return text.isEmpty() ? '\n' : text.charAt(text.length() - 1);
  }

  void append(String s) {
    text.append(s);
  }

  void appendPhi(String type, String s, String comment) {
    int start = text.length();
    text.append(s);
    phi.add(new PhiAnnotation(PhiAnnotation.categoryOf(type), type, start, text.length(), s, comment));
  }

  void addSignal(String kind, String assertion, int start, int end) {
    signals.add(new SignalMention(kind, assertion, start, end, text.substring(start, end)));
  }

  String text() {
    return text.toString();
  }

  List<PhiAnnotation> phi() {
    return phi;
  }

  List<SignalMention> signals() {
    return signals;
  }
}
