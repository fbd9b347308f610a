package org.vigil.deidentify.recognize;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The forms in which a record identifier's value may be written in a note, derived from the value alone: a name's
 * words with and without the digits Synthea appends, an identifier's alphanumeric cores, a phone's digits, and the
 * token sequences of an address line, a place, a postal code and a birth date as clinicians write them. Pure
 * functions; {@link RecordRecognizer} searches the forms.
 */
final class RecordVariants {

    /**
     * Identifiers with fewer letters and digits than this are not searched: "12" or "A7" would match unrelated
     * numbers and words all over a note.
     */
    static final int MIN_IDENTIFIER_CHARS = 4;

    /** Leading zeros a system may drop are dropped only where this many digits remain, for the same reason. */
    static final int MIN_UNPADDED_DIGITS = 6;

    private static final Pattern SSN = Pattern.compile("\\d{3}[- ]?\\d{2}[- ]?\\d{4}");
    private static final Pattern ZIP = Pattern.compile("(\\d{5})(?:[- ]?(\\d{4}))?");

    private RecordVariants() {
    }

    /** How the tokens of a {@link Phrase} may be separated in the text. */
    enum Gap {
        /** Exactly one of {@code / - .} ("2/3/1990", "1990-02-03", "12345-6789"). */
        SEPARATOR("/-.", 1),
        /** Up to three spaces, tabs, commas, periods, hyphens or slashes on one line ("Feb. 3, 1990", "St. Louis"). */
        WORDS(" \t,.-/", 3),
        /** Up to four white-space characters (a line break too), commas, periods or '#' ("12 Elm St.,\nApt #4"). */
        ADDRESS(" \t\r\n,.#", 4);

        private final String chars;
        private final int max;

        Gap(String chars, int max) {
            this.chars = chars;
            this.max = max;
        }

        /** Whether {@code text[from, to)} may separate two tokens of a phrase. */
        boolean allows(String text, int from, int to) {
            if (to - from < 1 || to - from > max) {
                return false;
            }
            for (int p = from; p < to; p++) {
                if (chars.indexOf(text.charAt(p)) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Lower-case tokens (as {@link NoteText} cuts them) to find in this order, separated as {@code gap} allows. */
    record Phrase(List<String> tokens, Gap gap) {
        Phrase {
            tokens = List.copyOf(tokens);
        }
    }

    /** One word of a recorded name, lower case; {@code stripped}: the record wrote it with digits after it. */
    record NamePart(String form, boolean stripped) {
    }

    /**
     * The words of a name as a note may write them: each word ("ruiz-lopez", "o'brien"), each part of a hyphenated
     * word ("ruiz", "lopez"), and each without the digits Synthea appends ("marine542": also "marine"). A form
     * written as the record has it comes first and wins over the same form stripped.
     */
    static List<NamePart> nameParts(String value) {
        Map<String, Boolean> forms = new LinkedHashMap<>();
        for (String word : words(value)) {
            if (word.chars().allMatch(Character::isDigit)) {
                continue;
            }
            addWithPieces(forms, word, false);
            String letters = withoutTrailingDigits(word);
            if (letters != null) {
                addWithPieces(forms, letters, true);
            }
        }
        List<NamePart> parts = new ArrayList<>();
        forms.forEach((form, stripped) -> parts.add(new NamePart(form, stripped)));
        return parts;
    }

    private static void addWithPieces(Map<String, Boolean> forms, String word, boolean stripped) {
        forms.merge(word, stripped, Boolean::logicalAnd);
        if (word.indexOf('-') > 0) {
            for (String piece : word.split("-")) {
                if (!piece.isEmpty()) {
                    forms.merge(piece, stripped, Boolean::logicalAnd);
                }
            }
        }
    }

    /** "marine542" without its digits, or null when the word does not end in digits after letters only. */
    static String withoutTrailingDigits(String word) {
        int end = word.length();
        while (end > 0 && Character.isDigit(word.charAt(end - 1))) {
            end--;
        }
        if (end == word.length() || end == 0) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            if (Character.isDigit(word.charAt(i))) {
                return null;
            }
        }
        return word.substring(0, end);
    }

    /**
     * The letters and digits of an identifier in lower case, as searched with any separators between them: the
     * whole value ("MRN-00123": "mrn00123"), the part after a letter prefix written apart ("00123"), and a number
     * without the leading zeros a system may drop ("00123456": also "123456"). Longest first; none shorter than
     * {@link #MIN_IDENTIFIER_CHARS}.
     */
    static List<String> identifierCores(String value) {
        Set<String> cores = new LinkedHashSet<>();
        cores.add(alphanumerics(value));
        int i = 0;
        while (i < value.length() && Character.isLetter(value.charAt(i))) {
            i++;
        }
        if (i > 0 && i < value.length() && !Character.isLetterOrDigit(value.charAt(i))) {
            String rest = alphanumerics(value.substring(i));
            if (rest.chars().anyMatch(Character::isDigit)) {
                cores.add(rest);
            }
        }
        for (String core : List.copyOf(cores)) {
            if (!core.isEmpty() && core.charAt(0) == '0' && core.chars().allMatch(Character::isDigit)) {
                int zeros = 0;
                while (zeros < core.length() && core.charAt(zeros) == '0') {
                    zeros++;
                }
                String unpadded = core.substring(zeros);
                if (unpadded.length() >= MIN_UNPADDED_DIGITS) {
                    cores.add(unpadded);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String core : cores) {
            if (core.length() >= MIN_IDENTIFIER_CHARS) {
                out.add(core);
            }
        }
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }

    static String alphanumerics(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /** Whether the identifier has the shape of a US social security number (nine digits, 3-2-4). */
    static boolean ssnShaped(String value) {
        return SSN.matcher(value.strip()).matches();
    }

    /**
     * The digit strings a phone number may be written as, longest first: a North American number with and without
     * its country code 1 ("15551234567", "5551234567"); any other number of seven digits or more as it is. An
     * extension ("x123") is not part of it. Empty for a value with too few digits to be a phone number.
     */
    static List<String> phoneDigits(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("tel:")) {
            v = v.substring(4);
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (Character.isLetter(c)) {
                break;
            }
        }
        String d = digits.toString();
        boolean foreign = v.startsWith("+") && !v.startsWith("+1");
        if (!foreign && d.length() == 11 && d.charAt(0) == '1') {
            d = d.substring(1);
        }
        if (!foreign && d.length() == 10) {
            return List.of("1" + d, d);
        }
        return d.length() >= 7 ? List.of(d) : List.of();
    }

    /** The value in lower case if it is an e-mail address or a web address (searched as written), else empty. */
    static Optional<String> literalAddress(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("mailto:")) {
            v = v.substring(7);
        }
        if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        boolean email = v.indexOf('@') > 0 && v.indexOf('@') < v.length() - 1;
        return email || isUrl(v) ? Optional.of(v) : Optional.empty();
    }

    static boolean isUrl(String lower) {
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("www.");
    }

    /** The value's tokens in lower case, as {@link NoteText} cuts a note. */
    static List<String> words(String value) {
        if (oneWord(value)) {
            // Most names ("Ana", "Ruiz433"): one token, without tokenising (this runs for each value of each note).
            return List.of(value.toLowerCase(Locale.ROOT));
        }
        NoteText t = NoteText.of(value.replace('\u2019', '\''));
        List<String> out = new ArrayList<>(t.tokenCount());
        for (int i = 0; i < t.tokenCount(); i++) {
            out.add(t.lower(i));
        }
        return out;
    }

    private static boolean oneWord(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * An address line with each street word in its canonical abbreviation ({@code canonical}: "street" and "st" both
     * "st"), and the same line without its unit ("Apt 4", "Suite 200", "#4"), which notes often leave out.
     */
    static List<Phrase> addressPhrases(String line, Map<String, String> canonical, Set<String> unitWords) {
        NoteText t = NoteText.of(line);
        List<String> tokens = new ArrayList<>(t.tokenCount());
        int unitAt = -1;
        for (int i = 0; i < t.tokenCount(); i++) {
            String c = canonical.getOrDefault(t.lower(i), t.lower(i));
            if (unitAt < 0 && i > 0 && (unitWords.contains(c) || t.gapBefore(i).indexOf('#') >= 0)) {
                unitAt = i;
            }
            tokens.add(c);
        }
        List<Phrase> out = new ArrayList<>();
        if (alphanumericCount(tokens) >= MIN_IDENTIFIER_CHARS) {
            out.add(new Phrase(tokens, Gap.ADDRESS));
            if (unitAt >= 2) {
                out.add(new Phrase(tokens.subList(0, unitAt), Gap.ADDRESS));
            }
        }
        return out;
    }

    /**
     * A postal code: a US ZIP as "12345", and a ZIP+4 also as "12345-6789" and "123456789"; any other code (a
     * Canadian or British one) as its words.
     */
    static List<Phrase> postalPhrases(String value) {
        var m = ZIP.matcher(value.strip());
        List<Phrase> out = new ArrayList<>();
        if (m.matches()) {
            if (m.group(2) != null) {
                out.add(new Phrase(List.of(m.group(1), m.group(2)), Gap.SEPARATOR));
                out.add(new Phrase(List.of(m.group(1) + m.group(2)), Gap.SEPARATOR));
            }
            out.add(new Phrase(List.of(m.group(1)), Gap.SEPARATOR));
            return out;
        }
        List<String> words = words(value);
        if (alphanumericCount(words) >= MIN_IDENTIFIER_CHARS) {
            out.add(new Phrase(words, Gap.WORDS));
        }
        return out;
    }

    /** The ISO date (yyyy-MM-dd, a time after it ignored) a record holds, or empty when it holds none. */
    static Optional<LocalDate> isoDate(String value) {
        String v = value.strip();
        if (v.length() < 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(5, 7)),
                    Integer.parseInt(v.substring(8, 10))));
        } catch (RuntimeException e) {
            // DateTimeException, NumberFormatException: not a date; the caller searches the value as written.
            return Optional.empty();
        }
    }

    /**
     * A date in the formats clinicians write: M/D/YYYY, MM/DD/YYYY, M/D/YY (with / - or . between), YYYY-MM-DD,
     * YYYYMMDD, "Month D, YYYY", "Mon D YYYY", "Mon. 3rd, YYYY", "D Month YYYY", "03-Feb-90". Day-first numbers
     * (D/M/YYYY) are not among them: read the US way they are another date.
     */
    static List<Phrase> datePhrases(LocalDate date) {
        int y = date.getYear();
        String yyyy = y >= 1000 && y <= 9999 ? String.valueOf(y) : String.format(Locale.ROOT, "%04d", y);
        String yy = yyyy.substring(yyyy.length() - 2);
        int m = date.getMonthValue();
        int d = date.getDayOfMonth();
        // Built without duplicates, so without a set: this runs for each note that has a birth date.
        List<String> months = m < 10 ? List.of(String.valueOf(m), twoDigits(m)) : List.of(String.valueOf(m));
        List<String> days = d < 10 ? List.of(String.valueOf(d), twoDigits(d)) : List.of(String.valueOf(d));
        List<Phrase> out = new ArrayList<>(64);
        for (String month : months) {
            for (String day : days) {
                out.add(new Phrase(List.of(month, day, yyyy), Gap.SEPARATOR));
                out.add(new Phrase(List.of(month, day, yy), Gap.SEPARATOR));
                out.add(new Phrase(List.of(yyyy, month, day), Gap.SEPARATOR));
            }
        }
        out.add(new Phrase(List.of(yyyy + twoDigits(m) + twoDigits(d)), Gap.SEPARATOR));
        List<String> writtenDays = new ArrayList<>(days);
        writtenDays.add(d + ordinalSuffix(d));
        for (String name : MONTH_NAMES.get(m - 1)) {
            for (String day : writtenDays) {
                out.add(new Phrase(List.of(name, day, yyyy), Gap.WORDS));
                out.add(new Phrase(List.of(day, name, yyyy), Gap.WORDS));
                out.add(new Phrase(List.of(day, name, yy), Gap.WORDS));
            }
        }
        return out;
    }

    /** Per month, its English name and abbreviations in lower case ("may" once; "sep" and "sept"). */
    private static final List<List<String>> MONTH_NAMES = monthNames();

    private static List<List<String>> monthNames() {
        List<List<String>> names = new ArrayList<>(12);
        for (java.time.Month month : java.time.Month.values()) {
            Set<String> forms = new LinkedHashSet<>();
            forms.add(month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT));
            forms.add(month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT));
            if (month == java.time.Month.SEPTEMBER) {
                forms.add("sept");
            }
            names.add(List.copyOf(forms));
        }
        return List.copyOf(names);
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    private static String ordinalSuffix(int day) {
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

    static int alphanumericCount(List<String> tokens) {
        int n = 0;
        for (String t : tokens) {
            for (int i = 0; i < t.length(); i++) {
                if (Character.isLetterOrDigit(t.charAt(i))) {
                    n++;
                }
            }
        }
        return n;
    }
}
