package org.vigil.inference.rules;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Every word some rule mentions, in an open-addressing table looked up straight from the note's characters: a note
 * token that is not in it cannot match any literal, so it needs no lower-cased copy and no hash-map probe.
 *
 * <p>Written by hand: a HashMap lookup needs a String key, i.e. one allocation per token of every note.
 */
final class Vocabulary {

    private static volatile String[] table = new String[1];
    private static final Set<String> WORDS = new HashSet<>();

    private Vocabulary() {
    }

    /** Adds words (lower-cased rule literals). */
    static synchronized void addAll(Collection<String> words) {
        if (WORDS.containsAll(words)) {
            return;
        }
        WORDS.addAll(words);
        int size = Integer.highestOneBit(Math.max(4, WORDS.size() * 3)) << 1;
        String[] t = new String[size];
        for (String w : WORDS) {
            int i = mix(w.hashCode()) & (size - 1);
            while (t[i] != null) {
                i = (i + 1) & (size - 1);
            }
            t[i] = w;
        }
        table = t;
    }

    /** The vocabulary word equal to text[start, end) lower-cased, or null. */
    static String lookup(String text, int start, int end) {
        int h = 0;
        for (int k = start; k < end; k++) {
            h = 31 * h + lower(text.charAt(k));
        }
        String[] t = table;
        int mask = t.length - 1;
        int i = mix(h) & mask;
        int len = end - start;
        String w;
        while ((w = t[i]) != null) {
            if (w.length() == len && same(w, text, start)) {
                return w;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static boolean same(String w, String text, int start) {
        for (int k = 0; k < w.length(); k++) {
            if (w.charAt(k) != lower(text.charAt(start + k))) {
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

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }
}
