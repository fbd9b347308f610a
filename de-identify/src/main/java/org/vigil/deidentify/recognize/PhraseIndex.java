package org.vigil.deidentify.recognize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a set of lower-case phrases ("signed by", "mr#", "member id") as whole words in a note in one pass over its
 * tokens: each phrase is looked up by the token it starts with, then compared in place. Written by hand (an
 * Aho-Corasick library would also do) because the phrases start at token boundaries, which makes a hash lookup per
 * token enough.
 *
 * @param <T> what each phrase carries (a name type, a rule), returned with each hit
 */
final class PhraseIndex<T> {

    /** One occurrence: {@code [start, end)} in the note, and the phrase's payload. */
    record Hit<T>(int start, int end, T value) {
    }

    /** Phrases grouped by their first token, longest first within a group; read for every note. */
    private final String[] firstTokens;
    private final String[][] phrasesByFirst;
    private final Object[][] valuesByFirst;

    PhraseIndex(Map<String, T> phrases) {
        Map<String, List<Map.Entry<String, T>>> byFirstToken = new HashMap<>();
        phrases.forEach((phrase, value) -> {
            String p = phrase.toLowerCase(Locale.ROOT);
            byFirstToken.computeIfAbsent(firstToken(p), k -> new ArrayList<>()).add(Map.entry(p, value));
        });
        // Longest first, so "electronically signed by" is tried before "signed".
        byFirstToken.values().forEach(l -> l.sort((a, b) -> b.getKey().length() - a.getKey().length()));
        int n = byFirstToken.size();
        firstTokens = new String[n];
        phrasesByFirst = new String[n][];
        valuesByFirst = new Object[n][];
        int i = 0;
        for (Map.Entry<String, List<Map.Entry<String, T>>> e : byFirstToken.entrySet()) {
            firstTokens[i] = e.getKey();
            phrasesByFirst[i] = e.getValue().stream().map(Map.Entry::getKey).toArray(String[]::new);
            valuesByFirst[i] = e.getValue().stream().map(Map.Entry::getValue).toArray();
            i++;
        }
    }

    static PhraseIndex<Boolean> of(List<String> phrases) {
        Map<String, Boolean> m = new HashMap<>();
        phrases.forEach(p -> m.put(p, Boolean.TRUE));
        return new PhraseIndex<>(m);
    }

    /** The first token of a phrase as {@link NoteText} tokenises ("driver's license" starts with "driver's"). */
    static String firstToken(String phrase) {
        int i = 0;
        while (i < phrase.length() && (Character.isLetterOrDigit(phrase.charAt(i))
                || ((phrase.charAt(i) == '\'' || phrase.charAt(i) == '-') && i > 0 && i + 1 < phrase.length()
                && Character.isLetter(phrase.charAt(i - 1)) && Character.isLetter(phrase.charAt(i + 1))))) {
            i++;
        }
        return phrase.substring(0, i);
    }

    /** Every whole-word occurrence; at one position every matching phrase is reported, longest first. */
    List<Hit<T>> find(NoteText note) {
        List<Hit<T>> hits = new ArrayList<>();
        String lower = note.lowerText();
        for (int f = 0; f < firstTokens.length; f++) {
            int w = note.wordIndex(firstTokens[f]);
            if (w < 0) {
                continue;
            }
            String[] phrases = phrasesByFirst[f];
            for (int k = 0, n = note.occurrenceCount(w); k < n; k++) {
                int start = note.tokenStart(note.occurrence(w, k));
                for (int c = 0; c < phrases.length; c++) {
                    String phrase = phrases[c];
                    if (lower.startsWith(phrase, start) && PatternRule.wholeWord(lower, phrase, start)) {
                        @SuppressWarnings("unchecked")
                        T value = (T) valuesByFirst[f][c];
                        hits.add(new Hit<>(start, start + phrase.length(), value));
                    }
                }
            }
        }
        if (hits.size() < 2) {
            return hits;
        }
        return sorted(hits);
    }

    /**
     * The hits by start, then longest first, in their found order where both agree (a stable sort): sorted as packed
     * longs (start, 0x7FFF minus length, index), without the comparator calls of a list sort, where all three fit.
     */
    static <T> List<Hit<T>> sorted(List<Hit<T>> hits) {
        int n = hits.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            Hit<T> h = hits.get(i);
            int length = h.end() - h.start();
            if (h.start() >= 1 << 26 || length < 0 || length > 0x7FFF || n > 1 << 22) {
                hits.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : b.end() - a.end());
                return hits;
            }
            keys[i] = ((long) h.start() << 37) | ((long) (0x7FFF - length) << 22) | i;
        }
        java.util.Arrays.sort(keys);
        List<Hit<T>> out = new ArrayList<>(n);
        for (long k : keys) {
            out.add(hits.get((int) (k & ((1 << 22) - 1))));
        }
        return out;
    }

}
