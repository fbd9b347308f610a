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
        for (int t = 0; t < note.tokenCount(); t++) {
            List<Map.Entry<String, T>> candidates = byFirstToken.get(note.lower(t));
            if (candidates == null) {
                String l = note.lower(t);
                if (l.indexOf('-') < 0 && l.indexOf('\'') < 0 && l.indexOf('\u2019') < 0) {
                    continue;
                }
                candidates = byFirstToken.get(prefixWithin(note, t));
                if (candidates == null) {
                    continue;
                }
            }
            int start = note.tokenStart(t);
            for (Map.Entry<String, T> c : candidates) {
                String phrase = c.getKey();
                if (lower.startsWith(phrase, start) && PatternRule.wholeWord(lower, phrase, start)) {
                    hits.add(new Hit<>(start, start + phrase.length(), c.getValue()));
                }
            }
        }
        return hits;
    }

    /** A token glued to what follows by a hyphen or apostrophe ("co-signed") may start a shorter phrase ("co"). */
    private static String prefixWithin(NoteText note, int t) {
        String l = note.lower(t);
        int cut = 0;
        while (cut < l.length() && Character.isLetterOrDigit(l.charAt(cut))) {
            cut++;
        }
        return cut < l.length() ? l.substring(0, cut) : "";
    }
}
