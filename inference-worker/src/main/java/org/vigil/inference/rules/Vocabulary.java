package org.vigil.inference.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every word some rule mentions, each with a small int id, in an open-addressing table looked up straight from the
 * note's characters: a note token becomes its word's id (or {@link #NONE}, when no rule mentions it and it can
 * match no literal) without a lower-cased copy or a hash-map probe, and the rules compare ints.
 *
 * <p>Written by hand: a HashMap lookup needs a String key, i.e. one allocation per token of every note. Ids are
 * never reassigned, so rules compiled earlier stay valid when later ones add words.
 */
final class Vocabulary {

    /** The id of a token no rule mentions. */
    static final int NONE = -1;

    /** One immutable generation of the table, published whole so lookups need no lock. */
    /**
     * Slot i holds {@code slots[4i..4i+3]} = hash, id + 1 (0: empty), offset and length of the word in
     * {@code chars}: a lookup reads one slot and one run of characters, not a String and its array.
     */
    private record Table(String[] words, int[] slots, char[] chars, int shift) {
    }

    private static volatile Table table = new Table(new String[0], new int[8], new char[0], 31);
    private static final Map<String, Integer> IDS = new HashMap<>();
    private static final List<String> WORDS = new ArrayList<>();

    private Vocabulary() {
    }

    /** Adds words (lower-cased rule literals). */
    static synchronized void addAll(Collection<String> words) {
        boolean added = false;
        for (String w : words) {
            if (!IDS.containsKey(w)) {
                IDS.put(w, WORDS.size());
                WORDS.add(w);
                added = true;
            }
        }
        if (!added) {
            return;
        }
        int size = Integer.highestOneBit(Math.max(4, WORDS.size() * 3)) << 1;
        int shift = 32 - Integer.numberOfTrailingZeros(size);
        int[] slots = new int[size * 4];
        StringBuilder chars = new StringBuilder();
        for (int id = 0; id < WORDS.size(); id++) {
            String w = WORDS.get(id);
            int i = slot(w.hashCode(), shift);
            while (slots[i * 4 + 1] != 0) {
                i = (i + 1) & (size - 1);
            }
            slots[i * 4] = w.hashCode();
            slots[i * 4 + 1] = id + 1;
            slots[i * 4 + 2] = chars.length();
            slots[i * 4 + 3] = w.length();
            chars.append(w);
        }
        table = new Table(WORDS.toArray(new String[0]), slots, chars.toString().toCharArray(), shift);
    }

    /** The id of a rule word (already lower-cased), adding it if it is new. */
    static int idOf(String word) {
        Integer id;
        synchronized (Vocabulary.class) {
            id = IDS.get(word);
        }
        if (id == null) {
            addAll(List.of(word));
            synchronized (Vocabulary.class) {
                id = IDS.get(word);
            }
        }
        return id;
    }

    /** Every word id so far is below this. */
    static int size() {
        return table.words().length;
    }

    /** The word of an id. */
    static String word(int id) {
        return table.words()[id];
    }

    /**
     * The id of the vocabulary word equal to text[start, end) lower-cased, or {@link #NONE}, given the hash of the
     * lower-cased characters ({@link String#hashCode} of the lower-cased token), which the tokenizer computes as it
     * reads them.
     */
    static int lookup(char[] text, int start, int end, int hash) {
        Table t = table;
        int[] slots = t.slots();
        int mask = (slots.length >> 2) - 1;
        int i = slot(hash, t.shift());
        int id;
        while ((id = slots[i * 4 + 1]) != 0) {
            if (slots[i * 4] == hash && slots[i * 4 + 3] == end - start && same(t.chars(), slots[i * 4 + 2], text, start, end)) {
                return id - 1;
            }
            i = (i + 1) & mask;
        }
        return NONE;
    }

    private static boolean same(char[] word, int offset, char[] text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (word[offset++] != lower(text[k])) {
                return false;
            }
        }
        return true;
    }

    static char lower(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return c == '\u2019' ? '\'' : Character.toLowerCase(c);
    }

    /** Fibonacci hashing: short words' String hashes are small and dense, and would cluster in a masked table. */
    private static int slot(int h, int shift) {
        return (h * 0x9E3779B9) >>> shift;
    }
}
