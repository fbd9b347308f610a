package org.vigil.inference.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The small phrase language of the lexicon and ConText files, expanded into token sequences at load time:
 * {@code (a|b c|)} alternatives (an empty one makes the group optional), {@code *} any one word,
 * {@code <NUM>} any number, {@code <YEAR>} a four-digit year. Words are split exactly as notes are, so
 * {@code h/o} is the three tokens {@code h / o}.
 */
public final class PhrasePattern {

    public static final String ANY_WORD = "*";
    public static final String NUM = "<num>";
    public static final String YEAR = "<year>";

    private PhrasePattern() {
    }

    /** Every token sequence the pattern stands for; tokens lower-cased unless {@code keepCase}. */
    public static List<List<String>> expand(String pattern, boolean keepCase) {
        Parser p = new Parser(pattern.trim());
        List<List<String>> out = p.sequence();
        if (p.pos < p.src.length()) {
            throw new IllegalArgumentException("unbalanced ')' at " + p.pos + " in pattern: " + pattern);
        }
        List<List<String>> result = new ArrayList<>(out.size());
        for (List<String> seq : out) {
            List<String> tokens = new ArrayList<>();
            for (String word : seq) {
                if (word.equals(ANY_WORD)) {
                    tokens.add(ANY_WORD);
                } else if (word.equalsIgnoreCase("<NUM>")) {
                    tokens.add(NUM);
                } else if (word.equalsIgnoreCase("<YEAR>")) {
                    tokens.add(YEAR);
                } else {
                    TokenizedText t = TokenizedText.of(word);
                    for (int i = 0; i < t.size(); i++) {
                        tokens.add(keepCase ? t.surface(i) : t.lower(i));
                    }
                }
            }
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("pattern expands to an empty phrase: " + pattern);
            }
            result.add(tokens);
        }
        if (result.size() > 20_000) {
            throw new IllegalArgumentException("pattern expands to too many phrases: " + pattern);
        }
        return result;
    }

    static String key(String token) {
        return token.toLowerCase(Locale.ROOT);
    }

    /** Recursive descent over words and groups; each result is a list of words still to be tokenized. */
    private static final class Parser {
        final String src;
        int pos;

        Parser(String src) {
            this.src = src;
        }

        /** A sequence of items up to '|' or ')' or end: the cross product of its items' alternatives. */
        List<List<String>> sequence() {
            List<List<String>> acc = new ArrayList<>();
            acc.add(List.of());
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '|' || c == ')') {
                    break;
                }
                if (Character.isWhitespace(c)) {
                    pos++;
                    continue;
                }
                List<List<String>> item;
                if (c == '(' && pos + 1 < src.length() && !Character.isWhitespace(src.charAt(pos + 1))
                        && groupCloses()) {
                    pos++;
                    item = new ArrayList<>();
                    while (true) {
                        item.addAll(sequence());
                        if (pos >= src.length()) {
                            throw new IllegalArgumentException("unclosed '(' in pattern: " + src);
                        }
                        char d = src.charAt(pos++);
                        if (d == ')') {
                            break;
                        }
                    }
                } else {
                    // A plain word; a backslash makes the next character literal, so "\\(-\\)" is the phrase "(-)".
                    StringBuilder word = new StringBuilder();
                    while (pos < src.length()) {
                        char d = src.charAt(pos);
                        if (d == '\\' && pos + 1 < src.length()) {
                            word.append(src.charAt(pos + 1));
                            pos += 2;
                            continue;
                        }
                        if (Character.isWhitespace(d) || d == '|' || d == ')' || d == '(' && word.length() > 0) {
                            break;
                        }
                        word.append(d);
                        pos++;
                    }
                    if (word.length() == 0) {
                        throw new IllegalArgumentException("unexpected '" + src.charAt(pos) + "' at " + pos
                                + " in pattern: " + src);
                    }
                    item = List.of(List.of(word.toString()));
                }
                List<List<String>> next = new ArrayList<>(acc.size() * item.size());
                for (List<String> a : acc) {
                    for (List<String> b : item) {
                        List<String> joined = new ArrayList<>(a);
                        joined.addAll(b);
                        next.add(joined);
                    }
                }
                acc = next;
            }
            return acc;
        }

        /** A '(' opens a group only if it has a matching ')' and a '|' inside. */
        private boolean groupCloses() {
            int depth = 0;
            boolean bar = false;
            for (int j = pos; j < src.length(); j++) {
                char c = src.charAt(j);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        return bar;
                    }
                } else if (c == '|' && depth == 1) {
                    bar = true;
                }
            }
            return false;
        }
    }
}
