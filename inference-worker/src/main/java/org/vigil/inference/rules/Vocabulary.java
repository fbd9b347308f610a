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

    /**
     * One immutable generation of the table, published whole so lookups need no lock. Slot i holds
     * {@code slots[2i..2i+1]} = hash, id + 1 (0: empty); {@code spans[2 id..2 id+1]} the offset and length of the
     * word in {@code chars}: a lookup reads one slot and, on a hash hit, one run of characters, not a String and
     * its array. The table is kept small (about 60% full) because every token of every note probes it, next to
     * the matchers' tables in the processor's cache.
     *
     * <p>Most tokens are short ASCII words; those are looked up by one long key instead (length in the top byte,
     * then the lower-cased characters a byte each: {@link #shortKey}), in {@code shorts}: slot i holds
     * {@code shorts[2i..2i+1]} = key (0: empty), id, in one cache line: one comparison, no run of characters.
     */
    record Table(String[] words, int[] slots, int[] spans, char[] chars, int shift,
                         long[] shorts, int shortShift, int[] ascii) {
    }

    /** The longest word that has a short key. */
    static final int SHORT = 7;

    private static volatile Table table = new Table(new String[0], new int[4], new int[0], new char[0], 31,
            new long[8], 30, noAscii());
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
        int size = Integer.highestOneBit(Math.max(2, WORDS.size() + WORDS.size() / 2 - 1)) << 1;
        int shift = 32 - Integer.numberOfTrailingZeros(size);
        int[] slots = new int[size * 2];
        int[] spans = new int[WORDS.size() * 2];
        StringBuilder chars = new StringBuilder();
        for (int id = 0; id < WORDS.size(); id++) {
            String w = WORDS.get(id);
            int i = slot(w.hashCode(), shift);
            while (slots[i * 2 + 1] != 0) {
                i = (i + 1) & (size - 1);
            }
            slots[i * 2] = w.hashCode();
            slots[i * 2 + 1] = id + 1;
            spans[id * 2] = chars.length();
            spans[id * 2 + 1] = w.length();
            chars.append(w);
        }
        int shorts = 0;
        for (String w : WORDS) {
            shorts += shortKey(w) != 0 ? 1 : 0;
        }
        int shortSize = Integer.highestOneBit(Math.max(2, shorts + shorts / 2 - 1)) << 1;
        int shortShift = 32 - Integer.numberOfTrailingZeros(shortSize);
        long[] shortSlots = new long[shortSize * 2];
        for (int id = 0; id < WORDS.size(); id++) {
            long key = shortKey(WORDS.get(id));
            if (key != 0) {
                int i = shortSlot(key, shortShift);
                while (shortSlots[i * 2] != 0) {
                    i = (i + 1) & (shortSize - 1);
                }
                shortSlots[i * 2] = key;
                shortSlots[i * 2 + 1] = id;
            }
        }
        int[] ascii = noAscii();
        for (int id = 0; id < WORDS.size(); id++) {
            String w = WORDS.get(id);
            if (w.length() == 1 && w.charAt(0) < 128) {
                ascii[w.charAt(0)] = id;
            }
        }
        table = new Table(WORDS.toArray(new String[0]), slots, spans, chars.toString().toCharArray(), shift,
                shortSlots, shortShift, ascii);
    }

    private static int[] noAscii() {
        int[] ids = new int[128];
        java.util.Arrays.fill(ids, NONE);
        return ids;
    }

    /**
     * The id of the one-character token {@code c} (ASCII, already lower-cased), or {@link #NONE}: a third of a
     * note's tokens are punctuation marks, looked up by one array read.
     */
    static int ascii(char c) {
        return table.ascii()[c];
    }

    /**
     * The table as it is now: the tokenizer reads it once per note, not once per token (ids never change, so a
     * note tokenized while words are added only misses the new ones).
     */
    static Table table() {
        return table;
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
        int length = end - start;
        long key = -1;
        if (length <= SHORT) {
            key = (long) length << 56;
            for (int k = 0; k < length; k++) {
                char c = lower(text[start + k]);
                if (c >= 128) {
                    key = -1;
                    break;
                }
                key |= (long) c << (k << 3);
            }
        }
        return lookup(text, start, end, hash, key);
    }

    /**
     * The same, given also the token's short key ({@link #shortKey} of the lower-cased token), or -1 when it has
     * none (longer, or not ASCII once lower-cased), which the tokenizer also computes as it reads the token.
     */
    static int lookup(char[] text, int start, int end, int hash, long key) {
        return lookup(table, text, start, end, hash, key);
    }

    /** The same, in table {@code t}. */
    static int lookup(Table t, char[] text, int start, int end, int hash, long key) {
        // A token with a short key can only be a word with one; any other goes the long way.
        if (key >= 0) {
            long[] shorts = t.shorts();
            int mask = (shorts.length >> 1) - 1;
            int i = shortSlot(key, t.shortShift());
            long k;
            while ((k = shorts[i * 2]) != 0) {
                if (k == key) {
                    return (int) shorts[i * 2 + 1];
                }
                i = (i + 1) & mask;
            }
            return NONE;
        }
        int[] slots = t.slots();
        int mask = (slots.length >> 1) - 1;
        int i = slot(hash, t.shift());
        int id;
        while ((id = slots[i * 2 + 1]) != 0) {
            if (slots[i * 2] == hash) {
                int[] spans = t.spans();
                int w = (id - 1) * 2;
                if (spans[w + 1] == end - start && same(t.chars(), spans[w], text, start, end)) {
                    return id - 1;
                }
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

    /** The short key of a word of at most {@link #SHORT} ASCII characters (already lower-cased), or 0. */
    static long shortKey(String word) {
        if (word.isEmpty() || word.length() > SHORT) {
            return 0;
        }
        long key = (long) word.length() << 56;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (c >= 128) {
                return 0;
            }
            key |= (long) c << (k << 3);
        }
        return key;
    }

    private static int shortSlot(long key, int shift) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) * 0x9E3779B9 >>> shift;
    }

    /** Fibonacci hashing: short words' String hashes are small and dense, and would cluster in a masked table. */
    private static int slot(int h, int shift) {
        return (h * 0x9E3779B9) >>> shift;
    }
}
