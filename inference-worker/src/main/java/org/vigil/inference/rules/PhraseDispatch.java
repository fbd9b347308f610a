package org.vigil.inference.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first-word rows of a {@link PhraseCompiler} with their second-token tests worked out exactly for every
 * (first word, second word) pair that some test names: a token then costs a filter test (and, for a named pair,
 * one probe) and runs only the patterns that can match there, instead of testing a filter per row entry.
 *
 * @param rowOf        row index by first word id, -1 for none
 * @param rowUsesClass whether a row entry tests the next token for any word, number or year
 * @param rowLists     per row, the list when the next word is in no test, by its class, then with no next token
 * @param pairs        open-addressing table of named pairs, one long each ({@link #pair}, the list's offset in
 *                     the low {@link #LIST_BITS} bits), 0 for empty
 * @param named        a filter of the named pairs (first and second word), about 16 bits per pair
 * @param lists        lists of start states: {count, then count pairs (pc, marks)}
 */
record PhraseDispatch(int[] rowOf, boolean[] rowUsesClass, int[] rowLists, long[] pairs, long[] named,
                      int[] lists) {

    /** Ints per row in {@link #rowLists}: the lists for next-token classes 0 to 3, then for no next token. */
    static final int ROW_LISTS = 5;
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

    /** Works the dispatch out from a compiler's rows, their entries' second-token tests and their start states. */
    static PhraseDispatch build(int[][] byFirst, List<int[]> seconds, int[] states) {
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
        if (Vocabulary.size() > 1 << WORD_BITS) {
            throw new IllegalStateException("more than " + (1 << WORD_BITS) + " rule words");
        }
        int r = 0;
        for (int id = 0; id < byFirst.length; id++) {
            int[] row = byFirst[id];
            if (row == null) {
                continue;
            }
            rowOf[id] = r;
            for (int k = 0; k < row.length; k += PhraseCompiler.W) {
                usesClass[r] |= row[k + 2] != 0 && row[k + 3] != 0;
            }
            for (int cls = 0; cls < 4; cls++) {
                rowLists[r * ROW_LISTS + cls] = intern(passing(row, -1, cls, false, seconds, states), interned, lists);
            }
            rowLists[r * ROW_LISTS + 4] = intern(passing(row, -1, 0, true, seconds, states), interned, lists);
            java.util.TreeSet<Integer> named = new java.util.TreeSet<>();
            for (int k = 0; k < row.length; k += PhraseCompiler.W) {
                for (int second : seconds.get(row[k + 1])) {
                    named.add(second);
                }
            }
            for (int second : named) {
                for (int cls = 0; cls < (usesClass[r] ? 4 : 1); cls++) {
                    int list = intern(passing(row, second, cls, false, seconds, states), interned, lists);
                    pairKeys.add(new long[] {id, second, cls, list});
                }
            }
            r++;
        }
        if (lists.size() > 1 << LIST_BITS) {
            throw new IllegalStateException("pattern lists too large: " + lists.size());
        }
        // At most three quarters full: every named pair's token probes it.
        int size = Integer.highestOneBit(Math.max(2, pairKeys.size() * 4 / 3)) << 1;
        long[] pairs = new long[size];
        long[] named = new long[Math.max(1, Integer.highestOneBit(Math.max(1, pairKeys.size() * 16 / 64)) * 2)];
        for (long[] p : pairKeys) {
            int bit = namedBit((int) p[0], (int) p[1], named.length * 64 - 1);
            named[bit >>> 6] |= 1L << bit;
            long key = pair((int) p[0], (int) p[1], (int) p[2]);
            int i = slot(key, size - 1);
            while (pairs[i] != 0) {
                i = (i + 1) & (size - 1);
            }
            pairs[i] = key | p[3];
        }
        return new PhraseDispatch(rowOf, usesClass, rowLists, pairs, named,
                lists.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The start states, in row order, of the row entries whose second-token test a next token passes: one with
     * word id {@code second} (-1: none of the tests' words) and class {@code cls}, or no next token ({@code last}).
     */
    private static List<Integer> passing(int[] row, int second, int cls, boolean last, List<int[]> seconds,
                                         int[] states) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < row.length; k += PhraseCompiler.W) {
            boolean pass;
            if (row[k + 2] == 0) {
                pass = true;
            } else if (last) {
                pass = false;
            } else {
                int any = row[k + 3];
                pass = second >= 0 && Arrays.binarySearch(seconds.get(row[k + 1]), second) >= 0
                        || (any & PhraseCompiler.ANY_WORD) != 0 && cls >= 1
                        || (any & PhraseCompiler.ANY_NUMBER) != 0 && cls >= 2
                        || (any & PhraseCompiler.ANY_YEAR) != 0 && cls == 3;
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
}
