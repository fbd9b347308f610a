package org.vigil.deidentify;

import java.util.Arrays;
import java.util.Locale;

/**
 * A note's text tokenised once for every recognizer, with the note's time budget: regular expressions run over
 * {@link #chars()}, a view that checks the deadline as it is read, so even a pathological backtracking pattern
 * stops when the budget is spent (java.util.regex cannot be interrupted otherwise).
 *
 * <p>A token is a run of letters and digits; an apostrophe or hyphen between two letters joins ("O'Brien",
 * "Smith-Jones"). Written by hand: a single linear pass is what the throughput target needs.
 */
public final class NoteText {

    /** Token shapes, used by recognizers to tell names from words. */
    public enum Shape { CAPITALIZED, UPPER, LOWER, DIGITS, MIXED }

    private final String text;
    private final long deadlineNanos;
    private final long budgetMillis;
    private final GuardedChars chars;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private Shape[] shapes = new Shape[64];
    private String[] lower;
    private int count;
    private int checks;
    private String lowerText;
    private boolean shouting;
    private int[] digitStarts;

    public NoteText(String text, long budgetMillis) {
        this.text = text;
        this.budgetMillis = budgetMillis;
        this.deadlineNanos = budgetMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + budgetMillis * 1_000_000L;
        this.chars = new GuardedChars();
        tokenize();
    }

    /** A note with no time budget (tests, tools). */
    public static NoteText of(String text) {
        return new NoteText(text, 0);
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** The text as a CharSequence that throws {@link NoteTimeoutException} once the budget is spent. */
    public CharSequence chars() {
        return chars;
    }

    /** The whole text in lower case (root locale; same length and offsets for the scripts notes use). */
    public String lowerText() {
        if (lowerText == null) {
            String l = text.toLowerCase(Locale.ROOT);
            // A few characters change length in lower case; offsets must stay aligned, so fall back per char.
            if (l.length() != text.length()) {
                char[] cs = text.toCharArray();
                for (int i = 0; i < cs.length; i++) {
                    cs[i] = Character.toLowerCase(cs[i]);
                }
                l = new String(cs);
            }
            lowerText = l;
        }
        return lowerText;
    }

    /** Offsets where a run of digits starts that is not glued to a preceding letter or digit. */
    public int[] digitStarts() {
        if (digitStarts == null) {
            int[] found = new int[16];
            int n = 0;
            for (int i = 0; i < count; i++) {
                int s = starts[i];
                if (Character.isDigit(text.charAt(s))) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = s;
                }
            }
            digitStarts = Arrays.copyOf(found, n);
        }
        return digitStarts;
    }

    /** Throws {@link NoteTimeoutException} if the note's time budget is spent. */
    public void checkDeadline() {
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() > deadlineNanos) {
            throw new NoteTimeoutException(budgetMillis);
        }
    }

    /** Whether the note is written in capitals throughout, so that capitals say nothing about names. */
    public boolean shouting() {
        return shouting;
    }

    public int tokenCount() {
        return count;
    }

    public int tokenStart(int i) {
        return starts[i];
    }

    public int tokenEnd(int i) {
        return ends[i];
    }

    public Shape shape(int i) {
        return shapes[i];
    }

    /** The token in lower case (root locale). */
    public String lower(int i) {
        return lower[i];
    }

    public String token(int i) {
        return text.substring(starts[i], ends[i]);
    }

    /** The index of the first token starting at or after {@code offset}, or {@link #tokenCount()}. */
    public int tokenAtOrAfter(int offset) {
        int i = Arrays.binarySearch(starts, 0, count, offset);
        return i >= 0 ? i : -i - 1;
    }

    /** The characters between the end of token {@code i - 1} and the start of token {@code i}. */
    public String gapBefore(int i) {
        int from = i == 0 ? 0 : ends[i - 1];
        int to = starts[i];
        // The common gaps without allocating: this is called for most tokens by several recognizers.
        if (to - from == 1) {
            char c = text.charAt(from);
            if (c == ' ') {
                return " ";
            }
            if (c == '-') {
                return "-";
            }
        } else if (to - from == 2 && text.charAt(from) == ',' && text.charAt(from + 1) == ' ') {
            return ", ";
        } else if (to == from) {
            return "";
        }
        return text.substring(from, to);
    }

    private java.util.HashMap<String, int[]> occurrences;
    private static final int[] NONE = new int[0];

    /**
     * The indexes of the tokens whose lower-case form is {@code lowerToken}, in order. Built once per note, so a
     * recognizer looks its trigger words up instead of testing every token.
     */
    public int[] occurrences(String lowerToken) {
        if (occurrences == null) {
            java.util.HashMap<String, int[]> map = new java.util.HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                int[] prev = map.get(lower[i]);
                if (prev == null) {
                    map.put(lower[i], new int[] {i});
                } else {
                    int[] next = Arrays.copyOf(prev, prev.length + 1);
                    next[prev.length] = i;
                    map.put(lower[i], next);
                }
            }
            occurrences = map;
        }
        int[] found = occurrences.get(lowerToken);
        return found == null ? NONE : found;
    }

    private int[] mixedStarts;

    /** The start offset of every token that mixes letters and digits. */
    public int[] mixedStarts() {
        if (mixedStarts == null) {
            int[] p = new int[count];
            int n = 0;
            for (int i = 0; i < count; i++) {
                // Also a letter token glued to digits by a hyphen: "TZ-365496" tokenises as "TZ", "365496".
                boolean gluedToDigits = ends[i] + 1 < text.length() && text.charAt(ends[i]) == '-'
                        && Character.isDigit(text.charAt(ends[i] + 1));
                if (shapes[i] == Shape.MIXED || gluedToDigits) {
                    p[n++] = starts[i];
                }
            }
            mixedStarts = Arrays.copyOf(p, n);
        }
        return mixedStarts;
    }

    private int[] tokenStartArray;

    /** The start offset of every token, in order. */
    public int[] tokenStarts() {
        if (tokenStartArray == null) {
            tokenStartArray = Arrays.copyOf(starts, count);
        }
        return tokenStartArray;
    }

    /** Whether a line break lies between tokens {@code a} and {@code b} (a before b). */
    public boolean lineBreakBetween(int a, int b) {
        for (int p = ends[a]; p < starts[b]; p++) {
            char c = text.charAt(p);
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private void tokenize() {
        int n = text.length();
        int p = 0;
        while (p < n) {
            char c = text.charAt(p);
            if (!Character.isLetterOrDigit(c)) {
                p++;
                continue;
            }
            int start = p;
            boolean letters = false;
            boolean digits = false;
            boolean upper = false;
            boolean lowerSeen = false;
            while (p < n) {
                char d = text.charAt(p);
                if (Character.isLetter(d)) {
                    letters = true;
                    if (Character.isUpperCase(d)) {
                        upper = true;
                    } else {
                        lowerSeen = true;
                    }
                    p++;
                } else if (Character.isDigit(d)) {
                    digits = true;
                    p++;
                } else if ((d == '\'' || d == '\u2019' || d == '-') && p + 1 < n && p > start
                        && Character.isLetter(text.charAt(p - 1)) && Character.isLetter(text.charAt(p + 1))) {
                    p++;
                } else {
                    break;
                }
            }
            Shape shape;
            if (!letters) {
                shape = Shape.DIGITS;
            } else if (digits) {
                shape = Shape.MIXED;
            } else if (!lowerSeen) {
                shape = Shape.UPPER;
            } else if (Character.isUpperCase(text.charAt(start))) {
                shape = Shape.CAPITALIZED;
            } else {
                shape = upper ? Shape.MIXED : Shape.LOWER;
            }
            add(start, p, shape);
        }
        int upper = 0;
        int alpha = 0;
        for (int i = 0; i < count; i++) {
            if (shapes[i] == Shape.UPPER || shapes[i] == Shape.CAPITALIZED || shapes[i] == Shape.LOWER) {
                alpha++;
                if (shapes[i] == Shape.UPPER && ends[i] - starts[i] > 1) {
                    upper++;
                }
            }
        }
        shouting = alpha >= 20 && upper * 10 >= alpha * 8;
        lower = new String[count];
        for (int i = 0; i < count; i++) {
            lower[i] = text.substring(starts[i], ends[i]).toLowerCase(Locale.ROOT);
        }
    }

    private void add(int start, int end, Shape shape) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            shapes = Arrays.copyOf(shapes, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        shapes[count] = shape;
        count++;
    }

    /** The text as regular expressions read it, checking the deadline every few thousand characters. */
    private final class GuardedChars implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (++checks >= 4096) {
                checks = 0;
                checkDeadline();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
