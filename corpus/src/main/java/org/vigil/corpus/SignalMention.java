package org.vigil.corpus;

import java.util.List;
import java.util.Objects;

/**
 * One mental-health risk-signal mention with its assertion, as in the brat standoff annotations.
 *
 * @param kind      one of {@link #KINDS}
 * @param assertion one of {@link #ASSERTIONS}
 * @param start     0-based character offset into the note text
 * @param end       exclusive end offset
 * @param text      the covered text, equal to {@code noteText.substring(start, end)}
 */
public record SignalMention(String kind, String assertion, int start, int end, String text) {

  public static final List<String> KINDS = List.of("SUICIDAL_IDEATION", "SUICIDE_PLAN", "SUICIDE_ATTEMPT",
      "SELF_HARM", "HOMICIDAL_IDEATION", "VIOLENCE", "PSYCHOSIS", "DEPRESSION", "MANIA", "SUBSTANCE_USE",
      "OVERDOSE", "FIREARM_ACCESS", "HOMELESSNESS", "SOCIAL_ISOLATION", "INTIMATE_PARTNER_VIOLENCE");

  public static final List<String> ASSERTIONS = List.of("AFFIRMED", "NEGATED", "HISTORICAL", "HYPOTHETICAL",
      "FAMILY", "UNCERTAIN");

  public SignalMention {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(assertion, "assertion");
    Objects.requireNonNull(text, "text");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span offsets " + start + ".." + end);
    }
  }

  /** Whether the two spans share at least one character. */
  public boolean overlaps(SignalMention other) {
    return start < other.end && other.start < end;
  }
}
