package org.vigil.deidentify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds geographic units smaller than a state and named institutions: "City, ST", cities from a gazetteer,
 * places after "lives in" / "moved to", counties, streets named without a number, and hospitals, clinics,
 * schools and employers anchored on their generic word ("... Hospital", "University of ...", "works at ...").
 * States and countries are left in place: Safe Harbor allows them.
 */
public final class PlaceRecognizer implements Recognizer {

    static final String NAME = "place";

    private final WordList stateNames;
    private final WordList stateAbbreviations;
    private final WordList countries;
    private final WordList cities;
    private final WordList streetSuffixes;
    private final WordList vocabulary;
    private final WordList stopWords;
    private final List<String> placeContext;
    private final List<String> organizationContext;
    private final Map<String, PhiType> institutionWords;
    private final WordList connectors;
    private final WordList firstNames;
    private final WordList surnames;
    private final int longestCity;

    public PlaceRecognizer(Map<String, WordList> lists) {
        this.stateNames = lists.get("state-names");
        this.stateAbbreviations = lists.get("state-abbreviations");
        this.countries = lists.get("countries");
        this.cities = lists.get("cities");
        this.streetSuffixes = lists.get("street-suffixes");
        this.vocabulary = lists.get("safe-vocabulary");
        this.stopWords = lists.get("name-stopwords");
        this.placeContext = lower(lists.get("place-context").entries());
        this.organizationContext = lower(lists.get("organization-context").entries());
        this.connectors = lists.get("institution-connectors");
        this.firstNames = lists.get("first-names");
        this.surnames = lists.get("surnames");
        Map<String, PhiType> words = new HashMap<>();
        for (String entry : lists.get("institution-words").entries()) {
            String[] parts = entry.split("\t");
            words.put(parts[0].toLowerCase(Locale.ROOT), PhiType.parse(parts[1]));
        }
        this.institutionWords = Map.copyOf(words);
        int longest = 1;
        for (String c : cities.entries()) {
            longest = Math.max(longest, c.split(" ").length);
        }
        this.longestCity = longest;
    }

    private static List<String> lower(List<String> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        out.sort((a, b) -> b.length() - a.length());
        return List.copyOf(out);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        for (int i = 0; i < n; i++) {
            cityState(note, i, out);
            institution(note, i, out);
            county(note, i, out);
            street(note, i, out);
        }
        note.checkDeadline();
        gazetteer(note, out);
        afterContext(note, placeContext, PhiType.CITY, 0.75, out);
        afterContext(note, organizationContext, PhiType.ORGANIZATION, 0.75, out);
    }

    private boolean cap(NoteText note, int i) {
        NoteText.Shape s = note.shape(i);
        return s == NoteText.Shape.CAPITALIZED || (s == NoteText.Shape.UPPER && note.tokenEnd(i) - note.tokenStart(i) > 1);
    }

    private boolean spaceJoined(NoteText note, int a, int b) {
        String gap = note.gapBefore(b);
        return gap.equals(" ") || gap.equals("-");
    }

    /** "Springfield, IL", "Lake Placid, New York 12946": up to three capitalised tokens before ", ST". */
    private void cityState(NoteText note, int i, List<PhiSpan> out) {
        boolean abbreviation = note.shape(i) == NoteText.Shape.UPPER && stateAbbreviations.containsLower(note.lower(i))
                && note.tokenEnd(i) - note.tokenStart(i) == 2;
        boolean name = cap(note, i) && stateNames.containsLower(note.lower(i));
        if (!(abbreviation || name) || i == 0) {
            return;
        }
        String gap = note.gapBefore(i);
        if (!(gap.equals(", ") || gap.equals(","))) {
            return;
        }
        int k = i - 1;
        int first = -1;
        while (k >= 0 && i - k <= 3 && cap(note, k) && !stopWords.containsLower(note.lower(k))) {
            first = k;
            if (k == 0 || !spaceJoined(note, k - 1, k)) {
                break;
            }
            k--;
        }
        if (first >= 0) {
            out.add(new PhiSpan(PhiType.CITY, note.tokenStart(first), note.tokenEnd(i - 1), 0.85, NAME + "/city-state"));
        }
    }

    /** "Riverside General Hospital", "St. Mary's Medical Center", "University of Vermont", "Acme Corp". */
    private void institution(NoteText note, int i, List<PhiSpan> out) {
        PhiType type = institutionWords.get(note.lower(i));
        if (type == null || !cap(note, i)) {
            return;
        }
        int k = i - 1;
        int first = -1;
        int named = 0;
        while (k >= 0 && i - k <= 6) {
            if (!(cap(note, k) || connectors.containsLower(note.lower(k))) || !spaceJoinedOrDot(note, k, k + 1)) {
                break;
            }
            if (stopWords.containsLower(note.lower(k)) && !connectors.containsLower(note.lower(k))) {
                break;
            }
            if (cap(note, k) && !institutionWords.containsKey(note.lower(k)) && distinctive(note.lower(k))) {
                named++;
            }
            first = k;
            k--;
        }
        while (first >= 0 && first < i && connectors.containsLower(note.lower(first)) && !cap(note, first)) {
            first++;
        }
        int end = note.tokenEnd(i);
        // "University of Vermont", "Hospital of the Good Samaritan": a name after "of".
        int j = i + 1;
        if (j + 1 < note.tokenCount() && note.lower(j).equals("of") && spaceJoined(note, i, j)) {
            int k2 = j + 1;
            if (note.lower(k2).equals("the") && k2 + 1 < note.tokenCount()) {
                k2++;
            }
            int taken = 0;
            while (k2 < note.tokenCount() && taken < 3 && cap(note, k2) && spaceJoined(note, k2 - 1, k2)
                    && !stopWords.containsLower(note.lower(k2))) {
                end = note.tokenEnd(k2);
                if (distinctive(note.lower(k2))) {
                    named++;
                }
                taken++;
                k2++;
            }
        }
        if (named == 0) {
            return;
        }
        int start = first >= 0 && first < i ? note.tokenStart(first) : note.tokenStart(i);
        // "St." belongs to the name: include the period after an abbreviation that starts it.
        out.add(new PhiSpan(type, start, end, 0.8, NAME + "/institution"));
    }

    /** A word that makes an institution's name specific: not a plain word ("Community Hospital" is generic). */
    private boolean distinctive(String lower) {
        String w = NameRecognizer.stripPossessive(lower);
        return !vocabulary.containsLower(w) || firstNames.containsLower(w) || surnames.containsLower(w)
                || cities.containsLower(w) || stateNames.containsLower(w);
    }

    /** Adjacent within one name: a space, "&", a hyphen, or the period of "St." / "Mt." (not a sentence end). */
    private boolean spaceJoinedOrDot(NoteText note, int a, int b) {
        String gap = note.gapBefore(b);
        if (gap.equals(". ")) {
            String w = note.lower(a);
            return w.equals("st") || w.equals("mt") || w.equals("ft") || w.length() == 1;
        }
        return gap.equals(" ") || gap.equals("-") || gap.equals(" & ") || gap.equals("'");
    }

    /** "Middlesex County", "County of Kern". */
    private void county(NoteText note, int i, List<PhiSpan> out) {
        if (!note.lower(i).equals("county") && !note.lower(i).equals("parish") && !note.lower(i).equals("borough")) {
            return;
        }
        if (i > 0 && cap(note, i - 1) && spaceJoined(note, i - 1, i) && !stopWords.containsLower(note.lower(i - 1))) {
            int first = i - 1;
            if (first > 0 && cap(note, first - 1) && spaceJoined(note, first - 1, first)
                    && !stopWords.containsLower(note.lower(first - 1)) && !vocabulary.containsLower(note.lower(first - 1))) {
                first--;
            }
            out.add(new PhiSpan(PhiType.LOCATION_OTHER, note.tokenStart(first), note.tokenEnd(i), 0.85, NAME + "/county"));
        } else if (i + 2 < note.tokenCount() && note.lower(i + 1).equals("of") && cap(note, i + 2)) {
            out.add(new PhiSpan(PhiType.LOCATION_OTHER, note.tokenStart(i), note.tokenEnd(i + 2), 0.85, NAME + "/county"));
        }
    }

    /** "lives on Maple Street": a street named without a house number (numbered ones are patterns). */
    private void street(NoteText note, int i, List<PhiSpan> out) {
        if (!cap(note, i) || !streetSuffixes.containsLower(note.lower(i)) || i == 0 || note.lower(i).length() < 4) {
            return;
        }
        int k = i - 1;
        int first = -1;
        while (k >= 0 && i - k <= 3 && cap(note, k) && spaceJoined(note, k, k + 1) && !stopWords.containsLower(note.lower(k))) {
            first = k;
            k--;
        }
        if (first >= 0) {
            out.add(new PhiSpan(PhiType.STREET, note.tokenStart(first), note.tokenEnd(i), 0.7, NAME + "/street"));
        }
    }

    /** Cities of the gazetteer written with capitals; one that is also a common word needs ", ST" or context. */
    private void gazetteer(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        for (int i = 0; i < n; i++) {
            if (!cap(note, i)) {
                continue;
            }
            StringBuilder phrase = new StringBuilder(note.lower(i));
            int best = -1;
            for (int j = i; j < n && j - i < longestCity; j++) {
                if (j > i) {
                    if (!cap(note, j) || !spaceJoined(note, j - 1, j)) {
                        break;
                    }
                    phrase.append(' ').append(note.lower(j));
                }
                if (cities.containsLower(phrase.toString())) {
                    best = j;
                }
            }
            if (best < 0) {
                continue;
            }
            boolean ambiguous = best == i && (vocabulary.containsLower(note.lower(i)) || stopWords.containsLower(note.lower(i)));
            if (!ambiguous) {
                out.add(new PhiSpan(PhiType.CITY, note.tokenStart(i), note.tokenEnd(best), 0.7, NAME + "/gazetteer"));
            }
            i = best;
        }
    }

    /** "lives in Quincy", "works at Dunkin": capitalised tokens right after a context phrase. */
    private void afterContext(NoteText note, List<String> phrases, PhiType type, double score, List<PhiSpan> out) {
        String lower = note.lowerText();
        for (String phrase : phrases) {
            int at = lower.indexOf(phrase);
            while (at >= 0) {
                if (PatternRule.wholeWord(lower, phrase, at)) {
                    int p = at + phrase.length();
                    while (p < lower.length() && lower.charAt(p) == ' ') {
                        p++;
                    }
                    int k = note.tokenAtOrAfter(p);
                    if (k < note.tokenCount() && note.tokenStart(k) == p) {
                        if (note.lower(k).equals("the") && k + 1 < note.tokenCount()) {
                            k++;
                        }
                        int first = k;
                        int taken = 0;
                        while (k < note.tokenCount() && taken < 4 && cap(note, k) && !stopWords.containsLower(note.lower(k))
                                && (taken == 0 || spaceJoinedOrDot(note, k - 1, k))) {
                            taken++;
                            k++;
                        }
                        if (taken > 0 && !keptRegion(note, first, k)) {
                            out.add(new PhiSpan(type, note.tokenStart(first), note.tokenEnd(k - 1), score, NAME + "/context"));
                        }
                    }
                }
                at = lower.indexOf(phrase, at + 1);
            }
        }
    }

    /** States and countries stay in the text (Safe Harbor removes only units smaller than a state). */
    private boolean keptRegion(NoteText note, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int k = from; k < to; k++) {
            if (k > from) {
                b.append(' ');
            }
            b.append(note.lower(k));
        }
        String s = b.toString();
        return stateNames.containsLower(s) || countries.containsLower(s)
                || (to - from == 1 && stateAbbreviations.containsLower(s) && note.shape(from) == NoteText.Shape.UPPER);
    }
}
