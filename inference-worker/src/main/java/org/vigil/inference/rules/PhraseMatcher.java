package org.vigil.inference.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a dictionary of phrase patterns against a note's tokens in one pass, without expanding the patterns'
 * alternatives: each pattern is compiled to a small backtracking program (one instruction per token test, SPLIT
 * for alternatives, as regular-expression engines do), and only the patterns whose first two tokens fit are run.
 *
 * <p>Pattern language: words (split exactly as notes are, so {@code h/o} is {@code h / o}), groups
 * {@code (a|b c|)} (an empty alternative makes the group optional), {@code *} any one word, {@code <NUM>} a number,
 * {@code <YEAR>} a four-digit year, a backslash before a literal parenthesis or bar, and top-level square brackets
 * marking the part of the match that is the mention ("SI with [plan]").
 *
 * <p>Written by hand: spaCy's Matcher and medspaCy's rules are Python, and a regular expression per phrase would
 * cost one scan of the note per phrase.
 *
 * @param <T> what a pattern stands for
 */
public final class PhraseMatcher<T> {

    /** A match: tokens {@code [start, end)}, its mention span {@code [spanStart, spanEnd)}, and the value. */
    public record Hit<T>(int start, int end, int spanStart, int spanEnd, T value) {
        public int length() {
            return end - start;
        }
    }

    private sealed interface Node permits Lit, Any, Num, Year, Seq, Alt, Mark, SetNode {
    }

    private record Lit(String key, String surface) implements Node {
    }

    private record Any() implements Node {
    }

    private record Num() implements Node {
    }

    private record Year() implements Node {
    }

    private record Seq(List<Node> items) implements Node {
    }

    /** Alternatives; those that are one literal token are looked up in a set. */
    private record Alt(Set<String> singles, Map<String, List<String>> singleSurfaces, boolean optional,
                       List<Seq> others) implements Node {
    }

    /** Top-level '[' (open) or ']' (close). */
    private record Mark(boolean open) implements Node {
    }

    /** Compiled form of an alternative's one-token choices. */
    private record SetNode(Set<String> keys, Map<String, List<String>> surfaces) implements Node {
    }

    /** A pattern; {@code second}, when known, holds every token that can follow a one-token first item. */
    private record Entry<T>(boolean caseSensitive, T value, Set<String> second, Program program) {
    }

    private final Map<String, List<Entry<T>>> byFirst = new HashMap<>();
    private final List<Entry<T>> wordFirst = new ArrayList<>();
    private final List<Entry<T>> numberFirst = new ArrayList<>();
    private int patterns;

    /** Adds a pattern. */
    public void add(String pattern, boolean caseSensitive, T value) {
        Parser p = new Parser(pattern.strip());
        Seq seq = p.sequence(true);
        if (p.pos < p.src.length()) {
            throw new IllegalArgumentException("unbalanced ')' at " + p.pos + " in pattern: " + pattern);
        }
        if (seq.items().isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        Set<String> words = new HashSet<>();
        literals(seq, words);
        Vocabulary.addAll(words);
        First first = new First();
        first(seq, 0, first);
        if (first.nullable) {
            throw new IllegalArgumentException("pattern can match nothing: " + pattern);
        }
        Program program = new Program();
        program.compile(seq);
        program.emit(Program.MATCH, 0, 0, null);
        Entry<T> entry = new Entry<>(caseSensitive, value, secondTokens(seq), program);
        patterns++;
        for (String key : first.keys) {
            byFirst.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        }
        if (first.anyWord) {
            wordFirst.add(entry);
        } else if (first.number) {
            numberFirst.add(entry);
        }
    }

    public int patterns() {
        return patterns;
    }

    /** Every match starting at token {@code start}, appended to {@code out}. */
    public void matchAt(TokenizedText text, int start, List<Hit<T>> out) {
        String key = text.key(start);
        List<Entry<T>> list = key == TokenizedText.NOT_A_RULE_WORD ? null : byFirst.get(key);
        if (list != null) {
            for (Entry<T> e : list) {
                run(e, text, start, out);
            }
        }
        if (text.isWord(start)) {
            for (Entry<T> e : wordFirst) {
                run(e, text, start, out);
            }
            if (Character.isDigit(text.text().charAt(text.start(start)))) {
                for (Entry<T> e : numberFirst) {
                    run(e, text, start, out);
                }
            }
        }
    }

    private void run(Entry<T> e, TokenizedText text, int start, List<Hit<T>> out) {
        if (e.second() != null && (start + 1 >= text.size() || !e.second().contains(text.key(start + 1)))) {
            return;
        }
        int[] span = {-1, -1};
        exec(e, e.program(), 0, text, start, start, span, out);
    }

    /** Runs the program from {@code pc} at token {@code pos}; every path that reaches MATCH is a hit. */
    private void exec(Entry<T> e, Program p, int pc, TokenizedText text, int start, int pos, int[] span,
                      List<Hit<T>> out) {
        int n = text.size();
        boolean cs = e.caseSensitive();
        while (true) {
            switch (p.op[pc]) {
                case Program.LIT -> {
                    Lit lit = (Lit) p.arg[pc];
                    if (pos >= n || !text.key(pos).equals(lit.key()) || cs && !text.surface(pos).equals(lit.surface())) {
                        return;
                    }
                    pos++;
                    pc++;
                }
                case Program.SET -> {
                    SetNode set = (SetNode) p.arg[pc];
                    if (pos >= n || !set.keys().contains(text.key(pos))
                            || cs && !set.surfaces().get(text.key(pos)).contains(text.surface(pos))) {
                        return;
                    }
                    pos++;
                    pc++;
                }
                case Program.ANY -> {
                    if (pos >= n || !text.isWord(pos)) {
                        return;
                    }
                    pos++;
                    pc++;
                }
                case Program.NUM -> {
                    if (pos >= n || !isNumber(text.lower(pos))) {
                        return;
                    }
                    pos++;
                    pc++;
                }
                case Program.YEAR -> {
                    if (pos >= n || !isYear(text.lower(pos))) {
                        return;
                    }
                    pos++;
                    pc++;
                }
                case Program.OPEN -> {
                    span[0] = pos;
                    pc++;
                }
                case Program.CLOSE -> {
                    span[1] = pos;
                    pc++;
                }
                case Program.SPLIT -> {
                    exec(e, p, p.a[pc], text, start, pos, span, out);
                    pc = p.b[pc];
                }
                case Program.JMP -> pc = p.a[pc];
                case Program.MATCH -> {
                    int s0 = span[0] >= 0 ? span[0] : start;
                    int f = span[1] >= 0 ? span[1] : pos;
                    if (f > s0) {
                        out.add(new Hit<>(start, pos, s0, f, e.value()));
                    }
                    return;
                }
                default -> throw new IllegalStateException("bad op " + p.op[pc]);
            }
        }
    }

    /**
     * A pattern compiled to a small backtracking program: one op per token test, SPLIT to try an alternative and
     * then go on with the next, so matching allocates nothing but its hits.
     */
    private static final class Program {
        static final int LIT = 0;
        static final int SET = 1;
        static final int ANY = 2;
        static final int NUM = 3;
        static final int YEAR = 4;
        static final int OPEN = 5;
        static final int CLOSE = 6;
        static final int SPLIT = 7;
        static final int JMP = 8;
        static final int MATCH = 9;

        int[] op = new int[16];
        int[] a = new int[16];
        int[] b = new int[16];
        Object[] arg = new Object[16];
        int size;

        int emit(int o, int x, int y, Object v) {
            if (size == op.length) {
                op = Arrays.copyOf(op, size * 2);
                a = Arrays.copyOf(a, size * 2);
                b = Arrays.copyOf(b, size * 2);
                arg = Arrays.copyOf(arg, size * 2);
            }
            op[size] = o;
            a[size] = x;
            b[size] = y;
            arg[size] = v;
            return size++;
        }

        void compile(Node node) {
            if (node instanceof Lit lit) {
                emit(LIT, 0, 0, lit);
            } else if (node instanceof Any) {
                emit(ANY, 0, 0, null);
            } else if (node instanceof Num) {
                emit(NUM, 0, 0, null);
            } else if (node instanceof Year) {
                emit(YEAR, 0, 0, null);
            } else if (node instanceof Mark mark) {
                emit(mark.open() ? OPEN : CLOSE, 0, 0, null);
            } else if (node instanceof SetNode set) {
                emit(SET, 0, 0, set);
            } else if (node instanceof Seq seq) {
                for (Node n : seq.items()) {
                    compile(n);
                }
            } else if (node instanceof Alt alt) {
                List<Node> branches = new ArrayList<>();
                if (!alt.singles().isEmpty()) {
                    branches.add(new SetNode(alt.singles(), alt.singleSurfaces()));
                }
                branches.addAll(alt.others());
                if (alt.optional()) {
                    branches.add(new Seq(List.of()));
                }
                List<Integer> jumps = new ArrayList<>();
                for (int i = 0; i < branches.size(); i++) {
                    if (i < branches.size() - 1) {
                        int split = emit(SPLIT, 0, 0, null);
                        a[split] = size;
                        compile(branches.get(i));
                        jumps.add(emit(JMP, 0, 0, null));
                        b[split] = size;
                    } else {
                        compile(branches.get(i));
                    }
                }
                for (int j : jumps) {
                    a[j] = size;
                }
            }
        }
    }

    /** The possible second tokens when the first item is exactly one token and the second a fixed set, else null. */
    private static Set<String> secondTokens(Seq seq) {
        List<Node> items = seq.items().stream().filter(n -> !(n instanceof Mark)).toList();
        if (items.size() < 2 || !oneToken(items.get(0))) {
            return null;
        }
        Node second = items.get(1);
        if (second instanceof Lit lit) {
            return Set.of(lit.key());
        }
        if (second instanceof Alt alt && !alt.optional() && alt.others().isEmpty()) {
            return alt.singles();
        }
        return null;
    }

    private static boolean oneToken(Node n) {
        return n instanceof Lit || n instanceof Any || n instanceof Num || n instanceof Year
                || n instanceof Alt alt && !alt.optional() && alt.others().isEmpty();
    }

    /** Every literal word of a pattern. */
    private static void literals(Node node, Set<String> out) {
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
    private static final class First {
        final Set<String> keys = new HashSet<>();
        boolean anyWord;
        boolean number;
        boolean nullable;
    }

    /** Adds the possible first tokens of items[idx..] to {@code first}; sets nullable if they can match nothing. */
    private static void first(Seq seq, int idx, First first) {
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

    static boolean isNumber(String token) {
        if (token.isEmpty() || !Character.isDigit(token.charAt(0))) {
            return false;
        }
        for (int k = 0; k < token.length(); k++) {
            char ch = token.charAt(k);
            if (!Character.isDigit(ch) && ch != '.') {
                return false;
            }
        }
        return true;
    }

    static boolean isYear(String token) {
        return token.length() == 4 && isNumber(token) && (token.startsWith("19") || token.startsWith("20"));
    }

    /** Recursive descent over words, groups and marks. */
    private static final class Parser {
        final String src;
        int pos;

        Parser(String src) {
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
    }
}
