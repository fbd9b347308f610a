package org.vigil.deidentify.recognize;

import org.vigil.deidentify.Ruleset;

import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Checks in code that a pattern match really is the identifier its rule claims: checksums (Luhn, VIN), ranges
 * (IPv4 octets, ages over 89, month and day numbers) and surroundings a regular expression states badly.
 */
public enum Validator {
    NONE {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            return true;
        }
    },
    /** Payment-card style numbers: the Luhn check digit. */
    LUHN {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            return luhn(digitsOf(span));
        }
    },
    /** A 17-character vehicle identification number with a correct ISO 3779 check digit (position 9). */
    VIN {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            return vinCheckDigitValid(span);
        }
    },
    /** An SSN as the SSA issues them: area not 000, 666 or 9xx; group not 00; serial not 0000. */
    SSN {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            String d = digitsOf(span);
            if (d.length() != 9) {
                return false;
            }
            int area = Integer.parseInt(d.substring(0, 3));
            return area != 0 && area != 666 && area < 900 && !d.startsWith("00", 3) && !d.endsWith("0000");
        }
    },
    IPV4 {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            String[] parts = span.split("\\.");
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
    },
    IPV6 {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            return ipv6(span);
        }
    },
    /** An age Safe Harbor requires removed: 90 or more (and plausible, at most 125). */
    AGE_OVER_89 {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int age = Integer.parseInt(digitsOf(span));
            return age >= 90 && age <= 125;
        }
    },
    /**
     * Numeric dates with a year: month 1-12 and day 1-31, either order for day-first writers, but day-first only
     * with a four-digit year or dots ("14.03.24"): "14/5/40" is a ventilator's rate, PEEP and FiO2. Not after a
     * measurement's label ("GCS", "PS").
     */
    MONTH_DAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int a = group(m, "m");
            int b = group(m, "d");
            boolean monthFirst = a >= 1 && a <= 12 && b >= 1 && b <= 31;
            boolean dayFirst = b >= 1 && b <= 12 && a >= 1 && a <= 31
                    && (m.group("y").length() == 4 || ".".equals(m.group("s")));
            return (monthFirst || dayFirst) && !labelBefore(note, m.start());
        }
    },
    /** Numeric month and day, month strictly first (ISO, compact). */
    STRICT_MONTH_DAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int a = group(m, "m");
            int b = group(m, "d");
            return a >= 1 && a <= 12 && b >= 1 && b <= 31;
        }
    },
    /** A day number 1-31. */
    DAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int d = group(m, "d");
            return d >= 1 && d <= 31;
        }
    },
    /**
     * A month and day with no year ("9/3", "d/c'd 12/2"), or a month and a two-digit year that cannot be a day
     * ("8/87", "hx MI 11/98"; "11/02" reads as a month and day, the same span): a day the month has, and not a score,
     * setting or amount ("GCS 3/15", "PS 10/5", "1/2 NS", "2/2 sets"), which is read from the words beside the numbers.
     */
    MONTH_DAY_ALONE {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int month = group(m, "m");
            int second = group(m, "d");
            return (dayOfMonth(month, second) || (month >= 1 && month <= 12 && second >= 32 && second <= 99))
                    && !labelBefore(note, m.start()) && !amountAfter(note, m.end());
        }
    },
    /**
     * {@link #MONTH_DAY_ALONE} right after a word that says a date follows ({@code numeric-date-cues}: "since 3/4",
     * "d/c'd 12/2"), which outweighs a score's word further back ("c/o back pain since 12/2").
     */
    CUED_MONTH_DAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            return Words.NUMERIC_DATE_CUES.containsLower(wordBefore(note, m.start()))
                    && MONTH_DAY_ALONE.valid(note, m, span);
        }
    },
    /**
     * A month written after its day ("5 JAN", "5-jan", "3rd of jan"): a day the month has; a lower-case month that
     * is also a word ("2 may be given", "RR 24 dec to 18") only in a date's shape: hyphenated, after an ordinal or
     * "of", or with a year.
     */
    DAY_MONTH {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            String word = m.group("mon");
            if (!dayOfMonth(monthOf(word), group(m, "d"))) {
                return false;
            }
            if (word.equals(word.toLowerCase(Locale.ROOT)) && Words.AMBIGUOUS_MONTHS.containsLower(word)) {
                return m.group("y") != null || m.group("o") != null || m.group("of") != null
                        || m.group("j").indexOf('-') >= 0;
            }
            return true;
        }
    },
    /**
     * A month written before its day ("jan 5", "Sept 3rd", "may 12"): a day the month has, and not an amount
     * ("may 2 mg", "may 1-2 tabs", "dec 2 pts").
     */
    MONTH_THEN_DAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            return dayOfMonth(monthOf(m.group()), group(m, "d")) && !amountAfter(note, m.end());
        }
    },
    /** A month written alone: unambiguous months anywhere, "May"/"March" only where a date is expected. */
    MONTH_ALONE {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            String word = m.group().toLowerCase(Locale.ROOT).replace(".", "");
            char first = m.group().charAt(0);
            boolean capital = Character.isUpperCase(first);
            if (Words.AMBIGUOUS_MONTHS.containsLower(word)) {
                int t = note.tokenAtOrAfter(m.start());
                String prev = t > 0 ? note.lower(t - 1) : "";
                if (!capital) {
                    // "in march", "since june": in lower case only after a word that puts a time after it.
                    return Words.LOWER_CASE_MONTH_CUES.containsLower(prev)
                            && note.gapBefore(t).equals(" ");
                }
                String next = t + 1 < note.tokenCount() ? note.lower(t + 1) : "";
                return Words.DATE_PREPOSITIONS.containsLower(prev) || DAY_NUMBER.matcher(next).matches()
                        || (next.equals("of") && t + 2 < note.tokenCount() && YEAR_NUMBER.matcher(note.lower(t + 2)).matches());
            }
            return capital || word.length() > 3;
        }
    },
    /** An ordinal day written after "the" ("on the 4th"), not "the 4th grade". */
    ORDINAL_DAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int d = group(m, "d");
            if (d < 1 || d > 31) {
                return false;
            }
            int t = note.tokenAtOrAfter(m.start());
            String prev = t > 0 ? note.lower(t - 1) : "";
            String next = t + 1 < note.tokenCount() ? note.lower(t + 1) : "";
            return prev.equals("the") && !Words.NON_DATE_ORDINAL_NOUNS.containsLower(next);
        }
    },
    /** A weekday: full names in any case; abbreviations ("Sat", "Wed") only capitalised, as they are also words. */
    WEEKDAY {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int letters = 0;
            while (letters < span.length() && Character.isLetter(span.charAt(letters))) {
                letters++;
            }
            if (letters > 4) {
                return true;
            }
            if (!Character.isUpperCase(span.charAt(0))) {
                // "sun", "sat", "wed" in lower case are words: a weekday only with a real date after it ("sun 3/4").
                Matcher date = WEEKDAY_DATE.matcher(span);
                return date.find() && (date.group(1) == null
                        || (dayOfMonth(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)))
                        && !amountAfter(note, m.end())));
            }
            // "Sun", "Sat", "Wed" alone are words: as weekdays they come with a date, or after "on".
            int t = note.tokenAtOrAfter(m.start());
            return span.length() > letters + 1 || (t > 0 && note.lower(t - 1).equals("on"));
        }
    },
    /** A code of letters and at least four digits ("AB123456", "X7Y-22-9031") that is not a dose ("1000mg"). */
    MIXED_ID {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            int digits = 0;
            for (int k = 0; k < span.length(); k++) {
                if (Character.isDigit(span.charAt(k))) {
                    digits++;
                }
            }
            return digits >= 4 && NOT_MEASUREMENT.valid(note, m, span);
        }
    },
    /**
     * A user name after its label: a login shape (digits, dots, underscores, or one lower-case word that is not a
     * dictionary word), not a person's capitalised name (the name recognizer takes those) nor an ordinary word.
     */
    USERNAME {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            boolean digits = false;
            boolean marks = false;
            for (int k = 0; k < span.length(); k++) {
                char c = span.charAt(k);
                digits |= Character.isDigit(c);
                marks |= c == '.' || c == '_';
            }
            if (span.endsWith(".")) {
                return false;
            }
            String lower = span.toLowerCase(Locale.ROOT);
            if (digits || marks) {
                return true;
            }
            boolean allLower = span.equals(lower);
            boolean allUpper = span.equals(span.toUpperCase(Locale.ROOT));
            return (allLower || allUpper) && span.length() >= 4 && !Ruleset.standard().list("safe-vocabulary").containsLower(lower)
                    && !Ruleset.standard().list("name-stopwords").containsLower(lower)
                    && !Ruleset.standard().list("first-names").containsLower(lower);
        }
    },
    /**
     * A user name handed a task ("bvanderberg to follow"): a user name by {@link #USERNAME}, but not the rating scale
     * or test that is also "to follow" ("PHQ-9 to follow", "GAD-7 to follow"): the span, or its letters before a
     * trailing number, is not an ordinary or medical word.
     */
    TASKED_USERNAME {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            WordList vocabulary = Ruleset.standard().list("safe-vocabulary");
            String lower = span.toLowerCase(Locale.ROOT);
            String letters = TRAILING_NUMBER.matcher(lower).replaceAll("");
            return !vocabulary.containsLower(lower) && !vocabulary.containsLower(letters) && USERNAME.valid(note, m, span);
        }
    },
    /**
     * A login name standing alone ("bellr90", "MSANTOS8", "latoya.strong"): its letters are not an ordinary word, or
     * are a surname and an initial ("grays65"); a dotted one holds a known first name or surname.
     */
    LOGIN {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            Ruleset rules = Ruleset.standard();
            String lower = span.toLowerCase(Locale.ROOT);
            int dot = lower.indexOf('.');
            if (dot > 0) {
                String a = lower.substring(0, dot);
                String b = TRAILING_DIGITS.matcher(lower.substring(dot + 1)).replaceAll("");
                return rules.list("first-names").containsLower(a) || rules.list("surnames").containsLower(b)
                        || rules.list("first-names").containsLower(b) || rules.list("surnames").containsLower(a);
            }
            String letters = TRAILING_DIGITS.matcher(lower).replaceAll("");
            if (!rules.list("safe-vocabulary").containsLower(letters) && !rules.list("name-stopwords").containsLower(letters)) {
                return true;
            }
            // A login built from a surname and an initial can spell a word ("grays65": Gray, S.): a known surname
            // with one letter before or after it is a login, if digits follow it.
            return letters.length() >= 5 && letters.length() < lower.length()
                    && (rules.list("surnames").containsLower(letters.substring(0, letters.length() - 1))
                    || rules.list("surnames").containsLower(letters.substring(1)));
        }
    },
    /** An identifier candidate must hold at least two digits (plates, serials, member ids). */
    HAS_DIGITS {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            String s = span;
            int digits = 0;
            for (int i = 0; i < s.length(); i++) {
                if (Character.isDigit(s.charAt(i))) {
                    digits++;
                }
            }
            return digits >= 2;
        }
    },
    /** A letters-and-digits token that is not a dose or measurement ("500mg", "10mL", "2x"). */
    NOT_MEASUREMENT {
        @Override
        boolean valid(NoteText note, Matcher m, String span) {
            String s = span.toLowerCase(Locale.ROOT);
            int i = s.length();
            while (i > 0 && Character.isLetter(s.charAt(i - 1))) {
                i--;
            }
            String suffix = s.substring(i);
            int digits = 0;
            for (int k = 0; k < s.length(); k++) {
                if (Character.isDigit(s.charAt(k))) {
                    digits++;
                }
            }
            return digits >= 4 && !(i > 0 && i < s.length() && Character.isDigit(s.charAt(i - 1))
                    && Words.UNITS.containsLower(suffix)
                    && s.substring(0, i).chars().allMatch(Character::isDigit));
        }
    };

    /** Compiled once: validators run on every candidate. */
    private static final java.util.regex.Pattern DAY_NUMBER = java.util.regex.Pattern.compile("\\d{1,4}(st|nd|rd|th)?");
    private static final java.util.regex.Pattern YEAR_NUMBER = java.util.regex.Pattern.compile("\\d{4}");
    private static final java.util.regex.Pattern TRAILING_DIGITS = java.util.regex.Pattern.compile("\\d+$");
    private static final java.util.regex.Pattern TRAILING_NUMBER = java.util.regex.Pattern.compile("-?\\d+$");
    /** The date after a weekday: month and day as groups 1 and 2 when numeric, else a written day or ordinal. */
    private static final java.util.regex.Pattern WEEKDAY_DATE = java.util.regex.Pattern.compile(
            "\\s(?:the\\s+)?(?:(\\d{1,2})/(\\d{1,2})|[A-Za-z]{3,}\\.?\\s+\\d|\\d{1,2}[A-Za-z]{2})");
    /** Days in each month, February with its leap day. */
    private static final int[] MONTH_LENGTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    /**
     * The validators' word lists, from the standard ruleset on first use: held apart because the ruleset names the
     * validators while it loads, so it cannot be asked for its lists when this enum is initialised.
     */
    private static final class Words {
        static final WordList AMBIGUOUS_MONTHS = Ruleset.standard().list("ambiguous-months");
        static final WordList DATE_PREPOSITIONS = Ruleset.standard().list("date-prepositions");
        static final WordList LOWER_CASE_MONTH_CUES = Ruleset.standard().list("month-cues-lower-case");
        static final WordList NON_DATE_ORDINAL_NOUNS = Ruleset.standard().list("non-date-ordinal-nouns");
        static final WordList UNITS = Ruleset.standard().list("measurement-units");
        static final WordList RATIO_LABELS = Ruleset.standard().list("non-date-ratio-labels");
        static final WordList RATIO_NOUNS = Ruleset.standard().list("non-date-ratio-nouns");
        static final WordList NUMERIC_DATE_CUES = Ruleset.standard().list("numeric-date-cues");
    }

    abstract boolean valid(NoteText note, Matcher m, String span);

    /** Whether {@code day} is a day of {@code month} (1-12; February has 29). */
    static boolean dayOfMonth(int month, int day) {
        return month >= 1 && month <= 12 && day >= 1 && day <= MONTH_LENGTH[month - 1];
    }

    /** The month (1-12) a month name or abbreviation starts with ("Sept." is 9), or -1. */
    static int monthOf(String word) {
        if (word.length() < 3) {
            return -1;
        }
        return switch (word.substring(0, 3).toLowerCase(Locale.ROOT)) {
            case "jan" -> 1;
            case "feb" -> 2;
            case "mar" -> 3;
            case "apr" -> 4;
            case "may" -> 5;
            case "jun" -> 6;
            case "jul" -> 7;
            case "aug" -> 8;
            case "sep" -> 9;
            case "oct" -> 10;
            case "nov" -> 11;
            case "dec" -> 12;
            default -> -1;
        };
    }

    /**
     * The word written just before {@code at}, in lower case: the run of characters up to the white space, "(", ","
     * or ";" before it, colons, "=" and white space before {@code at} skipped ("GCS: 3/15", "H/H 8/24", "d/c'd 12/2").
     */
    static String wordBefore(NoteText note, int at) {
        char[] cs = note.charArray();
        int end = at;
        int stop = Math.max(0, at - NEAR);
        while (end > stop && (Character.isWhitespace(cs[end - 1]) || cs[end - 1] == ':' || cs[end - 1] == '=')) {
            end--;
        }
        int start = end;
        stop = Math.max(0, end - NEAR);
        while (start > stop && !Character.isWhitespace(cs[start - 1]) && cs[start - 1] != '(' && cs[start - 1] != ','
                && cs[start - 1] != ';') {
            start--;
        }
        return note.lowerText().substring(start, end);
    }

    /**
     * Whether the word written just before {@code at} ("BUN/Cr" also by its parts) labels a measurement, score or
     * setting ({@code non-date-ratio-labels}): "GCS 3/15", "H/H: 8/24".
     */
    static boolean labelBefore(NoteText note, int at) {
        String word = wordBefore(note, at);
        if (word.isEmpty()) {
            return false;
        }
        if (Words.RATIO_LABELS.containsLower(word)) {
            return true;
        }
        if (word.indexOf('/') > 0) {
            for (String part : word.split("/")) {
                if (Words.RATIO_LABELS.containsLower(part)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the first word after {@code at} makes the numbers before it an amount ({@code non-date-ratio-nouns}):
     * "1/2 NS", "1/2NS", "3/4 of", "1/2 a tab", "1/2-1 tab", "1/2 to 1 tab", "smokes 1/2" then "ppd" on the next
     * line; or a percent sign follows ("2/40%").
     */
    static boolean amountAfter(NoteText note, int at) {
        String lower = note.lowerText();
        int n = lower.length();
        int p = skipSpace(lower, at);
        if (p < n && lower.charAt(p) == '%') {
            return true;
        }
        // Past a range's other end ("-1", "to 1", "or 1") and an article.
        int q = p;
        if (q < n && lower.charAt(q) == '-') {
            q++;
        } else if (lower.startsWith("to ", q) || lower.startsWith("or ", q)) {
            q += 3;
        }
        if (q > p) {
            int digits = skipSpace(lower, q);
            int past = digits;
            while (past < n && (Character.isDigit(lower.charAt(past)) || lower.charAt(past) == '.')) {
                past++;
            }
            if (past > digits) {
                p = skipSpace(lower, past);
            }
        }
        if (lower.startsWith("a ", p)) {
            p = skipSpace(lower, p + 2);
        } else if (lower.startsWith("an ", p)) {
            p = skipSpace(lower, p + 3);
        }
        // Across a wrapped line ("smokes 1/2" then "ppd"), but not a blank line or a heading ("June 23", "CC:").
        int breaks = 0;
        for (int k = at; k < p; k++) {
            if (lower.charAt(k) == '\n' && ++breaks > 1) {
                return false;
            }
        }
        int end = p;
        while (end < n && lower.charAt(end) >= 'a' && lower.charAt(end) <= 'z') {
            end++;
        }
        return end > p && (end == n || (!Character.isLetterOrDigit(lower.charAt(end)) && lower.charAt(end) != ':'))
                && Words.RATIO_NOUNS.containsLower(lower.substring(p, end));
    }

    /** Past white space, at most {@link #NEAR} characters of it: a word further on is not the one just after. */
    private static int skipSpace(String s, int at) {
        int stop = Math.min(s.length(), at + NEAR);
        while (at < stop && Character.isWhitespace(s.charAt(at))) {
            at++;
        }
        return at;
    }

    private static final int NEAR = 16;

    private static int group(Matcher m, String name) {
        try {
            String g = m.group(name);
            return g == null ? -1 : Integer.parseInt(g);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    public static String digitsOf(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    static boolean luhn(String digits) {
        if (digits.length() < 12) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

    static boolean vinCheckDigitValid(String vin) {
        if (vin.length() != 17) {
            return false;
        }
        String v = vin.toUpperCase(Locale.ROOT);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = vinValue(v.charAt(i));
            if (value < 0) {
                return false;
            }
            sum += value * VIN_WEIGHTS[i];
        }
        int check = sum % 11;
        char expected = check == 10 ? 'X' : (char) ('0' + check);
        return v.charAt(8) == expected;
    }

    private static int vinValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return switch (c) {
            case 'A', 'J' -> 1;
            case 'B', 'K', 'S' -> 2;
            case 'C', 'L', 'T' -> 3;
            case 'D', 'M', 'U' -> 4;
            case 'E', 'N', 'V' -> 5;
            case 'F', 'W' -> 6;
            case 'G', 'P', 'X' -> 7;
            case 'H', 'Y' -> 8;
            case 'R', 'Z' -> 9;
            default -> -1; // I, O and Q are never used in a VIN
        };
    }

    /**
     * A cheap necessary condition at a position where the rule would try its pattern: false only where no match
     * starting there can pass this validator, so the pattern is not run at all (a token like "5mg" for an id rule).
     */
    final boolean mayPassAt(char[] text, int pos) {
        // One comparison for every other validator, rather than a virtual call at every tried position.
        return this != MIXED_ID || fourDigitsInIdRun(text, pos);
    }

    /** MIXED_ID's rule matches letters, digits and hyphens from its start: the run of those must hold 4 digits. */
    private static boolean fourDigitsInIdRun(char[] text, int pos) {
        int digits = 0;
        for (int i = pos; i < text.length && digits < 4; i++) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) {
                break;
            }
        }
        return digits >= 4;
    }

    static boolean ipv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        int nonEmpty = 0;
        for (String g : groups) {
            if (g.length() > 4) {
                return false;
            }
            for (int i = 0; i < g.length(); i++) {
                if (Character.digit(g.charAt(i), 16) < 0) {
                    return false;
                }
            }
            if (!g.isEmpty()) {
                nonEmpty++;
            }
        }
        return doubleColon >= 0 ? nonEmpty <= 7 && groups.length >= 3 : groups.length == 8 && nonEmpty == 8;
    }
}
