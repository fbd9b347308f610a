package org.vigil.inference.rules;

import java.util.Arrays;

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
 * <p>{@link PatternParser} reads a pattern, {@link PatternProgram} compiles it to a program, {@link PhraseCompiler}
 * lays the programs out flat for this class and {@link PhraseDispatch} indexes them by first and second word; this
 * class runs them over a note and collects its hits.
 *
 * @param <T> what a pattern stands for
 */
public final class PhraseMatcher<T> extends PhraseCompiler<T> {
    // The compiled arrays are inherited fields, not another object's: the loop below reads them without a hop.

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

    /** Every match starting at token {@code start}, appended to {@code out}. */
    public void matchAt(TokenizedText text, int start, Hits out) {
        PhraseDispatch d = dispatch;
        if (d == null) {
            d = dispatch();
        }
        int id = text.id(start);
        int[] rowOf = d.rowOf();
        int r;
        if (id != Vocabulary.NONE && id < rowOf.length && (r = rowOf[id]) >= 0) {
            int next = start + 1;
            int list;
            if (next >= text.size()) {
                list = d.rowLists()[r * PhraseDispatch.ROW_LISTS + 4];
            } else {
                int cls = d.rowUsesClass()[r] ? tokenClass(text, next) : 0;
                int nextId = text.id(next);
                list = nextId == Vocabulary.NONE ? -1 : d.list(id, nextId, cls);
                if (list < 0) {
                    list = d.rowLists()[r * PhraseDispatch.ROW_LISTS + cls];
                }
            }
            int[] lists = d.lists();
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
}
