package org.vigil.deidentify.operate;

import org.vigil.runtime.secret.KeyedHash;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves a patient's dates by one keyed, per-patient number of days, so every interval between that patient's
 * dates is kept while the dates themselves are not. The shift lies within {@code [-maxDays, maxDays]}, never 0,
 * and is a multiple of 7 when weekdays are preserved. Dates are rewritten in the shape they were written in
 * ("03/14/2024", "March 14th", "14-Mar-24", "Tuesday"); a date it cannot read becomes {@code [DATE]}.
 */
public final class DateShift {

    private static final Pattern MONTH_YEAR = Pattern.compile("(\\d{1,2})([/.-])((?:19|20)\\d{2})");
    private static final Pattern COMPACT = Pattern.compile("((?:19|20)\\d{2})(\\d{2})(\\d{2})");
    private static final Map<String, Month> MONTHS = months();
    private static final Map<String, DayOfWeek> WEEKDAYS = weekdays();
    private static final String[] MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] WEEKDAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"};

    private final KeyedHash hash;
    private final int maxDays;
    private final boolean preserveWeekday;

    public DateShift(KeyedHash hash, int maxDays, boolean preserveWeekday) {
        if (maxDays < 1 || (preserveWeekday && maxDays < 7)) {
            throw new IllegalArgumentException("date shift window must be at least 1 day (7 when weekdays are kept)");
        }
        this.hash = hash;
        this.maxDays = maxDays;
        this.preserveWeekday = preserveWeekday;
    }

    /** The patient's shift in days: keyed, stable across notes and restarts, never 0. */
    public int days(String patientKey) {
        long h = hash.number("date-shift", patientKey);
        boolean back = (h & 1) == 0;
        h >>>= 1;
        int magnitude = preserveWeekday ? 7 * (int) (1 + h % (maxDays / 7)) : (int) (1 + h % maxDays);
        return back ? -magnitude : magnitude;
    }

    /** The date written in {@code original}, moved by {@code days}, in the same shape; empty when unreadable. */
    public Optional<String> shift(String original, int days, int referenceYear) {
        try {
            // The numeric shapes all start with a digit: a written date skips their three matchers.
            if (original.isEmpty() || original.charAt(0) < '0' || original.charAt(0) > '9') {
                return written(original, days, referenceYear);
            }
            String[] numeric = numericParts(original);
            if (numeric != null) {
                return numeric(numeric[0], numeric[1], numeric[2], numeric[3], days, referenceYear);
            }
            Matcher m = MONTH_YEAR.matcher(original);
            if (m.matches()) {
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)), 15).plusDays(days);
                return Optional.of(pad(d.getMonthValue(), m.group(1)) + m.group(2) + d.getYear());
            }
            m = COMPACT.matcher(original);
            if (m.matches()) {
                LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).plusDays(days);
                return Optional.of(d.getYear() >= 1000 && d.getYear() <= 9999
                        ? d.getYear() + twoDigits(d.getMonthValue()) + twoDigits(d.getDayOfMonth())
                        : String.format(Locale.ROOT, "%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
            }
            return written(original, days, referenceYear);
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The groups of {@code (\d{1,4})([/.-])(\d{1,2})(?:\2(\d{2,4}))?} matching the whole text (the last null when
     * absent), or null: read by hand, as digits and separators cannot trade places there is one way to match.
     */
    static String[] numericParts(String s) {
        int n = s.length();
        int a = digitsFrom(s, 0);
        if (a < 1 || a > 4 || a >= n || !dateSeparator(s.charAt(a))) {
            return null;
        }
        int b = digitsFrom(s, a + 1);
        if (b < 1 || b > 2) {
            return null;
        }
        int at = a + 1 + b;
        String c = null;
        if (at < n) {
            int d = digitsFrom(s, at + 1);
            if (s.charAt(at) != s.charAt(a) || d < 2 || d > 4 || at + 1 + d != n) {
                return null;
            }
            c = s.substring(at + 1);
        }
        return new String[] {s.substring(0, a), s.substring(a, a + 1), s.substring(a + 1, a + 1 + b), c};
    }

    /** How many ASCII digits start at {@code from}. */
    private static int digitsFrom(String s, int from) {
        int p = from;
        while (p < s.length() && digit(s.charAt(p))) {
            p++;
        }
        return p - from;
    }

    private static boolean dateSeparator(char c) {
        return c == '/' || c == '.' || c == '-';
    }

    private Optional<String> numeric(String a, String sep, String b, String c, int days, int referenceYear) {
        if (c == null) {
            if (a.length() == 4) {
                LocalDate d = LocalDate.of(Integer.parseInt(a), Integer.parseInt(b), 15).plusDays(days);
                return Optional.of(d.getYear() + sep + pad(d.getMonthValue(), b));
            }
            int month = Integer.parseInt(a);
            int day = Integer.parseInt(b);
            boolean dayFirst = month > 12;
            LocalDate d = dayFirst ? LocalDate.of(referenceYear, day, month) : LocalDate.of(referenceYear, month, day);
            LocalDate s = d.plusDays(days);
            return Optional.of(dayFirst
                    ? pad(s.getDayOfMonth(), b) + sep + pad(s.getMonthValue(), a)
                    : pad(s.getMonthValue(), a) + sep + pad(s.getDayOfMonth(), b));
        }
        if (a.length() == 4) {
            LocalDate s = LocalDate.of(Integer.parseInt(a), Integer.parseInt(b), Integer.parseInt(c)).plusDays(days);
            return Optional.of(s.getYear() + sep + pad(s.getMonthValue(), b) + sep + pad(s.getDayOfMonth(), c));
        }
        int first = Integer.parseInt(a);
        int second = Integer.parseInt(b);
        int year = fullYear(c, referenceYear);
        boolean dayFirst = first > 12;
        LocalDate d = dayFirst ? LocalDate.of(year, second, first) : LocalDate.of(year, first, second);
        LocalDate s = d.plusDays(days);
        String y = c.length() == 2 ? twoDigits(s.getYear() % 100) : String.valueOf(s.getYear());
        return Optional.of(dayFirst
                ? pad(s.getDayOfMonth(), a) + sep + pad(s.getMonthValue(), b) + sep + y
                : pad(s.getMonthValue(), a) + sep + pad(s.getDayOfMonth(), b) + sep + y);
    }

    private static int fullYear(String y, int referenceYear) {
        String digits = y.replace("'", "");
        int v = Integer.parseInt(digits);
        if (digits.length() == 4) {
            return v;
        }
        int century = referenceYear / 100 * 100;
        return v <= referenceYear % 100 + 5 ? century + v : century - 100 + v;
    }

    /** As {@code String.format("%02d", value)}, without the formatter: it ran for every shifted date. */
    static String twoDigits(int value) {
        return value >= 0 && value < 10 ? "0" + value : String.valueOf(value);
    }

    private static String pad(int value, String like) {
        return like.length() == 2 && value < 10 ? "0" + value : String.valueOf(value);
    }

    /** Dates with month or weekday names: "March 14th, 2024", "14 Mar 2024", "Tuesday", "the 4th", "June". */
    private Optional<String> written(String original, int days, int referenceYear) {
        List<String> parts = parts(original);
        int monthAt = -1;
        int dayAt = -1;
        int yearAt = -1;
        int weekdayAt = -1;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            String lower = part.toLowerCase(Locale.ROOT);
            if (Character.isLetter(part.charAt(0))) {
                if (MONTHS.containsKey(lower) && monthAt < 0) {
                    monthAt = i;
                } else if (WEEKDAYS.containsKey(lower) && weekdayAt < 0) {
                    weekdayAt = i;
                }
            } else if (Character.isDigit(part.charAt(0)) || part.startsWith("'")) {
                String digits = part.replace("'", "");
                if ((digits.length() == 4 || part.startsWith("'")) && yearAt < 0) {
                    yearAt = i;
                } else if (digits.length() <= 2 && dayAt < 0) {
                    dayAt = i;
                }
            }
        }
        if (monthAt < 0 && weekdayAt < 0 && dayAt < 0) {
            return Optional.empty();
        }
        int year = yearAt >= 0 ? fullYear(parts.get(yearAt), referenceYear) : referenceYear;
        LocalDate shifted;
        if (monthAt >= 0) {
            int day = dayAt >= 0 ? Integer.parseInt(parts.get(dayAt)) : 15;
            shifted = LocalDate.of(year, MONTHS.get(parts.get(monthAt).toLowerCase(Locale.ROOT)), day).plusDays(days);
        } else if (dayAt >= 0) {
            // "the 4th": a day of an unnamed month; shift within a 28-day cycle so it stays a valid day.
            int day = Integer.parseInt(parts.get(dayAt));
            shifted = LocalDate.of(referenceYear, 2, 1).plusDays(Math.floorMod(day - 1 + days, 28));
        } else {
            shifted = null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i == monthAt) {
                String name = MONTH_NAMES[shifted.getMonthValue() - 1];
                String word = part.length() >= 4 && !part.equalsIgnoreCase("sept") ? name : name.substring(0, 3);
                out.append(sameCase(word, part));
            } else if (i == dayAt && shifted != null) {
                out.append(part.length() == 2 && part.charAt(0) == '0' ? pad(shifted.getDayOfMonth(), part)
                        : String.valueOf(shifted.getDayOfMonth()));
                if (i + 1 < parts.size() && isOrdinalSuffix(parts.get(i + 1))) {
                    out.append(sameCase(ordinal(shifted.getDayOfMonth()), parts.get(i + 1)));
                    i++;
                }
            } else if (i == yearAt && shifted != null) {
                out.append(part.startsWith("'") || part.length() == 2
                        ? (part.startsWith("'") ? "'" : "") + twoDigits(shifted.getYear() % 100)
                        : String.valueOf(shifted.getYear()));
            } else if (i == weekdayAt) {
                DayOfWeek dow = shifted != null && (monthAt >= 0)
                        ? shifted.getDayOfWeek()
                        : WEEKDAYS.get(part.toLowerCase(Locale.ROOT)).plus(days);
                String name = WEEKDAY_NAMES[dow.getValue() - 1];
                out.append(sameCase(part.length() > 3 ? name : name.substring(0, 3), part));
            } else {
                out.append(part);
            }
        }
        return Optional.of(out.toString());
    }

    /**
     * The text cut into runs of ASCII letters, runs of digits, a year written "'24", a lone apostrophe, and runs of
     * anything else: what {@code [A-Za-z]+|\d+|'\d{2}|[^A-Za-z\d']+|'} finds, read by hand (once per written
     * date in surrogate mode).
     */
    static List<String> parts(String s) {
        List<String> parts = new ArrayList<>(8);
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int j = i + 1;
            if (asciiLetter(c)) {
                while (j < n && asciiLetter(s.charAt(j))) {
                    j++;
                }
            } else if (digit(c)) {
                while (j < n && digit(s.charAt(j))) {
                    j++;
                }
            } else if (c == '\'') {
                if (i + 2 < n && digit(s.charAt(i + 1)) && digit(s.charAt(i + 2))) {
                    j = i + 3;
                }
            } else {
                while (j < n && !asciiLetter(s.charAt(j)) && !digit(s.charAt(j)) && s.charAt(j) != '\'') {
                    j++;
                }
            }
            parts.add(s.substring(i, j));
            i = j;
        }
        return parts;
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOrdinalSuffix(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.equals("st") || l.equals("nd") || l.equals("rd") || l.equals("th");
    }

    static String ordinal(int day) {
        if (day >= 11 && day <= 13) {
            return "th";
        }
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    static String sameCase(String word, String like) {
        if (like.length() > 1 && lettersAllUpper(like)) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (Character.isLowerCase(like.charAt(0))) {
            return word.toLowerCase(Locale.ROOT);
        }
        String rest = word.substring(1).toLowerCase(Locale.ROOT);
        return new StringBuilder(word.length()).append(Character.toUpperCase(word.charAt(0))).append(rest).toString();
    }

    /** Whether every letter of {@code s} is upper case (true when it has none), char by char as String.chars() reads. */
    private static boolean lettersAllUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c) && !Character.isUpperCase(c)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Month> months() {
        Map<String, Month> m = new java.util.HashMap<>();
        for (Month month : Month.values()) {
            String full = month.name().toLowerCase(Locale.ROOT);
            m.put(full, month);
            m.put(full.substring(0, 3), month);
        }
        m.put("sept", Month.SEPTEMBER);
        return Map.copyOf(m);
    }

    private static Map<String, DayOfWeek> weekdays() {
        Map<String, DayOfWeek> m = new java.util.HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            m.put(full, d);
            m.put(full.substring(0, 3), d);
        }
        m.put("tues", DayOfWeek.TUESDAY);
        m.put("thur", DayOfWeek.THURSDAY);
        m.put("thurs", DayOfWeek.THURSDAY);
        return Map.copyOf(m);
    }
}
