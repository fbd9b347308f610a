package org.vigil.inference.rules;

import org.vigil.inference.rules.PatternParser.First;
import org.vigil.inference.rules.PatternParser.Seq;
import org.vigil.inference.rules.PatternProgram.TokenSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles phrase patterns into the flat code, group tables and first-word rows that {@link PhraseMatcher} runs.
 *
 * @param <T> what a pattern stands for
 */
abstract class PhraseCompiler<T> {

    /*
     * Every pattern of the matcher is flattened into one int array of 2-int instructions {op | x << 4, y} and its
     * group tables into one int array, so that matching a token touches a few adjacent cache lines instead of a
     * graph of objects. pc is an index into code. Group tables hold sorted word ids and the rows' second-token
     * tests one small filter, not bit sets over the whole vocabulary (a third of a megabyte for the lexicon): the
     * matcher's data then stays in the processor's cache next to the note's and the other rules'.
     */
    static final int LIT = 0;       // x: word id; y: surface (case-sensitive) or -1
    /** A group's one-word choices; only its SWITCH leads here, and only for one of its words. */
    static final int SET = 1;       // y: surfaces (case-sensitive) or -1
    static final int ANY = 2;
    static final int NUM = 3;
    static final int YEAR = 4;
    static final int OPEN = 5;
    static final int CLOSE = 6;
    static final int SWITCH = 7;    // x: table offset
    static final int JMP = 8;       // x: target pc
    static final int MATCH = 9;     // x: entry
    /** Set on a group-table pc whose branch steps over the looked-up word before going on there. */
    static final int CONSUME = 1 << 31;
    /** Ints per instruction. */
    static final int C = 2;
    /** Ints per row entry. */
    static final int W = 4;

    static final int ANY_WORD = 1;
    static final int ANY_NUMBER = 2;
    static final int ANY_YEAR = 4;

    int[] code = new int[256];
    private int codeSize;
    /**
     * The rows' second-token tests, as a filter: bit {@code pairBit(entry, id)} is set for every word id that can
     * come second after that row entry's first token. A bit set by another pair only costs a program run that
     * fails, since the program tests every token itself; it is a few kilobytes, where exact sets per entry took
     * hundreds. Only the rows of patterns that start with any word or number read it: under a first word the
     * {@link PhraseDispatch} holds the exact tests.
     */
    long[] pairBits = new long[1];
    /** Every (entry, word id) pair of the filter, to rebuild it larger: entry << 32 | id. */
    private long[] pairs = new long[16];
    private int pairCount;
    private int entries;
    /**
     * Group tables: {n, others offset, others count, then n word ids in ascending order, then n pairs (offset,
     * count)}, followed by the lists of pcs they point to.
     */
    int[] tables = new int[256];
    private int tablesSize;
    private final List<String> surfaces = new ArrayList<>();
    private final List<String[]> surfaceSets = new ArrayList<>();
    private final List<int[]> surfaceSetIds = new ArrayList<>();
    String[] surfaceArray = new String[0];
    String[][] surfaceSetArray = new String[0][];
    /** The word id of each surface of a set: a token is compared only with the surfaces of its own word. */
    int[][] surfaceSetIdArray = new int[0][];
    private final List<T> values = new ArrayList<>();
    /** The values as an array, read per hit. */
    Object[] valueArray = new Object[0];

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
    int[] states = new int[64];
    private int statesSize;
    static final int MARK_OPEN = 1;
    static final int MARK_CLOSE = 2;
    /** The state is past the first token: the word's op needs no test. */
    static final int MARK_CONSUMED = 4;
    int[] wordFirst = new int[0];
    int[] numberFirst = new int[0];
    private int patterns;

    private static int[] append(int[] row, int[] entry) {
        int[] out = row == null ? new int[W] : Arrays.copyOf(row, row.length + W);
        System.arraycopy(entry, 0, out, out.length - W, W);
        return out;
    }

    /** Adds a pattern. */
    public void add(String pattern, boolean caseSensitive, T value) {
        PatternParser p = new PatternParser(pattern.strip());
        Seq seq = p.sequence(true);
        if (p.pos < p.src.length()) {
            throw new IllegalArgumentException("unbalanced ')' at " + p.pos + " in pattern: " + pattern);
        }
        if (seq.items().isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        Set<String> words = new HashSet<>();
        PatternParser.literals(seq, words);
        Vocabulary.addAll(words);
        First first = new First();
        PatternParser.first(seq, 0, first);
        if (first.nullable) {
            throw new IllegalArgumentException("pattern can match nothing: " + pattern);
        }
        dispatch = null;
        PatternProgram program = new PatternProgram();
        program.compile(seq);
        program.emit(PatternProgram.MATCH, 0, null);
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
    private int flatten(PatternProgram p, boolean cs, int entry) {
        int base = codeSize;
        for (int i = 0; i < p.size; i++) {
            switch (p.op[i]) {
                case PatternProgram.LIT -> emit(LIT, p.a[i], cs ? surface((String) p.arg[i]) : -1);
                case PatternProgram.SET -> {
                    TokenSet set = (TokenSet) p.arg[i];
                    emit(SET, 0, cs ? surfaceSet(set.surfaces, set.surfaceIds) : -1);
                }
                case PatternProgram.ANY -> emit(ANY, 0, 0);
                case PatternProgram.NUM -> emit(NUM, 0, 0);
                case PatternProgram.YEAR -> emit(YEAR, 0, 0);
                case PatternProgram.OPEN -> emit(OPEN, 0, 0);
                case PatternProgram.CLOSE -> emit(CLOSE, 0, 0);
                case PatternProgram.JMP -> emit(JMP, base + p.landing(p.a[i]) * C, 0);
                case PatternProgram.MATCH -> emit(MATCH, entry, 0);
                case PatternProgram.SWITCH -> emit(SWITCH, table(p, i, base, cs), 0);
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

    static int pairBit(int entry, int id, int mask) {
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
    private int table(PatternProgram p, int i, int base, boolean cs) {
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
    private int[] list(PatternProgram p, List<Integer> branches, int[] starts, int base, boolean cs) {
        int at = reserve(branches.size());
        for (int k = 0; k < branches.size(); k++) {
            int branch = p.landing(starts[branches.get(k)]);
            if (!cs && p.op[branch] == PatternProgram.SET && p.op[branch + 1] == PatternProgram.JMP) {
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

    /** Built on first use after the last pattern was added; matchers are shared read-only once loaded. */
    volatile PhraseDispatch dispatch;

    synchronized PhraseDispatch dispatch() {
        PhraseDispatch d = dispatch;
        if (d == null) {
            d = PhraseDispatch.build(byFirst, seconds, states);
            dispatch = d;
        }
        return d;
    }
}
