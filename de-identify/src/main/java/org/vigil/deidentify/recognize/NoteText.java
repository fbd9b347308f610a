package org.vigil.deidentify.recognize;

import org.vigil.deidentify.NoteTimeoutException;

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
    /** The text's characters: the tokeniser reads an array, where the compiler drops the bounds checks. */
    private final char[] cs;
    private final long deadlineNanos;
    private final long budgetMillis;
    private final GuardedChars chars;
    /** Sized in the constructor for the text's length (a token every four characters or more), so rarely grown. */
    private int[] starts;
    private int[] ends;
    private Shape[] shapes;
    private String[] lower;
    private int count;
    private int checks;
    private String lowerText;
    private boolean caseless;
    private int[] digitStarts;

    public NoteText(String text, long budgetMillis) {
        this(text, text.toCharArray(), budgetMillis);
    }

    /** With the text's characters already copied out ({@code chars} must equal {@code text.toCharArray()}). */
    public NoteText(String text, char[] chars, long budgetMillis) {
        this.text = text;
        this.cs = chars;
        this.budgetMillis = budgetMillis;
        this.deadlineNanos = budgetMillis <= 0 ? Long.MAX_VALUE : System.nanoTime() + budgetMillis * 1_000_000L;
        this.chars = new GuardedChars();
        int capacity = 16 + chars.length / 4;
        this.starts = new int[capacity];
        this.ends = new int[capacity];
        this.shapes = new Shape[capacity];
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

    /** The text's characters, shared: read them, never write them (an array read is cheaper than String.charAt). */
    char[] charArray() {
        return cs;
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

    private int[] digitRuns;

    /** For each of {@link #digitStarts()}, how many ASCII digits start there. */
    int[] digitRuns() {
        if (digitRuns == null) {
            int[] at = digitStarts();
            int[] runs = new int[at.length];
            for (int k = 0; k < at.length; k++) {
                int p = at[k];
                while (p < cs.length && cs[p] >= '0' && cs[p] <= '9') {
                    p++;
                }
                runs[k] = p - at[k];
            }
            digitRuns = runs;
        }
        return digitRuns;
    }

    /** Throws {@link NoteTimeoutException} if the note's time budget is spent. */
    public void checkDeadline() {
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() > deadlineNanos) {
            throw new NoteTimeoutException(budgetMillis);
        }
    }

    /**
     * Whether capitals say nothing about names in this note: it is written in capitals throughout, or in lower case
     * with hardly a capitalised word (nursing notes are often one or the other). Such a note is read the same way
     * in either case ({@link #caseShape}).
     */
    public boolean caseless() {
        return caseless;
    }

    /**
     * The token's shape as the name and place passes read it: in a {@link #caseless} note every word reads as
     * written in capitals, so that an all-lower and an all-capital note get the same decisions.
     */
    public Shape caseShape(int i) {
        Shape s = shapes[i];
        return caseless && (s == Shape.LOWER || s == Shape.CAPITALIZED) ? Shape.UPPER : s;
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

    /**
     * Whether the token is a contraction, not a name: a clitic after its apostrophe ("c'd" of "d/c'd", "pt's", "he'll",
     * "won't"), where a surname with an apostrophe has a name of two letters or more after it ("o'connell").
     * A possessive of a longer word ("mary's") is no contraction: its base is read as the word.
     */
    public boolean contraction(int i) {
        return clitic(lower[i]);
    }

    /** As {@link #contraction}, for a word in lower case. */
    public static boolean clitic(String lower) {
        int a = Math.max(lower.lastIndexOf('\''), lower.lastIndexOf('\u2019'));
        if (a <= 0) {
            return false;
        }
        String after = lower.substring(a + 1);
        return switch (after) {
            case "d", "t", "m", "ll", "re", "ve" -> true;
            case "s" -> a < 3;
            default -> after.length() < 2;
        };
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

    private static final int[] NONE = new int[0];

    /** The distinct lower-case words of the note, and for each token the index of its word there. */
    private String[] words;
    /** Per distinct word, its String.hashCode(), computed while tokenizing: the words are new strings with none cached. */
    private int[] wordHashes;
    /** Per distinct word, the word packed as {@link Lexicon#packedShort} does (0 for a longer or wider word). */
    private long[] wordPacked;
    private int wordCount;
    private int[] wordOf;
    /** An open-addressing table from word to its index ({@code -1} empty), sized to the note. */
    private int[] wordTable;
    /** Per slot of {@link #wordTable}, its word's hash: a probe that meets another word rejects it without reading it. */
    private int[] wordTableHash;
    /** The tokens of each word, grouped by word ({@code byWord[firstOfWord[w] .. firstOfWord[w + 1]]}), in order. */
    private int[] firstOfWord;
    private int[] byWord;

    /** How many distinct lower-case words the note holds. */
    int wordCount() {
        return wordCount;
    }

    /** The index of token {@code i}'s lower-case form among the note's distinct words. */
    int wordId(int i) {
        return wordOf[i];
    }

    /** The note's distinct lower-case word {@code w} (the same String as {@link #lower} of its tokens). */
    String word(int w) {
        return words[w];
    }

    /** The index of a lower-case word among the note's distinct words, or -1 if the note does not hold it. */
    int wordIndex(String lowerToken) {
        int mask = wordTable.length - 1;
        int h = lowerToken.hashCode();
        for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
            int w = wordTable[slot];
            if (w < 0) {
                return -1;
            }
            if (wordTableHash[slot] == h && words[w].equals(lowerToken)) {
                return w;
            }
        }
    }

    /**
     * The indexes of the tokens whose lower-case form is {@code lowerToken}, in order. Built once per note, so a
     * recognizer looks its trigger words up instead of testing every token.
     */
    public int[] occurrences(String lowerToken) {
        int w = wordIndex(lowerToken);
        if (w < 0) {
            return NONE;
        }
        groupByWord();
        return Arrays.copyOfRange(byWord, firstOfWord[w], firstOfWord[w + 1]);
    }

    /**
     * Per token, whether its lower-case form is one of {@code lowerWords}: one look-up per word of the set instead of
     * a string comparison per token.
     */
    boolean[] tokensIn(java.util.Set<String> lowerWords) {
        boolean[] wordIn = new boolean[wordCount];
        boolean any = false;
        for (String w : lowerWords) {
            int id = wordIndex(w);
            if (id >= 0) {
                wordIn[id] = true;
                any = true;
            }
        }
        boolean[] in = new boolean[count];
        if (any) {
            for (int i = 0; i < count; i++) {
                in[i] = wordIn[wordOf[i]];
            }
        }
        return in;
    }

    /** How many tokens are the word {@code w}; with {@link #occurrence} iterates them without allocating. */
    int occurrenceCount(int w) {
        groupByWord();
        return firstOfWord[w + 1] - firstOfWord[w];
    }

    /** The {@code k}-th token (in text order) that is the word {@code w}. */
    int occurrence(int w, int k) {
        return byWord[firstOfWord[w] + k];
    }

    private void groupByWord() {
        if (byWord != null) {
            return;
        }
        int[] first = new int[wordCount + 1];
        for (int i = 0; i < count; i++) {
            first[wordOf[i] + 1]++;
        }
        for (int w = 0; w < wordCount; w++) {
            first[w + 1] += first[w];
        }
        int[] fill = Arrays.copyOf(first, wordCount);
        int[] grouped = new int[count];
        for (int i = 0; i < count; i++) {
            grouped[fill[wordOf[i]]++] = i;
        }
        firstOfWord = first;
        byWord = grouped;
    }

    private Lexicon flagged;
    private long[] flags;
    private long[] normFlags;
    private long[] formFlags;

    /** Per token, the lexicon sets that hold its lower-case form ({@link Lexicon#flagsOf}). */
    long[] flags(Lexicon lexicon) {
        lookUp(lexicon);
        return flags;
    }

    /** Per token, the sets that hold it without a possessive "'s" (as {@link NameRecognizer#stripPossessive}). */
    long[] normFlags(Lexicon lexicon) {
        lookUp(lexicon);
        return normFlags;
    }

    /** Per token, the sets that hold it or, for a possessive ("sister's"), its base: an entry, entry's or entry’s. */
    long[] formFlags(Lexicon lexicon) {
        lookUp(lexicon);
        return formFlags;
    }

    /** One lexicon look-up per distinct word of the note, shared by every recognizer. */
    private void lookUp(Lexicon lexicon) {
        if (flagged == lexicon) {
            return;
        }
        long[] rawOfWord = new long[wordCount];
        long[] normOfWord = new long[wordCount];
        long[] formOfWord = new long[wordCount];
        Lexicon.Recent recent = lexicon.recent();
        for (int w = 0; w < wordCount; w++) {
            String word = words[w];
            long raw = lexicon.flagsOf(word, wordHashes[w], wordPacked[w], recent);
            long norm = raw;
            long form = raw;
            int len = word.length();
            if (len >= 3 && word.charAt(len - 1) == 's'
                    && (word.charAt(len - 2) == '\'' || word.charAt(len - 2) == '\u2019')) {
                long base = lexicon.flagsOf(word.substring(0, len - 2));
                form |= base;
                if (len > 3) {
                    norm = base;
                }
            }
            rawOfWord[w] = raw;
            normOfWord[w] = norm;
            formOfWord[w] = form;
        }
        long[] r = new long[count];
        long[] nf = new long[count];
        long[] ff = new long[count];
        for (int i = 0; i < count; i++) {
            int w = wordOf[i];
            r[i] = rawOfWord[w];
            nf[i] = normOfWord[w];
            ff[i] = formOfWord[w];
        }
        flags = r;
        normFlags = nf;
        formFlags = ff;
        flagged = lexicon;
    }

    /** The character sets {@link #charPositions} was asked for in this note, and its answers: a few per note. */
    private String[] charSets = new String[4];
    private int[][] charSetPositions = new int[4][];
    private int charSetCount;

    /** Offsets of every occurrence of any of {@code chars}, in order; computed once per set of characters. */
    int[] charPositions(String chars) {
        for (int k = 0; k < charSetCount; k++) {
            if (charSets[k].equals(chars)) {
                return charSetPositions[k];
            }
        }
        int[] p = new int[8];
        int n = 0;
        int len = text.length();
        if (chars.length() == 1) {
            char c = chars.charAt(0);
            for (int at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) {
                if (n == p.length) {
                    p = Arrays.copyOf(p, n * 2);
                }
                p[n++] = at;
            }
        } else {
            for (int i = 0; i < len; i++) {
                if (chars.indexOf(text.charAt(i)) >= 0) {
                    if (n == p.length) {
                        p = Arrays.copyOf(p, n * 2);
                    }
                    p[n++] = i;
                }
            }
        }
        int[] found = Arrays.copyOf(p, n);
        if (charSetCount == charSets.length) {
            charSets = Arrays.copyOf(charSets, charSetCount * 2);
            charSetPositions = Arrays.copyOf(charSetPositions, charSetCount * 2);
        }
        charSets[charSetCount] = chars;
        charSetPositions[charSetCount++] = found;
        return found;
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
        int n = cs.length;
        int p = 0;
        while (p < n) {
            char c = cs[p];
            if (c < 0x80 ? !ASCII_WORD[c] : !Character.isLetterOrDigit(c)) {
                p++;
                continue;
            }
            int start = p;
            boolean letters = false;
            boolean digits = false;
            boolean upper = false;
            boolean lowerSeen = false;
            while (p < n) {
                char d = cs[p];
                // ASCII first: the same answers as the Character methods below, without their table look-ups.
                if (d >= 'a' && d <= 'z') {
                    letters = true;
                    lowerSeen = true;
                    p++;
                } else if (d >= 'A' && d <= 'Z') {
                    letters = true;
                    upper = true;
                    p++;
                } else if (d >= '0' && d <= '9') {
                    digits = true;
                    p++;
                } else if (d < 0x80 && d != '\'' && d != '-') {
                    break;
                } else if (Character.isLetter(d)) {
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
                        && Character.isLetter(cs[p - 1]) && Character.isLetter(cs[p + 1])) {
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
            } else if (Character.isUpperCase(cs[start])) {
                shape = Shape.CAPITALIZED;
            } else {
                shape = upper ? Shape.MIXED : Shape.LOWER;
            }
            add(start, p, shape);
        }
        int upper = 0;
        int capitalized = 0;
        int alpha = 0;
        for (int i = 0; i < count; i++) {
            if (shapes[i] == Shape.UPPER || shapes[i] == Shape.CAPITALIZED || shapes[i] == Shape.LOWER) {
                alpha++;
                if (shapes[i] == Shape.UPPER && ends[i] - starts[i] > 1) {
                    upper++;
                } else if (shapes[i] == Shape.CAPITALIZED) {
                    capitalized++;
                }
            }
        }
        boolean shouting = alpha >= 20 && upper * 10 >= alpha * 8;
        // Prose with sentence capitals has one capitalised word in eight or more (generated notes: 12 % at least);
        // a note with fewer than one in 25 is written in lower case, whatever its acronyms.
        boolean whispering = alpha > 0 && capitalized * 25 < alpha && upper * 10 < alpha * 8;
        caseless = shouting || whispering;
        String lowered = lowerText();
        lower = new String[count];
        wordOf = new int[count];
        words = new String[Math.max(8, count / 2)];
        wordHashes = new int[words.length];
        wordPacked = new long[words.length];
        int size = Integer.highestOneBit(Math.max(16, count * 2)) * 2;
        wordTable = new int[size];
        wordTableHash = new int[size];
        Arrays.fill(wordTable, -1);
        int mask = size - 1;
        for (int i = 0; i < count; i++) {
            int s = starts[i];
            int e = ends[i];
            boolean ascii = true;
            int h = 0;
            long packed = 0;
            // Lower case read from the array: for ASCII it is the whole text's lower case at the same offsets.
            for (int c = s; c < e; c++) {
                char ch = cs[c];
                ascii &= ch < 0x80;
                int lc = ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
                h = 31 * h + lc;
                if (c - s < 8) {
                    packed |= (long) lc << ((c - s) << 3);
                }
            }
            // The whole-text lower case agrees with the token's own for ASCII; other scripts keep the per-token rule.
            String l = ascii ? null : text.substring(s, e).toLowerCase(Locale.ROOT);
            if (l != null) {
                h = l.hashCode();
                packed = Lexicon.packedShort(l);
            } else if (e - s > 8) {
                packed = 0;
            }
            int slot = spread(h) & mask;
            while (true) {
                int w = wordTable[slot];
                if (w < 0) {
                    if (l == null) {
                        l = lowered.substring(s, e);
                    }
                    if (wordCount == words.length) {
                        words = Arrays.copyOf(words, wordCount * 2);
                        wordHashes = Arrays.copyOf(wordHashes, wordCount * 2);
                        wordPacked = Arrays.copyOf(wordPacked, wordCount * 2);
                    }
                    words[wordCount] = l;
                    wordHashes[wordCount] = h;
                    wordPacked[wordCount] = packed;
                    wordTable[slot] = wordCount;
                    wordTableHash[slot] = h;
                    wordOf[i] = wordCount++;
                    break;
                }
                // A word seen before is compared in place, without a new String: its hash (String.hashCode()) first.
                if (wordTableHash[slot] == h) {
                    String known = words[w];
                    // Two words of one to eight characters are alike exactly when packed alike (Lexicon.packedShort).
                    if (l != null ? known.equals(l)
                            : packed != 0 ? wordPacked[w] == packed : sameAsciiLower(known, s, e)) {
                        l = known;
                        wordOf[i] = w;
                        break;
                    }
                }
                slot = (slot + 1) & mask;
            }
            lower[i] = l;
        }
    }

    /** Whether {@code word} is the ASCII text {@code [s, e)} in lower case. */
    private boolean sameAsciiLower(String word, int s, int e) {
        if (word.length() != e - s) {
            return false;
        }
        for (int c = s; c < e; c++) {
            char ch = cs[c];
            if (word.charAt(c - s) != (ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII letters and digits. */
    private static final boolean[] ASCII_WORD = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_WORD[c] = Character.isLetterOrDigit(c);
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
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
