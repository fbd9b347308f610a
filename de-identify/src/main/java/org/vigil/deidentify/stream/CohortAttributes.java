package org.vigil.deidentify.stream;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reduces a raw note's patient attributes to what may travel downstream for cohort audits: sex (F, M, X or U) and
 * an age band, with every age over 89 collapsed into "90+" as Safe Harbor requires. The birth date never leaves.
 */
public final class CohortAttributes {

    private CohortAttributes() {
    }

    public static Map<String, String> of(Map<String, String> raw, Optional<Instant> authoredAt) {
        Map<String, String> out = new TreeMap<>();
        String sex = raw.getOrDefault("sex", "");
        String s = sex.trim().toUpperCase(Locale.ROOT);
        if (!s.isEmpty()) {
            out.put("sex", switch (s) {
                case "F", "FEMALE", "W", "WOMAN" -> "F";
                case "M", "MALE", "MAN" -> "M";
                case "X", "OTHER", "NONBINARY", "NON-BINARY" -> "X";
                default -> "U";
            });
        }
        ageBand(raw, authoredAt).ifPresent(band -> out.put("ageBand", band));
        return out;
    }

    static Optional<String> ageBand(Map<String, String> raw, Optional<Instant> authoredAt) {
        String birth = raw.get("birthDate");
        if (birth != null && !birth.isBlank()) {
            try {
                LocalDate born = LocalDate.parse(birth.trim().length() > 10 ? birth.trim().substring(0, 10) : birth.trim());
                LocalDate at = authoredAt.map(i -> i.atZone(ZoneOffset.UTC).toLocalDate()).orElse(LocalDate.now(ZoneOffset.UTC));
                int age = Period.between(born, at).getYears();
                if (age >= 0) {
                    return Optional.of(band(age));
                }
            } catch (DateTimeParseException ignored) {
                // Not a date: fall back to a band the source gave, below.
            }
        }
        String given = raw.get("ageBand");
        if (given != null && !given.isBlank()) {
            String digits = given.replaceAll("^\\D*(\\d+).*$", "$1");
            if (digits.matches("\\d+")) {
                return Optional.of(band(Integer.parseInt(digits)));
            }
        }
        return Optional.empty();
    }

    /** Ten-year bands from 18; "<18" below; "90+" at 90 and over. */
    static String band(int age) {
        if (age >= 90) {
            return "90+";
        }
        if (age < 18) {
            return "<18";
        }
        if (age < 25) {
            return "18-24";
        }
        int low = (age - 25) / 10 * 10 + 25;
        return low + "-" + Math.min(low + 9, 89);
    }
}
