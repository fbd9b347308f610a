package org.vigil.deidentify.recognize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every word set of the ruleset in one table: a lower-case word maps to a bit per set holding it. A note looks each
 * of its distinct words up once ({@link NoteText#flags}) instead of every recognizer asking every list of every
 * token, which was most of the cost of the name and place passes.
 */
public final class Lexicon {

    /** At most one bit per set in a {@code long}. */
    static final int MAX_SETS = 64;

    private final Map<String, Long> bits;
    /**
     * An open-addressing table laid out for few memory reads per look-up (the vocabulary alone has tens of thousands
     * of words): slot {@code k} is four longs, the word's hash, offset in {@link #chars} and length, then its flags,
     * then its first eight characters packed (16 bits each), so that a word of up to eight characters is compared
     * without a second read elsewhere in memory; 0 marks an empty slot.
     */
    private final long[] table;
    private final char[] chars;
    private final int mask;
    /**
     * The words of one to eight Latin-1 characters (most of a note's look-ups), apart: slot {@code k} is two longs,
     * the word itself packed eight bits a character ({@link #packedShort}), then its flags; 0 marks an empty slot.
     * Half the bytes a look-up reads in the table above, in a table half its size or less, and the key is the word.
     */
    private final long[] shortTable;
    private final int shortMask;
    /**
     * Per ASCII first character, bit {@code min(length, 63)} set for each entry's length: a word no entry could be
     * (a number, a length no entry starting so has) is answered without touching the table.
     */
    private final long[] lengthsByFirst = new long[128];
    /**
     * A Bloom filter of every word, two bits in one long per word chosen by its hash ({@link #mayHold}): a note's
     * words that no set holds (names, misspellings, codes) are answered from a small table (a few hundred KB) instead of a cache miss in the
     * tables, without keeping any of them.
     */
    private final long[] bloom;
    /** {@code 32 - log2(bloom.length)}: the shift that turns a hash into a word of {@link #bloom}. */
    private final int bloomShift;

    /** @param sets named word sets, in any case; the order gives the bits */
    Lexicon(Map<String, ? extends Collection<String>> sets) {
        if (sets.size() > MAX_SETS) {
            throw new IllegalArgumentException("a lexicon holds at most " + MAX_SETS + " sets, not " + sets.size());
        }
        Map<String, Long> b = new LinkedHashMap<>();
        Map<String, Long> f = new LinkedHashMap<>();
        int next = 0;
        for (Map.Entry<String, ? extends Collection<String>> set : sets.entrySet()) {
            long bit = 1L << next++;
            b.put(set.getKey(), bit);
            for (String word : set.getValue()) {
                f.merge(word.toLowerCase(Locale.ROOT), bit, (x, y) -> x | y);
            }
        }
        this.bits = Map.copyOf(b);
        // About 32 bits of filter per word (two set per word): a word outside every set passes one time in 250.
        int bloomLongs = Integer.highestOneBit(Math.max(1024, f.size() / 2));
        this.bloom = new long[bloomLongs];
        this.bloomShift = 32 - Integer.numberOfTrailingZeros(bloomLongs);
        int shortCount = 0;
        for (String word : f.keySet()) {
            if (packedShort(word) != 0) {
                shortCount++;
            }
        }
        int shortSlots = atMostHalfFull(shortCount);
        long[] st = new long[shortSlots * 2];
        int sm = shortSlots - 1;
        int slots = atMostHalfFull(f.size() - shortCount);
        long[] t = new long[slots * SLOT];
        StringBuilder pool = new StringBuilder();
        int m = slots - 1;
        for (Map.Entry<String, Long> e : f.entrySet()) {
            String word = e.getKey();
            int wh = word.hashCode();
            bloom[(wh * 0x9E3779B9) >>> bloomShift] |= (1L << ((wh * 0x85EBCA6B) >>> 26)) | (1L << ((wh * 0xC2B2AE35) >>> 26));
            char first = word.isEmpty() ? 0 : word.charAt(0);
            if (first < 128) {
                lengthsByFirst[first] |= 1L << Math.min(word.length(), 63);
            }
            long packedWord = packedShort(word);
            if (packedWord != 0) {
                int slot = spread(word.hashCode()) & sm;
                while (st[2 * slot] != 0) {
                    slot = (slot + 1) & sm;
                }
                st[2 * slot] = packedWord;
                st[2 * slot + 1] = e.getValue();
                continue;
            }
            if (word.length() > MAX_WORD || pool.length() + word.length() > MAX_POOL) {
                throw new IllegalArgumentException("lexicon word too long or lexicon too large");
            }
            int slot = spread(word.hashCode()) & m;
            while (t[SLOT * slot] != 0) {
                slot = (slot + 1) & m;
            }
            t[SLOT * slot] = key(word.hashCode(), pool.length(), word.length());
            t[SLOT * slot + 1] = e.getValue();
            t[SLOT * slot + 2] = packed(word, 0);
            t[SLOT * slot + 3] = packed(word, 4);
            pool.append(word);
        }
        this.shortTable = st;
        this.shortMask = sm;
        this.table = t;
        this.chars = pool.toString().toCharArray();
        this.mask = m;
    }

    /**
     * The power of two of slots that keeps {@code entries} at most half of them: with linear probing a look-up of a
     * word not in the table reads on to the next empty slot, tens of slots in a table nine tenths full (as the
     * long-word table was when sized by rounding down).
     */
    static int atMostHalfFull(int entries) {
        int slots = Integer.highestOneBit(Math.max(16, entries * 2));
        return slots < entries * 2 ? slots * 2 : slots;
    }

    /** Longs per slot of the table. */
    private static final int SLOT = 4;
    /** Characters held in the slot itself. */
    private static final int INLINE = 8;

    /** Characters {@code from .. from + 3} of the word (those past its end as 0), 16 bits each. */
    private static long packed(String word, int from) {
        long p = 0;
        int to = Math.min(word.length(), from + 4);
        for (int i = from; i < to; i++) {
            p |= (long) word.charAt(i) << (16 * (i - from));
        }
        return p;
    }

    /**
     * A word of one to eight characters below U+0100, eight bits each, the first lowest: never 0, and no two such
     * words alike (a character is never 0 in a word); 0 for any other word.
     */
    static long packedShort(String word) {
        int len = word.length();
        if (len == 0 || len > 8) {
            return 0;
        }
        long p = 0;
        for (int i = 0; i < len; i++) {
            char c = word.charAt(i);
            if (c == 0 || c > 0xFF) {
                return 0;
            }
            p |= (long) c << (8 * i);
        }
        return p;
    }

    private static final int MAX_WORD = 255;
    private static final int MAX_POOL = (1 << 23) - 1;

    /** Hash in the high 32 bits, pool offset in the next 23, length in the low 8; bit 31 set so that it is never 0. */
    private static long key(int hash, int offset, int length) {
        return ((long) hash << 32) | (1L << 31) | ((long) offset << 8) | length;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /**
     * The ruleset's lexicon: each word list under its own name, and {@code first-token:<list>} (the first token of
     * each entry as {@link NoteText} tokenises it) for the lists with multi-word entries, and {@code key:<list>} (the
     * first column) for the tab-separated lists.
     */
    public static Lexicon of(Map<String, WordList> lists) {
        return of(lists, Map.of());
    }

    /** As {@link #of(Map)}, plus large sets held only here (the real population's names, a dictionary's words). */
    public static Lexicon of(Map<String, WordList> lists, Map<String, ? extends Collection<String>> lexiconOnly) {
        Map<String, Collection<String>> sets = new LinkedHashMap<>();
        lists.forEach((name, list) -> sets.put(name, list.entries()));
        sets.putAll(lexiconOnly);
        for (String name : List.of("state-names", "cities", "well-known-organizations")) {
            WordList list = lists.get(name);
            if (list != null) {
                List<String> firsts = new ArrayList<>();
                for (String e : list.entries()) {
                    firsts.add(PhraseIndex.firstToken(e.toLowerCase(Locale.ROOT)));
                }
                sets.put("first-token:" + name, firsts);
            }
        }
        // Lists of "word<TAB>kind" rows (institution words, landmark words): their words, to gate the kind's map.
        for (String name : List.of("institution-words", "landmark-words")) {
            WordList list = lists.get(name);
            if (list != null) {
                sets.put("key:" + name, list.entries().stream().map(e -> e.split("\t")[0]).toList());
            }
        }
        return new Lexicon(sets);
    }

    /** The bit of one set; a set not in the lexicon is a ruleset error. */
    long bit(String set) {
        Long b = bits.get(set);
        if (b == null) {
            throw new IllegalStateException("lexicon has no word set " + set);
        }
        return b;
    }

    /** The bit of one set, or 0 where the lexicon lacks it (a set only the shipped ruleset has). */
    long bitIfPresent(String set) {
        Long b = bits.get(set);
        return b == null ? 0L : b;
    }

    /**
     * Slots of a thread's memo of the words it found in the lexicon: the tables above span megabytes, so a look-up
     * is mostly a cache miss, while the few thousand words notes use again and again ("the", "patient", "denies")
     * touch far fewer cache lines in a memo indexed by their hash. Only words of the lexicon's own sets are kept
     * (never a word of a note that no set holds, which may be an identifier), and each slot is a pure function of
     * the lexicon.
     */
    private static final int RECENT = 16384;
    /** Slots for words of more than eight characters, fewer. */
    private static final int RECENT_LONG = 4096;
    private final ThreadLocal<Recent> recent = ThreadLocal.withInitial(Recent::new);

    /** A thread's memo, direct-mapped by the word's hash: a slot is overwritten by the next word that maps to it. */
    static final class Recent {
        /** Short words packed ({@link #packedShort}, never 0, so an empty slot never matches) at 2k, flags at 2k + 1. */
        final long[] shortWords = new long[2 * RECENT];
        /** Longer words and their flags. */
        final String[] longWords = new String[RECENT_LONG];
        final long[] longFlags = new long[RECENT_LONG];
    }

    /** This thread's memo, for {@link #flagsOf(String, int, long, Recent)}. */
    Recent recent() {
        return recent.get();
    }

    /** Whether the {@link #bloom} filter lets a word of hash {@code h} through (false: no set holds it). */
    private boolean mayHold(int h) {
        long bits = (1L << ((h * 0x85EBCA6B) >>> 26)) | (1L << ((h * 0xC2B2AE35) >>> 26));
        return (bloom[(h * 0x9E3779B9) >>> bloomShift] & bits) == bits;
    }

    /**
     * As {@link #flagsOf(String, int)}, with the word already packed ({@code packedWord}, as {@link #packedShort}),
     * reading and filling the thread's memo first.
     */
    long flagsOf(String lowerWord, int h, long packedWord, Recent memo) {
        if (!mayHold(h) || impossible(lowerWord)) {
            return 0L;
        }
        int at = (h ^ (h >>> 12)) & (RECENT - 1);
        if (packedWord == 0) {
            at &= RECENT_LONG - 1;
            String known = memo.longWords[at];
            if (known != null && known.equals(lowerWord)) {
                return memo.longFlags[at];
            }
            long flags = longFlags(lowerWord, h);
            if (flags != 0) {
                memo.longWords[at] = lowerWord;
                memo.longFlags[at] = flags;
            }
            return flags;
        }
        if (memo.shortWords[2 * at] == packedWord) {
            return memo.shortWords[2 * at + 1];
        }
        long flags = shortFlags(packedWord, h);
        if (flags != 0) {
            memo.shortWords[2 * at] = packedWord;
            memo.shortWords[2 * at + 1] = flags;
        }
        return flags;
    }

    /**
     * {@code flagsOf(lowerWord.substring(from))}, without making the substring when the {@link #bloom} filter or
     * the first character and length already rule it out (most of the time).
     */
    long flagsOfSuffix(String lowerWord, int from) {
        int len = lowerWord.length();
        if (from >= len) {
            return flagsOf(lowerWord.substring(from));
        }
        char first = lowerWord.charAt(from);
        if (first < 128 && (lengthsByFirst[first] & (1L << Math.min(len - from, 63))) == 0) {
            return 0L;
        }
        int h = 0;
        for (int i = from; i < len; i++) {
            h = 31 * h + lowerWord.charAt(i);
        }
        if (!mayHold(h)) {
            return 0L;
        }
        return flagsOf(lowerWord.substring(from), h);
    }

    /** The bits of every set holding this lower-case word (0 for none). */
    long flagsOf(String lowerWord) {
        return flagsOf(lowerWord, lowerWord.hashCode());
    }

    /** As {@link #flagsOf(String)}, with the word's {@code hashCode()} already known. */
    long flagsOf(String lowerWord, int h) {
        if (impossible(lowerWord)) {
            return 0L;
        }
        long packedWord = packedShort(lowerWord);
        return packedWord != 0 ? shortFlags(packedWord, h) : longFlags(lowerWord, h);
    }

    /** Whether no entry has the word's first character and length, so it needs no look-up. */
    private boolean impossible(String lowerWord) {
        int len = lowerWord.length();
        return len > 0 && lowerWord.charAt(0) < 128
                && (lengthsByFirst[lowerWord.charAt(0)] & (1L << Math.min(len, 63))) == 0;
    }

    private long shortFlags(long packedWord, int h) {
        for (int slot = spread(h) & shortMask; ; slot = (slot + 1) & shortMask) {
            long k = shortTable[2 * slot];
            if (k == packedWord) {
                return shortTable[2 * slot + 1];
            }
            if (k == 0) {
                return 0L;
            }
        }
    }

    private long longFlags(String lowerWord, int h) {
        int len = lowerWord.length();
        for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
            long k = table[SLOT * slot];
            if (k == 0) {
                return 0L;
            }
            if ((int) (k >>> 32) == h && (int) (k & 0xFF) == len) {
                boolean same = len <= INLINE
                        ? table[SLOT * slot + 2] == packed(lowerWord, 0) && table[SLOT * slot + 3] == packed(lowerWord, 4)
                        : same(lowerWord, (int) ((k >>> 8) & MAX_POOL));
                if (same) {
                    return table[SLOT * slot + 1];
                }
            }
        }
    }

    private boolean same(String word, int offset) {
        for (int i = 0; i < word.length(); i++) {
            if (chars[offset + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
