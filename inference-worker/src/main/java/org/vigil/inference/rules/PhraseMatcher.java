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
 * alternatives: each pattern is compiled to a small backtracking program over token ids (one instruction per
 * token test, a SWITCH per group that tries only the alternatives that can start with the next token), and only
 * the patterns whose first token fits, and whose second token can follow it, are run: a token's word and the next
 * one's look up, in one table, the list of places to start (the ops that take that first word, the groups before
 * them worked out when the pattern was added), so matching a note mostly runs the ops after the first word.
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

    /**
     * Hits as five ints each in one reused array: the rules read each hit once, so a note's matches need no object
     * each. The caller clears it.
     */
    public static final class Hits {
        private int size;
        /** {start, end, spanStart, spanEnd, value index} per hit. */
        private int[] data = new int[5 * 16];

        public int size() {
            return size;
        }

        public void clear() {
            size = 0;
        }

        public int start(int hit) {
            return data[hit * 5];
        }

        public int end(int hit) {
            return data[hit * 5 + 1];
        }

        public int spanStart(int hit) {
            return data[hit * 5 + 2];
        }

        public int spanEnd(int hit) {
            return data[hit * 5 + 3];
        }

        int valueIndex(int hit) {
            return data[hit * 5 + 4];
        }

        public int length(int hit) {
            return data[hit * 5 + 1] - data[hit * 5];
        }

        void add(int start, int end, int spanStart, int spanEnd, int value) {
            if ((size + 1) * 5 > data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            int at = size * 5;
            data[at] = start;
            data[at + 1] = end;
            data[at + 2] = spanStart;
            data[at + 3] = spanEnd;
            data[at + 4] = value;
            size++;
        }
    }

    /** The value of a hit. */
    public T value(Hits hits, int hit) {
        @SuppressWarnings("unchecked")
        T value = (T) valueArray[hits.valueIndex(hit)];
        return value;
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

    /*
     * Every pattern of the matcher is flattened into one int array of 2-int instructions {op | x << 4, y} and its
     * group tables into one int array, so that matching a token touches a few adjacent cache lines instead of a
     * graph of objects. pc is an index into code. Group tables hold sorted word ids and the rows' second-token
     * tests one small filter, not bit sets over the whole vocabulary (a third of a megabyte for the lexicon): the
     * matcher's data then stays in the processor's cache next to the note's and the other rules'.
     */
    private static final int LIT = 0;       // x: word id; y: surface (case-sensitive) or -1
    /** A group's one-word choices; only its SWITCH leads here, and only for one of its words. */
    private static final int SET = 1;       // y: surfaces (case-sensitive) or -1
    private static final int ANY = 2;
    private static final int NUM = 3;
    private static final int YEAR = 4;
    private static final int OPEN = 5;
    private static final int CLOSE = 6;
    private static final int SWITCH = 7;    // x: table offset
    private static final int JMP = 8;       // x: target pc
    private static final int MATCH = 9;     // x: entry
    /** Set on a group-table pc whose branch steps over the looked-up word before going on there. */
    private static final int CONSUME = 1 << 31;
    /** Ints per instruction. */
    private static final int C = 2;
    /** Ints per row entry. */
    private static final int W = 4;

    private static final int ANY_WORD = 1;
    private static final int ANY_NUMBER = 2;
    private static final int ANY_YEAR = 4;

    private int[] code = new int[256];
    private int codeSize;
    /**
     * The rows' second-token tests, as a filter: bit {@code pairBit(entry, id)} is set for every word id that can
     * come second after that row entry's first token. A bit set by another pair only costs a program run that
     * fails, since the program tests every token itself; it is a few kilobytes, where exact sets per entry took
     * hundreds. Only the rows of patterns that start with any word or number read it: under a first word the
     * {@link Dispatch} holds the exact tests.
     */
    private long[] pairBits = new long[1];
    /** Every (entry, word id) pair of the filter, to rebuild it larger: entry << 32 | id. */
    private long[] pairs = new long[16];
    private int pairCount;
    private int entries;
    /**
     * Group tables: {n, others offset, others count, then n word ids in ascending order, then n pairs (offset,
     * count)}, followed by the lists of pcs they point to.
     */
    private int[] tables = new int[256];
    private int tablesSize;
    private final List<String> surfaces = new ArrayList<>();
    private final List<String[]> surfaceSets = new ArrayList<>();
    private final List<int[]> surfaceSetIds = new ArrayList<>();
    private String[] surfaceArray = new String[0];
    private String[][] surfaceSetArray = new String[0][];
    /** The word id of each surface of a set: a token is compared only with the surfaces of its own word. */
    private int[][] surfaceSetIdArray = new int[0][];
    private final List<T> values = new ArrayList<>();
    /** The values as an array, read per hit. */
    private Object[] valueArray = new Object[0];

    /*
     * Patterns to try by the id of a literal first token (ids past the end have none), and those that start with
     * any word or any number: 4 ints each, {start states (offset in states), entry number, whether the token after
     * the first one is tested (1) or not (0), any word/number/year} that can come second, tested here before the
     * program runs. Under a first word the start states skip the groups before that word's op: matching a note
     * then never looks the word up in a group table again.
     */
    private int[][] byFirst = new int[0][];
    /** The exact second-token test of each row entry, by entry number: sorted word ids (empty: untested). */
    private final List<int[]> seconds = new ArrayList<>();
    /** Start states of the row entries: {count, then count pairs (pc, marks)}. */
    private int[] states = new int[64];
    private int statesSize;
    private static final int MARK_OPEN = 1;
    private static final int MARK_CLOSE = 2;
    /** The state is past the first token: the word's op needs no test. */
    private static final int MARK_CONSUMED = 4;
    private int[] wordFirst = new int[0];
    private int[] numberFirst = new int[0];
    private int patterns;

    private static int[] append(int[] row, int[] entry) {
        int[] out = row == null ? new int[W] : Arrays.copyOf(row, row.length + W);
        System.arraycopy(entry, 0, out, out.length - W, W);
        return out;
    }

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
        dispatch = null;
        Program program = new Program();
        program.compile(seq);
        program.emit(Program.MATCH, 0, null);
        int entry = values.size();
        values.add(value);
        valueArray = values.toArray();
        int pc = flatten(program, caseSensitive, entry);
        int[] run = first.anyWord || first.number ? rowEntry(pc, program.second()) : null;
        if (run != null) {
            run[0] = states(new int[] {pc, 0});
        }
        patterns++;
        // Under a first word, test the tokens that can follow that word: "this" in "(now|this morning)" must be
        // followed by "morning", "now" by anything. Words that start the same branches share one test.
        Map<List<Integer>, int[]> runs = new HashMap<>();
        List<Integer> firsts = program.firstConsumers();
        for (String key : first.keys) {
            int id = Vocabulary.idOf(key);
            List<Integer> from = program.consumersOf(firsts, id);
            int[] keyRun = runs.computeIfAbsent(from, f -> rowEntry(pc, program.secondAfter(f))).clone();
            keyRun[0] = states(startStates(pc, id));
            if (id >= byFirst.length) {
                byFirst = Arrays.copyOf(byFirst, Math.max(id + 1, Vocabulary.size()));
            }
            byFirst[id] = append(byFirst[id], keyRun);
        }
        if (first.anyWord) {
            wordFirst = append(wordFirst, run);
        } else if (first.number) {
            numberFirst = append(numberFirst, run);
        }
    }

    /** A row entry: the pattern's pc and the test of the token after the first one (null: none). */
    private int[] rowEntry(int pc, TokenSet second) {
        int entry = entries++;
        if (second == null) {
            seconds.add(new int[0]);
            return new int[] {pc, entry, 0, 0};
        }
        List<Integer> ids = new ArrayList<>();
        for (int id = second.nextId(0); id >= 0; id = second.nextId(id + 1)) {
            addPair(entry, id);
            ids.add(id);
        }
        seconds.add(ids.stream().mapToInt(Integer::intValue).toArray());
        return new int[] {pc, entry, 1, flags(second)};
    }

    /**
     * Where the program from {@code pc} goes when its first token is the word {@code id}: the ops that can consume
     * that token, reached through the groups (SWITCH) and marks before it, in the order the program tries them,
     * each with its marks ({@link #MARK_OPEN}, {@link #MARK_CLOSE}). Running from each of them in turn finds what
     * running from {@code pc} finds, in the same order, without going through the groups again for every note.
     */
    private int[] startStates(int pc, int id) {
        int[] out = new int[8];
        int[] size = {0};
        out = walk(pc, id, 0, out, size);
        return Arrays.copyOf(out, size[0]);
    }

    private int[] walk(int pc, int id, int marks, int[] out, int[] size) {
        while (true) {
            int c = code[pc];
            switch (c & 15) {
                case LIT -> {
                    if (c >>> 4 == id) {
                        // A literal that is not case-sensitive holds for every token of its word.
                        out = code[pc + 1] < 0 ? push(out, size, pc + C, marks | MARK_CONSUMED) : push(out, size, pc, marks);
                    }
                    return out;
                }
                case SET, ANY, NUM, YEAR -> {
                    return push(out, size, pc, marks);
                }
                case OPEN -> {
                    marks |= MARK_OPEN;
                    pc += C;
                }
                case CLOSE -> {
                    marks |= MARK_CLOSE;
                    pc += C;
                }
                case SWITCH -> {
                    int[] t = tables;
                    int at = c >>> 4;
                    int list = t[at + 1];
                    int count = t[at + 2];
                    int size0 = t[at];
                    int k = indexOf(t, at + 3, size0, id);
                    if (k >= 0) {
                        list = t[at + 3 + size0 + 2 * k];
                        count = t[at + 3 + size0 + 2 * k + 1];
                    }
                    for (int b = 0; b < count; b++) {
                        int target = t[list + b];
                        out = target < 0 ? push(out, size, target & ~CONSUME, marks | MARK_CONSUMED)
                                : walk(target, id, marks, out, size);
                    }
                    return out;
                }
                case JMP -> pc = c >>> 4;
                default -> throw new IllegalStateException("a pattern that can match no token at op " + (c & 15));
            }
        }
    }

    private static int[] push(int[] out, int[] size, int pc, int marks) {
        if (size[0] + 2 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[size[0]++] = pc;
        out[size[0]++] = marks;
        return out;
    }

    /** Stores start states (pc, marks pairs) in {@link #states}; their offset there. */
    private int states(int[] pairs) {
        int at = statesSize;
        if (at + 1 + pairs.length > states.length) {
            states = Arrays.copyOf(states, Math.max(states.length * 2, at + 1 + pairs.length));
        }
        states[at] = pairs.length / 2;
        System.arraycopy(pairs, 0, states, at + 1, pairs.length);
        statesSize += 1 + pairs.length;
        return at;
    }

    public int patterns() {
        return patterns;
    }

    /** Appends a compiled pattern to the flat code; its pc. */
    private int flatten(Program p, boolean cs, int entry) {
        int base = codeSize;
        for (int i = 0; i < p.size; i++) {
            switch (p.op[i]) {
                case Program.LIT -> emit(LIT, p.a[i], cs ? surface((String) p.arg[i]) : -1);
                case Program.SET -> {
                    TokenSet set = (TokenSet) p.arg[i];
                    emit(SET, 0, cs ? surfaceSet(set.surfaces, set.surfaceIds) : -1);
                }
                case Program.ANY -> emit(ANY, 0, 0);
                case Program.NUM -> emit(NUM, 0, 0);
                case Program.YEAR -> emit(YEAR, 0, 0);
                case Program.OPEN -> emit(OPEN, 0, 0);
                case Program.CLOSE -> emit(CLOSE, 0, 0);
                case Program.JMP -> emit(JMP, base + p.landing(p.a[i]) * C, 0);
                case Program.MATCH -> emit(MATCH, entry, 0);
                case Program.SWITCH -> emit(SWITCH, table(p, i, base, cs), 0);
                default -> throw new IllegalStateException("bad op " + p.op[i]);
            }
        }
        return base;
    }

    private void emit(int op, int x, int y) {
        if (codeSize + C > code.length) {
            code = Arrays.copyOf(code, code.length * 2);
        }
        code[codeSize] = op | x << 4;
        code[codeSize + 1] = y;
        codeSize += C;
    }

    private void addPair(int entry, int id) {
        if (pairCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairCount * 2);
        }
        pairs[pairCount++] = (long) entry << 32 | id;
        // About 16 bits per pair: a word that cannot follow passes the filter one time in sixteen.
        if ((long) pairBits.length * 64 < pairCount * 16L) {
            pairBits = new long[Math.max(1, Integer.highestOneBit(pairCount * 16 / 64) * 2)];
            for (int k = 0; k < pairCount; k++) {
                setPair((int) (pairs[k] >>> 32), (int) pairs[k]);
            }
        } else {
            setPair(entry, id);
        }
    }

    private void setPair(int entry, int id) {
        int bit = pairBit(entry, id, pairBits.length * 64 - 1);
        pairBits[bit >>> 6] |= 1L << bit;
    }

    private static int pairBit(int entry, int id, int mask) {
        return ((entry * 0x9E3779B9) ^ (id * 0x85EBCA6B)) * 0xC2B2AE35 >>> 7 & mask;
    }

    private static int flags(TokenSet set) {
        return (set.anyWord ? ANY_WORD : 0) | (set.anyNumber ? ANY_NUMBER : 0) | (set.anyYear ? ANY_YEAR : 0);
    }

    private int surface(String s) {
        surfaces.add(s);
        surfaceArray = surfaces.toArray(new String[0]);
        return surfaces.size() - 1;
    }

    private int surfaceSet(String[] set, int[] ids) {
        surfaceSets.add(set);
        surfaceSetIds.add(ids);
        surfaceSetArray = surfaceSets.toArray(new String[0][]);
        surfaceSetIdArray = surfaceSetIds.toArray(new int[0][]);
        return surfaceSets.size() - 1;
    }

    /**
     * The table of the SWITCH at {@code i}: for each word id that can start a branch, the pcs of every branch that
     * can start with it (with the branches that can start with any word or match nothing), in the pattern's
     * order; {@code others} for any other token.
     */
    private int table(Program p, int i, int base, boolean cs) {
        int[] starts = (int[]) p.arg[i];
        List<Integer> other = new ArrayList<>();
        java.util.TreeMap<Integer, List<Integer>> byId = new java.util.TreeMap<>();
        for (int b = 0; b < starts.length; b++) {
            TokenSet f = p.firstTokens(starts[b]);
            if (f == null || f.anyWord || f.anyNumber || f.anyYear) {
                other.add(b);
            }
            if (f != null) {
                for (int id = f.nextId(0); id >= 0; id = f.nextId(id + 1)) {
                    byId.computeIfAbsent(id, k -> new ArrayList<>()).add(b);
                }
            }
        }
        int size = byId.size();
        int at = reserve(3 + size * 3);
        tables[at] = size;
        int[] others = list(p, other, starts, base, cs);
        tables[at + 1] = others[0];
        tables[at + 2] = others[1];
        int k = 0;
        for (var e : byId.entrySet()) {
            List<Integer> branches = new ArrayList<>(e.getValue());
            for (int b : other) {
                if (!branches.contains(b)) {
                    branches.add(b);
                }
            }
            branches.sort(null);
            int[] list = list(p, branches, starts, base, cs);
            tables[at + 3 + k] = e.getKey();
            tables[at + 3 + size + 2 * k] = list[0];
            tables[at + 3 + size + 2 * k + 1] = list[1];
            k++;
        }
        return at;
    }

    /**
     * Writes the pcs of these branches to the tables; {offset, count}. A branch of one-word choices that are not
     * case-sensitive is written as {@link #CONSUME} and the pc after the group: the SWITCH has already looked the
     * word up, so the branch only has to step over it.
     */
    private int[] list(Program p, List<Integer> branches, int[] starts, int base, boolean cs) {
        int at = reserve(branches.size());
        for (int k = 0; k < branches.size(); k++) {
            int branch = p.landing(starts[branches.get(k)]);
            if (!cs && p.op[branch] == Program.SET && p.op[branch + 1] == Program.JMP) {
                tables[at + k] = CONSUME | base + p.landing(p.a[branch + 1]) * C;
            } else {
                tables[at + k] = base + branch * C;
            }
        }
        return new int[] {at, branches.size()};
    }

    private int reserve(int n) {
        while (tablesSize + n > tables.length) {
            tables = Arrays.copyOf(tables, tables.length * 2);
        }
        int at = tablesSize;
        tablesSize += n;
        return at;
    }

    /**
     * The index of {@code key} among the {@code n} ascending ints from {@code a[from]}, or -1. Most lists are short
     * enough that a scan beats a binary search.
     */
    static int indexOf(int[] a, int from, int n, int key) {
        if (n <= 8) {
            for (int i = 0; i < n; i++) {
                int v = a[from + i];
                if (v >= key) {
                    return v == key ? i : -1;
                }
            }
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = a[from + mid];
            if (v < key) {
                lo = mid + 1;
            } else if (v > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Every match starting at token {@code start}, appended to {@code out}. */
    public void matchAt(TokenizedText text, int start, Hits out) {
        Dispatch d = dispatch;
        if (d == null) {
            d = dispatch();
        }
        int id = text.id(start);
        int[] rowOf = d.rowOf;
        int r;
        if (id != Vocabulary.NONE && id < rowOf.length && (r = rowOf[id]) >= 0) {
            int next = start + 1;
            int list;
            if (next >= text.size()) {
                list = d.rowLists[r * ROW_LISTS + 4];
            } else {
                int cls = d.rowUsesClass[r] ? tokenClass(text, next) : 0;
                int nextId = text.id(next);
                list = nextId == Vocabulary.NONE ? -1 : d.list(id, nextId, cls);
                if (list < 0) {
                    list = d.rowLists[r * ROW_LISTS + cls];
                }
            }
            int[] lists = d.lists;
            for (int j = 0, count = lists[list]; j < count; j++) {
                int marks = lists[list + 2 + 2 * j];
                exec(lists[list + 1 + 2 * j], text, start, (marks & MARK_CONSUMED) != 0 ? start + 1 : start,
                        (marks & MARK_OPEN) != 0 ? start : -1, (marks & MARK_CLOSE) != 0 ? start : -1, out);
            }
        }
        // Few rule sets have patterns that start with any word: most words need no second look.
        if (wordFirst.length > 0 && text.isWord(start)) {
            run(wordFirst, text, start, out);
        }
        if (numberFirst.length > 0 && text.startsWithDigit(start)) {
            run(numberFirst, text, start, out);
        }
    }

    /** Which any-token tests a token passes: 0 none, 1 any word, 2 any number too, 3 any year too. */
    private static int tokenClass(TokenizedText text, int token) {
        return text.isYear(token) ? 3 : text.isNumber(token) ? 2 : text.isWord(token) ? 1 : 0;
    }

    /** Ints per row in {@link Dispatch#rowLists}: the lists for next-token classes 0 to 3, then for no next token. */
    private static final int ROW_LISTS = 5;

    /**
     * The rows of {@link #byFirst} with their second-token tests worked out exactly for every (first word, second
     * word) pair that some test names: a token then costs a filter test (and, for a named pair, one probe) and runs
     * only the patterns that can match there, instead of testing a filter per row entry.
     *
     * @param rowOf        row index by first word id, -1 for none
     * @param rowUsesClass whether a row entry tests the next token for any word, number or year
     * @param rowLists     per row, the list when the next word is in no test, by its class, then with no next token
     * @param pairs        open-addressing table of named pairs, one long each ({@link #pair}, the list's offset in
     *                     the low {@link #LIST_BITS} bits), 0 for empty
     * @param named        a filter of the named pairs (first and second word), about 16 bits per pair
     * @param lists        lists of start states: {count, then count pairs (pc, marks)}
     */
    private record Dispatch(int[] rowOf, boolean[] rowUsesClass, int[] rowLists, long[] pairs, long[] named,
                            int[] lists) {

        static final int LIST_BITS = 21;
        static final int WORD_BITS = 20;

        int list(int first, int second, int cls) {
            // Most pairs are in no test: the filter (16 bits a pair) answers them without probing the table.
            int bit = namedBit(first, second, named.length * 64 - 1);
            if ((named[bit >>> 6] & 1L << bit) == 0) {
                return -1;
            }
            long key = pair(first, second, cls);
            long[] t = pairs;
            int mask = t.length - 1;
            int i = slot(key, mask);
            long found;
            while ((found = t[i]) != 0) {
                if ((found & -1L << LIST_BITS) == key) {
                    return (int) (found & (1L << LIST_BITS) - 1);
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        /** A pair's key: marker bit, first and second word id, next-token class, above the list offset's bits. */
        static long pair(int first, int second, int cls) {
            return 1L << 63 | (long) first << (LIST_BITS + 2 + WORD_BITS) | (long) second << (LIST_BITS + 2)
                    | (long) cls << LIST_BITS;
        }

        static int slot(long key, int mask) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        }

        static int namedBit(int first, int second, int mask) {
            return ((first * 0x9E3779B9) ^ (second * 0x85EBCA6B)) * 0xC2B2AE35 >>> 7 & mask;
        }
    }

    /** Built on first use after the last pattern was added; matchers are shared read-only once loaded. */
    private volatile Dispatch dispatch;

    private synchronized Dispatch dispatch() {
        Dispatch d = dispatch;
        if (d == null) {
            d = buildDispatch();
            dispatch = d;
        }
        return d;
    }

    private Dispatch buildDispatch() {
        int[] rowOf = new int[byFirst.length];
        Arrays.fill(rowOf, -1);
        int rows = 0;
        for (int[] row : byFirst) {
            rows += row == null ? 0 : 1;
        }
        boolean[] usesClass = new boolean[rows];
        int[] rowLists = new int[rows * ROW_LISTS];
        Map<List<Integer>, Integer> interned = new HashMap<>();
        List<Integer> lists = new ArrayList<>();
        List<long[]> pairKeys = new ArrayList<>();
        if (Vocabulary.size() > 1 << Dispatch.WORD_BITS) {
            throw new IllegalStateException("more than " + (1 << Dispatch.WORD_BITS) + " rule words");
        }
        int r = 0;
        for (int id = 0; id < byFirst.length; id++) {
            int[] row = byFirst[id];
            if (row == null) {
                continue;
            }
            rowOf[id] = r;
            for (int k = 0; k < row.length; k += W) {
                usesClass[r] |= row[k + 2] != 0 && row[k + 3] != 0;
            }
            for (int cls = 0; cls < 4; cls++) {
                rowLists[r * ROW_LISTS + cls] = intern(passing(row, -1, cls, false), interned, lists);
            }
            rowLists[r * ROW_LISTS + 4] = intern(passing(row, -1, 0, true), interned, lists);
            java.util.TreeSet<Integer> named = new java.util.TreeSet<>();
            for (int k = 0; k < row.length; k += W) {
                for (int second : seconds.get(row[k + 1])) {
                    named.add(second);
                }
            }
            for (int second : named) {
                for (int cls = 0; cls < (usesClass[r] ? 4 : 1); cls++) {
                    int list = intern(passing(row, second, cls, false), interned, lists);
                    pairKeys.add(new long[] {id, second, cls, list});
                }
            }
            r++;
        }
        if (lists.size() > 1 << Dispatch.LIST_BITS) {
            throw new IllegalStateException("pattern lists too large: " + lists.size());
        }
        // At most three quarters full: every named pair's token probes it.
        int size = Integer.highestOneBit(Math.max(2, pairKeys.size() * 4 / 3)) << 1;
        long[] pairs = new long[size];
        long[] named = new long[Math.max(1, Integer.highestOneBit(Math.max(1, pairKeys.size() * 16 / 64)) * 2)];
        for (long[] p : pairKeys) {
            int bit = Dispatch.namedBit((int) p[0], (int) p[1], named.length * 64 - 1);
            named[bit >>> 6] |= 1L << bit;
            long key = Dispatch.pair((int) p[0], (int) p[1], (int) p[2]);
            int i = Dispatch.slot(key, size - 1);
            while (pairs[i] != 0) {
                i = (i + 1) & (size - 1);
            }
            pairs[i] = key | p[3];
        }
        return new Dispatch(rowOf, usesClass, rowLists, pairs, named,
                lists.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The start states, in row order, of the row entries whose second-token test a next token passes: one with
     * word id {@code second} (-1: none of the tests' words) and class {@code cls}, or no next token ({@code last}).
     */
    private List<Integer> passing(int[] row, int second, int cls, boolean last) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < row.length; k += W) {
            boolean pass;
            if (row[k + 2] == 0) {
                pass = true;
            } else if (last) {
                pass = false;
            } else {
                int any = row[k + 3];
                pass = second >= 0 && Arrays.binarySearch(seconds.get(row[k + 1]), second) >= 0
                        || (any & ANY_WORD) != 0 && cls >= 1 || (any & ANY_NUMBER) != 0 && cls >= 2
                        || (any & ANY_YEAR) != 0 && cls == 3;
            }
            if (pass) {
                int at = row[k];
                for (int j = 0; j < states[at] * 2; j++) {
                    out.add(states[at + 1 + j]);
                }
            }
        }
        return out;
    }

    private static int intern(List<Integer> pairs, Map<List<Integer>, Integer> interned, List<Integer> lists) {
        return interned.computeIfAbsent(pairs, p -> {
            int at = lists.size();
            lists.add(p.size() / 2);
            lists.addAll(p);
            return at;
        });
    }

    /** Runs each pattern of the row whose second-token test the next token passes. */
    private void run(int[] row, TokenizedText text, int start, Hits out) {
        int next = start + 1;
        boolean last = next >= text.size();
        int nextId = last ? Vocabulary.NONE : text.id(next);
        long[] pairBits = this.pairBits;
        int mask = pairBits.length * 64 - 1;
        for (int k = 0; k < row.length; k += W) {
            if (row[k + 2] != 0) {
                if (last) {
                    continue;
                }
                int any = row[k + 3];
                int bit;
                if ((nextId < 0 || (pairBits[(bit = pairBit(row[k + 1], nextId, mask)) >>> 6] & 1L << bit) == 0)
                        && !((any & ANY_WORD) != 0 && text.isWord(next)
                            || (any & ANY_NUMBER) != 0 && text.isNumber(next)
                            || (any & ANY_YEAR) != 0 && text.isYear(next))) {
                    continue;
                }
            }
            int[] states = this.states;
            int at = row[k];
            for (int j = 0, count = states[at]; j < count; j++) {
                int marks = states[at + 2 + 2 * j];
                exec(states[at + 1 + 2 * j], text, start, (marks & MARK_CONSUMED) != 0 ? start + 1 : start,
                        (marks & MARK_OPEN) != 0 ? start : -1, (marks & MARK_CLOSE) != 0 ? start : -1, out);
            }
        }
    }

    /**
     * Runs the code from {@code pc} at token {@code pos}; every path that reaches MATCH is a hit. The mention marks
     * travel as arguments, so a SWITCH's branches cannot see each other's.
     */
    private void exec(int pc, TokenizedText text, int start, int pos, int open, int close, Hits out) {
        int n = text.size();
        int[] code = this.code;
        while (true) {
            int c = code[pc];
            switch (c & 15) {
                case LIT -> {
                    int s = code[pc + 1];
                    if (pos >= n || text.id(pos) != c >>> 4 || s >= 0 && !text.writtenAs(pos, surfaceArray[s])) {
                        return;
                    }
                    pos++;
                    pc += C;
                }
                case SET -> {
                    int s = code[pc + 1];
                    if (s >= 0 && !writtenAsOneOf(text, pos, surfaceSetArray[s], surfaceSetIdArray[s])) {
                        return;
                    }
                    pos++;
                    pc += C;
                }
                case ANY -> {
                    if (pos >= n || !text.isWord(pos)) {
                        return;
                    }
                    pos++;
                    pc += C;
                }
                case NUM -> {
                    if (pos >= n || !text.isNumber(pos)) {
                        return;
                    }
                    pos++;
                    pc += C;
                }
                case YEAR -> {
                    if (pos >= n || !text.isYear(pos)) {
                        return;
                    }
                    pos++;
                    pc += C;
                }
                case OPEN -> {
                    open = pos;
                    pc += C;
                }
                case CLOSE -> {
                    close = pos;
                    pc += C;
                }
                case SWITCH -> {
                    int[] t = tables;
                    int at = c >>> 4;
                    int list = t[at + 1];
                    int count = t[at + 2];
                    int id = pos < n ? text.id(pos) : Vocabulary.NONE;
                    if (id != Vocabulary.NONE) {
                        int size = t[at];
                        int k = indexOf(t, at + 3, size, id);
                        if (k >= 0) {
                            list = t[at + 3 + size + 2 * k];
                            count = t[at + 3 + size + 2 * k + 1];
                        }
                    }
                    if (count == 0) {
                        return;
                    }
                    for (int b = 0; b < count - 1; b++) {
                        int target = t[list + b];
                        exec(target & ~CONSUME, text, start, target < 0 ? pos + 1 : pos, open, close, out);
                    }
                    pc = t[list + count - 1];
                    if (pc < 0) {
                        pc &= ~CONSUME;
                        pos++;
                    }
                }
                case JMP -> pc = c >>> 4;
                case MATCH -> {
                    int s0 = open >= 0 ? open : start;
                    int f = close >= 0 ? close : pos;
                    if (f > s0) {
                        out.add(start, pos, s0, f, c >>> 4);
                    }
                    return;
                }
                default -> throw new IllegalStateException("bad op " + (c & 15));
            }
        }
    }

    private static boolean writtenAsOneOf(TokenizedText text, int token, String[] written, int[] ids) {
        int id = text.id(token);
        for (int k = 0; k < written.length; k++) {
            if (ids[k] == id && text.writtenAs(token, written[k])) {
                return true;
            }
        }
        return false;
    }

    /**
     * A set of tokens: rule-word ids in a bit set, plus every word, every number or every year. Case-sensitive
     * sets also keep their words as written.
     */
    private static final class TokenSet {
        long[] bits = new long[0];
        boolean anyWord;
        boolean anyNumber;
        boolean anyYear;
        String[] surfaces = new String[0];
        int[] surfaceIds = new int[0];

        void addId(int id) {
            if ((id >>> 6) >= bits.length) {
                bits = Arrays.copyOf(bits, (id >>> 6) + 1);
            }
            bits[id >>> 6] |= 1L << id;
        }

        void addAll(TokenSet o) {
            for (int w = 0; w < o.bits.length; w++) {
                if (o.bits[w] != 0) {
                    if (w >= bits.length) {
                        bits = Arrays.copyOf(bits, w + 1);
                    }
                    bits[w] |= o.bits[w];
                }
            }
            anyWord |= o.anyWord;
            anyNumber |= o.anyNumber;
            anyYear |= o.anyYear;
        }

        /** The least id at or after {@code from} in the set, or -1. */
        int nextId(int from) {
            for (int w = from >>> 6; w < bits.length; w++) {
                long word = bits[w] & (w == from >>> 6 ? -1L << from : -1L);
                if (word != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(word);
                }
            }
            return -1;
        }
    }

    /**
     * One pattern compiled to a small backtracking program: one op per token test, a SWITCH to try the
     * alternatives of a group and go on with the next. The form in which first tokens are worked out; matching
     * runs its flattened copy.
     */
    private static final class Program {
        static final int LIT = 0;
        static final int SET = 1;
        static final int ANY = 2;
        static final int NUM = 3;
        static final int YEAR = 4;
        static final int OPEN = 5;
        static final int CLOSE = 6;
        static final int SWITCH = 7;
        static final int JMP = 8;
        static final int MATCH = 9;

        int[] op = new int[16];
        int[] a = new int[16];
        Object[] arg = new Object[16];
        int size;

        int emit(int o, int x, Object v) {
            if (size == op.length) {
                op = Arrays.copyOf(op, size * 2);
                a = Arrays.copyOf(a, size * 2);
                arg = Arrays.copyOf(arg, size * 2);
            }
            op[size] = o;
            a[size] = x;
            arg[size] = v;
            return size++;
        }

        void compile(Node node) {
            if (node instanceof Lit lit) {
                emit(LIT, Vocabulary.idOf(lit.key()), lit.surface());
            } else if (node instanceof Any) {
                emit(ANY, 0, null);
            } else if (node instanceof Num) {
                emit(NUM, 0, null);
            } else if (node instanceof Year) {
                emit(YEAR, 0, null);
            } else if (node instanceof Mark mark) {
                emit(mark.open() ? OPEN : CLOSE, 0, null);
            } else if (node instanceof SetNode set) {
                TokenSet ts = new TokenSet();
                for (String key : set.keys()) {
                    ts.addId(Vocabulary.idOf(key));
                }
                List<String> surfaces = new ArrayList<>();
                List<Integer> ids = new ArrayList<>();
                set.surfaces().forEach((key, written) -> written.forEach(w -> {
                    surfaces.add(w);
                    ids.add(Vocabulary.idOf(key));
                }));
                ts.surfaces = surfaces.toArray(String[]::new);
                ts.surfaceIds = ids.stream().mapToInt(Integer::intValue).toArray();
                emit(SET, 0, ts);
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
                int[] starts = new int[branches.size()];
                emit(SWITCH, 0, starts);
                List<Integer> jumps = new ArrayList<>();
                for (int i = 0; i < branches.size(); i++) {
                    starts[i] = size;
                    compile(branches.get(i));
                    jumps.add(emit(JMP, 0, null));
                }
                for (int j : jumps) {
                    a[j] = size;
                }
            }
        }

        /** Where a jump to {@code pc} lands after the jumps it chains through: nested groups end together. */
        int landing(int pc) {
            while (op[pc] == JMP) {
                pc = a[pc];
            }
            return pc;
        }

        /** The tokens that the code from {@code pc} can consume first, or null if it can match nothing. */
        TokenSet firstTokens(int pc) {
            List<Integer> consumers = new ArrayList<>();
            consumers(pc, new boolean[size], consumers);
            return tokensOf(consumers);
        }

        /** The tokens these ops consume, or null if one of them is MATCH. */
        private TokenSet tokensOf(List<Integer> consumers) {
            TokenSet out = new TokenSet();
            for (int pc : consumers) {
                switch (op[pc]) {
                    case LIT -> out.addId(a[pc]);
                    case SET -> out.addAll((TokenSet) arg[pc]);
                    case ANY -> out.anyWord = true;
                    case NUM -> out.anyNumber = true;
                    case YEAR -> out.anyYear = true;
                    default -> {
                        return null;
                    }
                }
            }
            return out;
        }

        /** The ops that can consume a match's first token. */
        List<Integer> firstConsumers() {
            List<Integer> firsts = new ArrayList<>();
            consumers(0, new boolean[size], firsts);
            return firsts;
        }

        /** Those of {@code firsts} that can consume the word {@code id} (any-word ops included). */
        List<Integer> consumersOf(List<Integer> firsts, int id) {
            List<Integer> out = new ArrayList<>();
            for (int pc : firsts) {
                boolean takes = switch (op[pc]) {
                    case LIT -> a[pc] == id;
                    case SET -> {
                        TokenSet set = (TokenSet) arg[pc];
                        yield (id >>> 6) < set.bits.length && (set.bits[id >>> 6] & (1L << id)) != 0;
                    }
                    case ANY, NUM, YEAR -> true;
                    default -> false;
                };
                if (takes) {
                    out.add(pc);
                }
            }
            return out;
        }

        /** The tokens that can follow a first token consumed by one of {@code firsts}, or null if a match can end. */
        TokenSet secondAfter(List<Integer> firsts) {
            boolean[] seen = new boolean[size];
            List<Integer> seconds = new ArrayList<>();
            for (int pc : firsts) {
                consumers(pc + 1, seen, seconds);
            }
            return tokensOf(seconds);
        }

        /**
         * Every token that can come second in a match, or null when a match can end after one token. An
         * over-approximation (the first token is not taken into account), used only to skip a program early.
         */
        TokenSet second() {
            boolean[] seen = new boolean[size];
            List<Integer> firsts = new ArrayList<>();
            consumers(0, seen, firsts);
            boolean[] seen2 = new boolean[size];
            List<Integer> seconds = new ArrayList<>();
            for (int pc : firsts) {
                consumers(pc + 1, seen2, seconds);
            }
            return tokensOf(seconds);
        }

        /** The token-consuming ops (and MATCH) reachable from {@code pc} without consuming a token. */
        private void consumers(int pc, boolean[] seen, List<Integer> out) {
            if (seen[pc]) {
                return;
            }
            seen[pc] = true;
            switch (op[pc]) {
                case SWITCH -> {
                    for (int start : (int[]) arg[pc]) {
                        consumers(start, seen, out);
                    }
                }
                case JMP -> consumers(a[pc], seen, out);
                case OPEN, CLOSE -> consumers(pc + 1, seen, out);
                default -> out.add(pc);
            }
        }
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
