package org.vigil.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a date of birth written {@code yyyy-MM-dd}, {@code MM/dd/yyyy} or {@code yyyyMMdd} (a time after it, as
 * in {@code 1990-02-03 00:00:00} or an HL7 timestamp, is ignored) as an ISO date, the form KnownIdentifier
 * requires. A date with only a year or month, or an impossible one (Feb 30), reads as empty.
 */
public final class BirthDate {

    private static final Pattern LEADING_DATE = Pattern.compile(
            "^(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{4}|\\d{8})(?:$|[T ]|\\d{2,})");
    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));

    private BirthDate() {
    }

    /** The ISO date ({@code yyyy-MM-dd}) {@code value} names, or empty when it names none in an accepted form. */
    public static Optional<String> iso(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = LEADING_DATE.matcher(value.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        for (DateTimeFormatter format : FORMATS) {
            try {
                return Optional.of(LocalDate.parse(m.group(1), format).toString());
            } catch (DateTimeException e) {
                // not this form; try the next
            }
        }
        return Optional.empty();
    }
}
