package org.vigil.sink.store;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The period a trend point covers: a week starting on Monday, or a calendar month (UTC, shifted note dates). */
public enum Bucket {
    WEEK("week", ChronoUnit.WEEKS),
    MONTH("month", ChronoUnit.MONTHS);

    private final String truncation;
    private final ChronoUnit unit;

    Bucket(String truncation, ChronoUnit unit) {
        this.truncation = truncation;
        this.unit = unit;
    }

    /** The field name PostgreSQL's {@code date_trunc} takes, and the API's parameter value. */
    public String truncation() {
        return truncation;
    }

    /** Reads the API's parameter value, {@code week} or {@code month}. */
    public static Bucket parse(String value) {
        for (Bucket b : values()) {
            if (b.truncation.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException("Unknown bucket '" + value + "'");
    }

    /** The start of the bucket holding {@code day}. */
    public LocalDate start(LocalDate day) {
        return this == WEEK ? day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)) : day.withDayOfMonth(1);
    }

    /** {@code day} when a bucket starts on it, else the start of the next bucket. */
    public LocalDate firstStartOnOrAfter(LocalDate day) {
        LocalDate start = start(day);
        return start.equals(day) ? day : next(start);
    }

    public LocalDate next(LocalDate start) {
        return start.plus(1, unit);
    }

    public LocalDate back(LocalDate start, long buckets) {
        return start.minus(buckets, unit);
    }

    /** How many buckets from the one starting {@code first} to the one starting {@code last}, both counted. */
    public long count(LocalDate first, LocalDate last) {
        return unit.between(first, last) + 1;
    }
}
