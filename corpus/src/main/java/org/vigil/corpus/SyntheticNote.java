package org.vigil.corpus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A generated clinical note with its gold PHI and risk-signal annotations.
 *
 * @param attributes patient facts for cohort analysis: {@code sex} (F/M), {@code birthDate} (ISO), {@code ageBand}
 */
public record SyntheticNote(String noteId, String patientId, String encounterId, String noteType, String authorRole,
    Instant authoredAt, String text, List<PhiAnnotation> phi, List<SignalMention> signals, Map<String, String> attributes) {

  public SyntheticNote {
    phi = List.copyOf(phi);
    signals = List.copyOf(signals);
    attributes = Map.copyOf(attributes);
  }

  /** The note as gold PHI annotation, the shape the i2b2 format reads back. */
  public AnnotatedText annotatedText() {
    return new AnnotatedText(noteId, text, phi);
  }

  /** The note as gold risk-signal annotation, the shape the brat format reads back. */
  public BratDocument bratDocument() {
    return new BratDocument(noteId, text, signals);
  }
}
