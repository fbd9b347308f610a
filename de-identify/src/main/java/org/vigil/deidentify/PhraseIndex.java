package org.vigil.deidentify;

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

    private final Map<String, List<Map.Entry<String, T>>> byFirstToken = new HashMap<>();

    PhraseIndex(Map<String, T> phrases) {
        phrases.forEach((phrase, value) -> {
            String p = phrase.toLowerCase(Locale.ROOT);
            byFirstToken.computeIfAbsent(firstToken(p), k -> new ArrayList<>()).add(Map.entry(p, value));
        });
        // Longest first, so "electronically signed by" is tried before "signed".
        byFirstToken.values().forEach(l -> l.sort((a, b) -> b.getKey().length() - a.getKey().length()));
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
        for (Map.Entry<String, List<Map.Entry<String, T>>> first : byFirstToken.entrySet()) {
            for (int t : note.occurrences(first.getKey())) {
                int start = note.tokenStart(t);
                for (Map.Entry<String, T> c : first.getValue()) {
                    String phrase = c.getKey();
                    if (lower.startsWith(phrase, start) && PatternRule.wholeWord(lower, phrase, start)) {
                        hits.add(new Hit<>(start, start + phrase.length(), c.getValue()));
                    }
                }
            }
        }
        hits.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : b.end() - a.end());
        return hits;
    }

}
