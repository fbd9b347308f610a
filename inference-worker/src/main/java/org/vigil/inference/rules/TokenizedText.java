package org.vigil.inference.rules;

import java.util.Locale;

/**
 * A note split into tokens (runs of letters and digits, and single punctuation characters) with their offsets,
 * lower-cased forms and sentence numbers, so every rule works on the same tokens and maps back to exact offsets.
 *
 * <p>Written by hand rather than with a general NLP tokenizer: clinical shorthand ("SI/HI", "h/o", "(-)",
 * "PHQ-9") has to split at every slash and hyphen, and the rules backend must stay far below 100 us per note.
 */
public final class TokenizedText {

    private String text;
    /** The text's characters (array reads cost less than String.charAt in the tokenizer's loop). */
    private char[] chars;
    private int count;
    private int[] starts;
    private int[] ends;
    private int[] ids;
    private byte[] flags;
    private int[] sentence;
    private boolean[] lineStart;
    /** Lower-cased forms of tokens outside the vocabulary, made on first request (the rules never need them). */
    private String[] lower;

    private static final byte WORD = 1;
    private static final byte NUMBER = 2;
    private static final byte YEAR = 4;
    private static final byte DIGIT = 8;

    private TokenizedText() {
    }

    /** Tokenizes {@code text}; sentences end at . ! ? ; and at line breaks that start a new field or paragraph. */
    public static TokenizedText of(String text) {
        TokenizedText t = tokenize(new TokenizedText(), text);
        t.chars = null; // kept only for reuse: a result held by a caller does not need a second copy of the text
        return t;
    }

    /**
     * The same, in {@code reused}'s arrays (a new one when null), which no longer describes its earlier text: a
     * worker thread tokenizes note after note without allocating, when it keeps none of the results.
     */
    static TokenizedText reuse(TokenizedText reused, String text) {
        return tokenize(reused == null ? new TokenizedText() : reused, text);
    }

    private static TokenizedText tokenize(TokenizedText t, String text) {
        t.text = text;
        t.count = 0;
        t.lower = null;
        int capacity = Math.max(16, text.length() / 4);
        if (t.starts == null || t.starts.length < capacity) {
            t.starts = new int[capacity];
            t.ends = new int[capacity];
            t.ids = new int[capacity];
            t.flags = new byte[capacity];
            t.sentence = new int[capacity];
            t.lineStart = new boolean[capacity];
        }
        int n = text.length();
        if (t.chars == null || t.chars.length < n) {
            t.chars = new char[Math.max(n, 1024)];
        }
        char[] cs = t.chars;
        text.getChars(0, n, cs, 0);
        Vocabulary.Table vocabulary = Vocabulary.table();
        int[] asciiIds = vocabulary.ascii();
        int i = 0;
        int sentenceNo = 0;
        boolean atLineStart = true;
        int newlinesSeen = 0;
        while (i < n) {
            char c = cs[i];
            if (c == '\n') {
                newlinesSeen++;
                atLineStart = true;
                i++;
                continue;
            }
            if (c == ' ' || (c < ' ' ? Character.isWhitespace(c) : c >= 128 && Character.isWhitespace(c))) {
                i++;
                continue;
            }
            int start = i;
            byte kind;
            // The token's short key (Vocabulary.shortKey), computed as it is read while it is short and lower-cases
            // to ASCII; -1 once not. Only such a token (no short key) needs the hash of its lower-cased form, so that
            // is computed afterwards: most tokens are short words, and the hash's multiply chain was the loop's
            // critical path.
            long key;
            if (isLetterOrDigit(c)) {
                boolean digits = c >= '0' && c <= '9' || c >= 128 && Character.isDigit(c);
                char first = Vocabulary.lower(c);
                key = first < 128 ? first : -1;
                i++;
                while (i < n) {
                    char d = cs[i];
                    char l;
                    if (d < 128 && (l = ASCII_ALNUM_LOWER[d]) != 0) {
                        digits &= l <= '9';
                    } else if (d >= 128 && Character.isLetterOrDigit(d)) {
                        digits &= Character.isDigit(d);
                        l = Vocabulary.lower(d);
                    } else if ((d == '\'' || d == '\u2019') && i + 1 < n && Character.isLetter(cs[i + 1])
                            && Character.isLetter(cs[i - 1])) {
                        digits = false;
                        l = '\'';
                    } else if (d == '.' && i + 1 < n && Character.isDigit(cs[i + 1])
                            && Character.isDigit(cs[i - 1])) {
                        l = '.';
                    } else {
                        break;
                    }
                    if (key >= 0) {
                        int at = i - start;
                        key = at < Vocabulary.SHORT && l < 128 ? key | (long) l << (at << 3) : -1;
                    }
                    i++;
                }
                kind = (byte) (!digits ? WORD : isYear(text, start, i) ? WORD | NUMBER | YEAR : WORD | NUMBER);
                if (c >= '0' && c <= '9' || c >= 128 && Character.isDigit(c)) {
                    kind |= DIGIT;
                }
            } else if (c < 128) {
                key = 0;
                kind = 0;
                i++;
            } else {
                char lower = Vocabulary.lower(c);
                key = lower < 128 ? lower : -1;
                kind = 0;
                i++;
            }
            int id;
            if (i - start == 1 && c < 128) {
                id = asciiIds[ASCII_LOWER[c]];
            } else if (key >= 0) {
                id = Vocabulary.lookup(vocabulary, cs, start, i, 0, key | (long) (i - start) << 56);
            } else {
                id = Vocabulary.lookup(vocabulary, cs, start, i, lowerHash(cs, start, i), key);
            }
            if (atLineStart && t.count > 0) {
                // A line break ends a sentence unless it is a soft wrap inside running prose.
                if (newlinesSeen > 1 || startsField(cs, n, start, c)) {
                    sentenceNo++;
                } else {
                    char prev = cs[t.ends[t.count - 1] - 1];
                    if (prev == ':' || !Character.isLetterOrDigit(prev) && prev != ',' && prev != '/') {
                        sentenceNo++;
                    }
                }
            }
            t.add(start, i, id, kind, sentenceNo, atLineStart);
            atLineStart = false;
            newlinesSeen = 0;
            if (c == '.' || c == '!' || c == '?' || c == ';') {
                // "?paranoia" and "and ? paranoia" are hedges on the next word, not the end of a question.
                boolean glued = (c == '?' || c == '!') && i < n && Character.isLetterOrDigit(cs[i]);
                boolean hedge = c == '?' && start > 0 && cs[start - 1] == ' ' && i + 1 < n && cs[i] == ' '
                        && Character.isLetter(cs[i + 1]);
                if (!glued && !hedge && !(c == '.' && isAbbreviationDot(text, start))) {
                    sentenceNo++;
                }
            }
        }
        return t;
    }

    /** "Dr." "vs." "pt." do not end a sentence. */
    private static boolean isAbbreviationDot(String text, int dot) {
        int j = dot - 1;
        while (j >= 0 && Character.isLetter(text.charAt(j))) {
            j--;
        }
        int len = dot - 1 - j;
        if (len == 0 || len > 3) {
            return false;
        }
        if (dot + 1 < text.length() && text.charAt(dot + 1) != ' ') {
            return dot + 1 < text.length() && Character.isLetter(text.charAt(dot + 1));
        }
        boolean capitalFollows = dot + 2 < text.length() && Character.isUpperCase(text.charAt(dot + 2));
        // The word's ASCII letters lower-cased, a byte each: a period costs no string.
        int word = 0;
        for (int k = j + 1; k < dot; k++) {
            char ch = text.charAt(k);
            if (ch >= 128) {
                return isAbbreviation(text.substring(j + 1, dot).toLowerCase(Locale.ROOT), capitalFollows);
            }
            word = word << 8 | (ch | 0x20);
        }
        for (int a : ABBREVIATIONS) {
            if (a == word) {
                return true;
            }
        }
        for (int a : ABBREVIATIONS_UNLESS_CAPITAL) {
            if (a == word) {
                return !capitalFollows;
            }
        }
        return false;
    }

    private static boolean isAbbreviation(String w, boolean capitalFollows) {
        return switch (w) {
            case "dr", "vs", "mr", "mrs", "ms", "st", "e", "g", "i" -> true;
            // "pt." ends a sentence when the next word is capitalised ("... per pt. He says").
            case "pt", "approx", "hx", "yo", "y", "etc" -> !capitalFollows;
            default -> false;
        };
    }

    private static final int[] ABBREVIATIONS = packed("dr", "vs", "mr", "mrs", "ms", "st", "e", "g", "i");
    /** "approx" is longer than a word that gets here: it never matched. */
    private static final int[] ABBREVIATIONS_UNLESS_CAPITAL = packed("pt", "hx", "yo", "y", "etc");

    private static int[] packed(String... words) {
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            for (char c : words[i].toCharArray()) {
                out[i] = out[i] << 8 | c;
            }
        }
        return out;
    }

    /** A line that opens with a bullet, a number or a "Label:" field starts a new sentence. */
    private static boolean startsField(char[] text, int n, int start, char c) {
        if (c == '-' || c == '*' || c == '\u2022' || c == '#') {
            return true;
        }
        if (Character.isDigit(c)) {
            // "1. item" or "2) item" starts a list item; a wrapped "2021." does not.
            int j = start;
            while (j < n && Character.isDigit(text[j])) {
                j++;
            }
            return j + 1 < n && (text[j] == '.' || text[j] == ')') && text[j + 1] == ' ' && j - start <= 2;
        }
        return Character.isUpperCase(c) && looksLikeLabel(text, n, start);
    }

    private static boolean looksLikeLabel(char[] text, int n, int start) {
        int limit = Math.min(n, start + 40);
        for (int j = start; j < limit; j++) {
            char d = text[j];
            if (d == ':') {
                return true;
            }
            if (d == '\n' || d == '.') {
                return false;
            }
        }
        return false;
    }

    private void add(int start, int end, int id, byte kind, int sentenceNo, boolean atLineStart) {
        if (count == starts.length) {
            int cap = count * 2;
            starts = java.util.Arrays.copyOf(starts, cap);
            ends = java.util.Arrays.copyOf(ends, cap);
            ids = java.util.Arrays.copyOf(ids, cap);
            flags = java.util.Arrays.copyOf(flags, cap);
            sentence = java.util.Arrays.copyOf(sentence, cap);
            lineStart = java.util.Arrays.copyOf(lineStart, cap);
        }
        starts[count] = start;
        ends[count] = end;
        ids[count] = id;
        flags[count] = kind;
        sentence[count] = sentenceNo;
        lineStart[count] = atLineStart;
        count++;
    }

    /**
     * String.hashCode of the token lower-cased as the tokenizer reads it: letters and digits lower-cased, a curly
     * apostrophe straightened (the only other characters inside a token are ' and a decimal point).
     */
    private static int lowerHash(char[] cs, int start, int end) {
        int hash = 0;
        for (int k = start; k < end; k++) {
            hash = 31 * hash + Vocabulary.lower(cs[k]);
        }
        return hash;
    }

    private static boolean isLetterOrDigit(char c) {
        return c < 128 ? ASCII_ALNUM[c] : Character.isLetterOrDigit(c);
    }

    private static final boolean[] ASCII_ALNUM = new boolean[128];
    private static final char[] ASCII_LOWER = new char[128];
    /** An ASCII letter or digit lower-cased, 0 for any other character: one table read per character. */
    private static final char[] ASCII_ALNUM_LOWER = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_ALNUM[c] = Character.isLetterOrDigit(c);
            ASCII_LOWER[c] = Vocabulary.lower(c);
            ASCII_ALNUM_LOWER[c] = ASCII_ALNUM[c] ? ASCII_LOWER[c] : 0;
        }
    }

    /** A number of four characters starting 19 or 20. */
    private static boolean isYear(String text, int start, int end) {
        return end - start == 4 && (text.charAt(start) == '1' && text.charAt(start + 1) == '9'
                || text.charAt(start) == '2' && text.charAt(start + 1) == '0');
    }

    private static String lowerCase(String text, int start, int end) {
        if (end - start == 1) {
            char c = Character.toLowerCase(text.charAt(start));
            return c < 128 ? ASCII[c] : String.valueOf(c);
        }
        // substring + toLowerCase stay on the compact Latin-1 path (toLowerCase returns the same string when
        // nothing changes); only a curly apostrophe needs the slow path.
        String token = text.substring(start, end).toLowerCase(Locale.ROOT);
        return token.indexOf('\u2019') >= 0 ? token.replace('\u2019', '\'') : token;
    }

    private static final String[] ASCII = new String[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = String.valueOf((char) c);
        }
    }

    public String text() {
        return text;
    }

    public int size() {
        return count;
    }

    public int start(int token) {
        return starts[token];
    }

    public int end(int token) {
        return ends[token];
    }

    /** The token lower-cased (curly apostrophes straightened). */
    public String lower(int token) {
        int id = ids[token];
        if (id != Vocabulary.NONE) {
            return Vocabulary.word(id);
        }
        if (lower == null) {
            lower = new String[count];
        }
        String l = lower[token];
        if (l == null) {
            l = lowerCase(text, starts[token], ends[token]);
            lower[token] = l;
        }
        return l;
    }

    /** The token's rule-word id, or {@link Vocabulary#NONE} when no rule mentions it (it matches no literal). */
    int id(int token) {
        return ids[token];
    }

    /** Whether the token is the single character {@code c}. */
    boolean is(int token, char c) {
        return ends[token] - starts[token] == 1 && text.charAt(starts[token]) == c;
    }

    /** Whether the token is written exactly as {@code surface} (case-sensitive rules). */
    boolean writtenAs(int token, String surface) {
        int start = starts[token];
        int length = surface.length();
        if (ends[token] - start != length) {
            return false;
        }
        if (chars == null) {
            return text.regionMatches(start, surface, 0, length);
        }
        // The note's characters, kept while it is a thread's scratch: no String bounds and coder checks per call.
        char[] cs = chars;
        for (int k = 0; k < length; k++) {
            if (cs[start + k] != surface.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A number: digits, with decimal points. */
    boolean isNumber(int token) {
        return (flags[token] & NUMBER) != 0;
    }

    /** Whether the token starts with a digit ("3rd", "10"). */
    boolean startsWithDigit(int token) {
        return (flags[token] & DIGIT) != 0;
    }

    /** A four-digit year of the 1900s or 2000s. */
    boolean isYear(int token) {
        return (flags[token] & YEAR) != 0;
    }

    /** The token as written. */
    public String surface(int token) {
        return text.substring(starts[token], ends[token]);
    }

    public int sentence(int token) {
        return sentence[token];
    }

    public boolean atLineStart(int token) {
        return lineStart[token];
    }

    /** Whether the text holds an opening parenthesis (a coded term's semantic tag needs one). */
    boolean hasParenthesis() {
        return text.indexOf('(') >= 0;
    }

    public boolean isWord(int token) {
        return (flags[token] & WORD) != 0;
    }
}
