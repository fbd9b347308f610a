package org.vigil.inference.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a phrase pattern, by recursive descent, into a tree of words, groups and mention marks, and reads from
 * that tree its words and the tokens it can start with.
 */
final class PatternParser {

    sealed interface Node permits Lit, Any, Num, Year, Seq, Alt, Mark, SetNode {
    }

    record Lit(String key, String surface) implements Node {
    }

    record Any() implements Node {
    }

    record Num() implements Node {
    }

    record Year() implements Node {
    }

    record Seq(List<Node> items) implements Node {
    }

    /** Alternatives; those that are one literal token are looked up in a set. */
    record Alt(Set<String> singles, Map<String, List<String>> singleSurfaces, boolean optional,
               List<Seq> others) implements Node {
    }

    /** Top-level '[' (open) or ']' (close). */
    record Mark(boolean open) implements Node {
    }

    /** Compiled form of an alternative's one-token choices. */
    record SetNode(Set<String> keys, Map<String, List<String>> surfaces) implements Node {
    }

    final String src;
    int pos;

    PatternParser(String src) {
        this.src = src;
    }

    Seq sequence(boolean top) {
        List<Node> items = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '|' || c == ')') {
                break;
            }
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            if ((c == '[' || c == ']') && top) {
                items.add(new Mark(c == '['));
                pos++;
                continue;
            }
            if (c == '(' && groupCloses()) {
                pos++;
                List<Seq> alts = new ArrayList<>();
                while (true) {
                    alts.add(sequence(false));
                    if (pos >= src.length()) {
                        throw new IllegalArgumentException("unclosed '(' in pattern: " + src);
                    }
                    if (src.charAt(pos++) == ')') {
                        break;
                    }
                }
                items.add(alt(alts));
                continue;
            }
            items.addAll(word());
        }
        return new Seq(List.copyOf(items));
    }

    private static Node alt(List<Seq> alts) {
        Set<String> singles = new HashSet<>();
        Map<String, List<String>> surfaces = new HashMap<>();
        List<Seq> others = new ArrayList<>();
        boolean optional = false;
        for (Seq s : alts) {
            if (s.items().isEmpty()) {
                optional = true;
            } else if (s.items().size() == 1 && s.items().get(0) instanceof Lit lit) {
                singles.add(lit.key());
                surfaces.computeIfAbsent(lit.key(), x -> new ArrayList<>()).add(lit.surface());
            } else {
                others.add(s);
            }
        }
        return new Alt(Set.copyOf(singles), Map.copyOf(surfaces), optional, List.copyOf(others));
    }

    /** One plain word, split into tokens the way notes are. */
    private List<Node> word() {
        StringBuilder word = new StringBuilder();
        // A word opened by a raw '(' that is not a group ("(-)") keeps its ')'; an escaped one does not.
        boolean literalParens = pos < src.length() && src.charAt(pos) == '(';
        while (pos < src.length()) {
            char d = src.charAt(pos);
            if (d == '\\' && pos + 1 < src.length()) {
                word.append(src.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if (Character.isWhitespace(d) || d == '|' || d == '[' || d == ']'
                    || d == ')' && !literalParens || d == '(' && word.length() > 0) {
                break;
            }
            word.append(d);
            pos++;
        }
        if (word.length() == 0) {
            throw new IllegalArgumentException("unexpected '" + src.charAt(pos) + "' at " + pos + " in: " + src);
        }
        String w = word.toString();
        if (w.equals("*")) {
            return List.of(new Any());
        }
        if (w.equalsIgnoreCase("<NUM>")) {
            return List.of(new Num());
        }
        if (w.equalsIgnoreCase("<YEAR>")) {
            return List.of(new Year());
        }
        TokenizedText t = TokenizedText.of(w);
        List<Node> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(new Lit(t.lower(i), t.surface(i)));
        }
        return out;
    }

    /** A '(' opens a group if it has a matching ')' and a '|' or a word inside: "(-)" is a literal phrase. */
    private boolean groupCloses() {
        int depth = 0;
        boolean bar = false;
        boolean word = false;
        for (int j = pos; j < src.length(); j++) {
            char c = src.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return bar || word;
                }
            } else if (c == '|' && depth == 1) {
                bar = true;
            } else if (Character.isLetterOrDigit(c) || c == '*' || c == '<') {
                word = true;
            }
        }
        return false;
    }

    /** Every literal word of a pattern. */
    static void literals(Node node, Set<String> out) {
        if (node instanceof Lit lit) {
            out.add(lit.key());
        } else if (node instanceof Seq seq) {
            seq.items().forEach(n -> literals(n, out));
        } else if (node instanceof Alt alt) {
            out.addAll(alt.singles());
            alt.others().forEach(n -> literals(n, out));
        }
    }

    /** First-token keys of a pattern, and whether it can start with any word or number, or match nothing. */
    static final class First {
        final Set<String> keys = new HashSet<>();
        boolean anyWord;
        boolean number;
        boolean nullable;
    }

    /** Adds the possible first tokens of items[idx..] to {@code first}; sets nullable if they can match nothing. */
    static void first(Seq seq, int idx, First first) {
        List<Node> items = seq.items();
        for (int i = idx; i < items.size(); i++) {
            Node node = items.get(i);
            if (node instanceof Lit lit) {
                first.keys.add(lit.key());
                return;
            } else if (node instanceof Any) {
                first.anyWord = true;
                return;
            } else if (node instanceof Num || node instanceof Year) {
                first.number = true;
                return;
            } else if (node instanceof Seq inner) {
                First f = new First();
                first(inner, 0, f);
                merge(first, f);
                if (!f.nullable) {
                    return;
                }
            } else if (node instanceof Alt alt) {
                first.keys.addAll(alt.singles());
                boolean nullable = alt.optional();
                for (Seq other : alt.others()) {
                    First f = new First();
                    first(other, 0, f);
                    merge(first, f);
                    nullable |= f.nullable;
                }
                if (!nullable) {
                    return;
                }
            }
        }
        first.nullable = true;
    }

    private static void merge(First into, First from) {
        into.keys.addAll(from.keys);
        into.anyWord |= from.anyWord;
        into.number |= from.number;
    }
}
