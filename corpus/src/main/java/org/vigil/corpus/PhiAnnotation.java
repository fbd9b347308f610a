package org.vigil.corpus;

import java.util.Objects;
import java.util.Set;

/**
 * One annotated protected-health-information mention, tagged as in the i2b2/UTHealth 2014 track (the gold
 * standard a scorer compares with; what de-identify finds is its own {@code PhiSpan}).
 *
 * @param category i2b2 tag: NAME, PROFESSION, LOCATION, AGE, DATE, CONTACT, ID
 * @param type     i2b2 TYPE attribute, e.g. PATIENT, DOCTOR, HOSPITAL, PHONE, MEDICALRECORD
 * @param start    0-based character offset into the note text
 * @param end      exclusive end offset
 * @param text     the covered text, equal to {@code noteText.substring(start, end)}
 * @param comment  "" or one of {@link #UNDER_90}, {@link #YEAR_ONLY}, {@link #AGE_OVER_89}
 */
public record PhiAnnotation(String category, String type, int start, int end, String text, String comment) {

  public static final String UNDER_90 = "under90";
  public static final String YEAR_ONLY = "year-only";
  public static final String AGE_OVER_89 = "age-over-89";

  /** Types Safe Harbor lets stay in the text (45 CFR 164.514(b)(2) removes only geography smaller than a state). */
  private static final Set<String> KEPT_TYPES = Set.of("STATE", "COUNTRY", "PROFESSION");

  public PhiAnnotation {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    comment = comment == null ? "" : comment;
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span offsets " + start + ".." + end);
    }
  }

  /** Whether Safe Harbor requires this mention removed. */
  public boolean mustRemove() {
    if (KEPT_TYPES.contains(type) || "PROFESSION".equals(category)) {
      return false;
    }
    if ("AGE".equals(category) && UNDER_90.equals(comment)) {
      return false;
    }
    return !("DATE".equals(category) && YEAR_ONLY.equals(comment));
  }

  /** The i2b2 category for a TYPE, e.g. DOCTOR to NAME; unknown types map to themselves. */
  public static String categoryOf(String type) {
    return switch (type) {
      case "PATIENT", "DOCTOR", "USERNAME" -> "NAME";
      case "PROFESSION" -> "PROFESSION";
      case "ROOM", "DEPARTMENT", "HOSPITAL", "ORGANIZATION", "STREET", "CITY", "STATE", "COUNTRY", "ZIP",
          "LOCATION-OTHER" -> "LOCATION";
      case "AGE" -> "AGE";
      case "DATE" -> "DATE";
      case "PHONE", "FAX", "EMAIL", "URL", "IPADDR" -> "CONTACT";
      case "SSN", "MEDICALRECORD", "HEALTHPLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "BIOID", "IDNUM" -> "ID";
      default -> type;
    };
  }
}
