package org.vigil.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Reads the timestamps hospital exports use: ISO-8601 instants and offsets, {@code yyyy-MM-dd HH:mm[:ss]}
 * (MIMIC), HL7 v2 {@code yyyyMMddHHmm[ss][+zzzz]}, and bare dates. Times without an offset are taken in the
 * source's zone.
 */
public final class ClinicalTime {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private static final DateTimeFormatter HL7 = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4).appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendValue(ChronoField.DAY_OF_MONTH, 2).appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 4, true).optionalEnd()
            .optionalStart().appendOffset("+HHMM", "+0000").optionalEnd()
            .toFormatter();

    private final ZoneId zone;

    public ClinicalTime(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Parses a timestamp; blank gives empty. The exception's message holds the value: never log it.
     *
     * @throws DateTimeParseException when the value matches no accepted format
     */
    public Optional<Instant> parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException ignored) {
            // not ISO with offset; try the next shape
        }
        try {
            return Optional.of(LocalDateTime.parse(v, LOCAL).atZone(zone).toInstant());
        } catch (DateTimeParseException ignored) {
            // next
        }
        if (v.length() == 10 && v.charAt(4) == '-') {
            return Optional.of(LocalDate.parse(v).atStartOfDay(zone).toInstant());
        }
        if (v.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '+' || c == '-')) {
            if (v.length() == 8) {
                return Optional.of(LocalDate.parse(v, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toInstant());
            }
            var parsed = HL7.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof OffsetDateTime o ? o.toInstant()
                    : ((LocalDateTime) parsed).atZone(zone).toInstant());
        }
        throw new DateTimeParseException("Unrecognised timestamp format", v, 0);
    }
}
