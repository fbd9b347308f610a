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

    private final String text;
    private int count;
    private int[] starts;
    private int[] ends;
    private String[] lower;
    private String[] keys;
    private int[] sentence;
    private boolean[] lineStart;

    private TokenizedText(String text) {
        this.text = text;
        int capacity = Math.max(16, text.length() / 4);
        starts = new int[capacity];
        ends = new int[capacity];
        lower = new String[capacity];
        keys = new String[capacity];
        sentence = new int[capacity];
        lineStart = new boolean[capacity];
    }

    /** Tokenizes {@code text}; sentences end at . ! ? ; and at line breaks that start a new field or paragraph. */
    public static TokenizedText of(String text) {
        TokenizedText t = new TokenizedText(text);
        int n = text.length();
        int i = 0;
        int sentenceNo = 0;
        boolean atLineStart = true;
        boolean pendingBreak = false;
        int newlinesSeen = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                newlinesSeen++;
                atLineStart = true;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetterOrDigit(c)) {
                i++;
                while (i < n) {
                    char d = text.charAt(i);
                    if (Character.isLetterOrDigit(d)) {
                        i++;
                    } else if ((d == '\'' || d == '\u2019') && i + 1 < n && Character.isLetter(text.charAt(i + 1))
                            && Character.isLetter(text.charAt(i - 1))) {
                        i++;
                    } else if (d == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                            && Character.isDigit(text.charAt(i - 1))) {
                        i++;
                    } else {
                        break;
                    }
                }
            } else {
                i++;
            }
            if (atLineStart && t.count > 0) {
                // A line break ends a sentence unless it is a soft wrap inside running prose.
                if (newlinesSeen > 1 || pendingBreak || startsField(text, start, c)) {
                    sentenceNo++;
                } else {
                    char prev = text.charAt(t.ends[t.count - 1] - 1);
                    if (prev == ':' || !Character.isLetterOrDigit(prev) && prev != ',' && prev != '/') {
                        sentenceNo++;
                    }
                }
            }
            pendingBreak = false;
            t.add(start, i, sentenceNo, atLineStart);
            atLineStart = false;
            newlinesSeen = 0;
            if (c == '.' || c == '!' || c == '?' || c == ';') {
                // "?paranoia" is a hedge on the next word, not the end of a question.
                boolean glued = (c == '?' || c == '!') && i < n && Character.isLetterOrDigit(text.charAt(i));
                if (!glued && !(c == '.' && isAbbreviationDot(text, start))) {
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
        String w = text.substring(j + 1, dot).toLowerCase(Locale.ROOT);
        boolean capitalFollows = dot + 2 < text.length() && Character.isUpperCase(text.charAt(dot + 2));
        return switch (w) {
            case "dr", "vs", "mr", "mrs", "ms", "st", "e", "g", "i" -> true;
            // "pt." ends a sentence when the next word is capitalised ("... per pt. He says").
            case "pt", "approx", "hx", "yo", "y", "etc" -> !capitalFollows;
            default -> false;
        };
    }

    /** A line that opens with a bullet, a number or a "Label:" field starts a new sentence. */
    private static boolean startsField(String text, int start, char c) {
        if (c == '-' || c == '*' || c == '\u2022' || c == '#') {
            return true;
        }
        if (Character.isDigit(c)) {
            // "1. item" or "2) item" starts a list item; a wrapped "2021." does not.
            int j = start;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            return j + 1 < text.length() && (text.charAt(j) == '.' || text.charAt(j) == ')')
                    && text.charAt(j + 1) == ' ' && j - start <= 2;
        }
        return Character.isUpperCase(c) && looksLikeLabel(text, start);
    }

    private static boolean looksLikeLabel(String text, int start) {
        int limit = Math.min(text.length(), start + 40);
        for (int j = start; j < limit; j++) {
            char d = text.charAt(j);
            if (d == ':') {
                return true;
            }
            if (d == '\n' || d == '.') {
                return false;
            }
        }
        return false;
    }

    private void add(int start, int end, int sentenceNo, boolean atLineStart) {
        if (count == starts.length) {
            int cap = count * 2;
            starts = java.util.Arrays.copyOf(starts, cap);
            ends = java.util.Arrays.copyOf(ends, cap);
            lower = java.util.Arrays.copyOf(lower, cap);
            keys = java.util.Arrays.copyOf(keys, cap);
            sentence = java.util.Arrays.copyOf(sentence, cap);
            lineStart = java.util.Arrays.copyOf(lineStart, cap);
        }
        starts[count] = start;
        ends[count] = end;
        String key = Vocabulary.lookup(text, start, end);
        keys[count] = key;
        lower[count] = key;
        sentence[count] = sentenceNo;
        lineStart[count] = atLineStart;
        count++;
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
        String l = lower[token];
        if (l == null) {
            l = lowerCase(text, starts[token], ends[token]);
            lower[token] = l;
        }
        return l;
    }

    /** No rule word: matches no literal. */
    static final String NOT_A_RULE_WORD = new String(new char[] {'\u0000'});

    /** The token as a rule word (lower-cased), or {@link #NOT_A_RULE_WORD} when no rule mentions it. */
    String key(int token) {
        String k = keys[token];
        return k != null ? k : NOT_A_RULE_WORD;
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

    public boolean isWord(int token) {
        return Character.isLetterOrDigit(text.charAt(starts[token]));
    }
}
