package org.vigil.deidentify;

/**
 * How the engine runs: replacement mode, the residual check (safe list, on by default), limits that make a note fail closed, and
 * the date-shift window.
 *
 * @param timeoutMillis per-note time budget; 0 means none (offline tools)
 */
public record DeidOptions(DeidMode mode, boolean safeList, int maxNoteChars, long timeoutMillis,
        int dateShiftMaxDays, boolean preserveWeekday) {

    public static final int DEFAULT_MAX_NOTE_CHARS = 1_000_000;
    public static final long DEFAULT_TIMEOUT_MILLIS = 5_000;
    public static final int DEFAULT_SHIFT_DAYS = 365;

    public DeidOptions {
        if (maxNoteChars < 1) {
            throw new IllegalArgumentException("maxNoteChars must be positive");
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must not be negative");
        }
    }

    public static DeidOptions defaults() {
        // The residual check is on by default: on the generator's notes in three letter cases it keeps 0.987-0.990 of
        // the non-PHI tokens (0.988-0.994 without it), and it removes what no recognizer names (README, Measured).
        return new DeidOptions(DeidMode.SURROGATE, true, DEFAULT_MAX_NOTE_CHARS, DEFAULT_TIMEOUT_MILLIS,
                DEFAULT_SHIFT_DAYS, false);
    }

    public DeidOptions withMode(DeidMode m) {
        return new DeidOptions(m, safeList, maxNoteChars, timeoutMillis, dateShiftMaxDays, preserveWeekday);
    }

    public DeidOptions withSafeList(boolean on) {
        return new DeidOptions(mode, on, maxNoteChars, timeoutMillis, dateShiftMaxDays, preserveWeekday);
    }

    public DeidOptions withTimeoutMillis(long ms) {
        return new DeidOptions(mode, safeList, maxNoteChars, ms, dateShiftMaxDays, preserveWeekday);
    }

    public DeidOptions withMaxNoteChars(int chars) {
        return new DeidOptions(mode, safeList, chars, timeoutMillis, dateShiftMaxDays, preserveWeekday);
    }

    public DeidOptions withDateShift(int maxDays, boolean keepWeekday) {
        return new DeidOptions(mode, safeList, maxNoteChars, timeoutMillis, maxDays, keepWeekday);
    }
}
