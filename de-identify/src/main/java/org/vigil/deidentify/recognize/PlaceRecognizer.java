package org.vigil.deidentify.recognize;

import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

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
    private final PhraseIndex<Boolean> placeContext;
    private final PhraseIndex<Boolean> organizationContext;
    private final Map<String, PhiType> institutionWords;
    private final WordList connectors;
    private final WordList firstNames;
    private final WordList surnames;
    private final WordList qualifiers;
    private final WordList trailingNouns;
    private final WordList departmentAcronyms;
    private final WordList organizations;
    private final Map<String, Boolean> landmarkSuffix;
    private final Map<String, Boolean> landmarkPrefix;
    private final int longestOrganization;
    private final int longestCity;
    private final WordList weakInstitutionWords;
    private final WordList namedUnitWords;
    private final WordList compassPoints;
    private final WordList policeWords;
    private final WordList countyWords;
    private final WordList organizationPrepositions;
    private final WordList placePrepositions;
    private final WordList unitPrepositions;
    private final WordList unitFollowers;

    /** The lists' bits in the shared lexicon (see {@link NoteText#flags}). */
    private final Lexicon lexicon;
    private final long stateNamesBit;
    private final long stateAbbreviationsBit;
    private final long countriesBit;
    private final long citiesBit;
    private final long streetSuffixesBit;
    private final long vocabularyBit;
    private final long stopWordsBit;
    private final long connectorsBit;
    private final long firstNamesBit;
    private final long surnamesBit;
    private final long qualifiersBit;
    private final long trailingNounsBit;
    private final long departmentAcronymsBit;
    private final long stateFirstTokenBit;
    private final long cityFirstTokenBit;
    private final long organizationFirstTokenBit;
    private final long institutionWordBit;
    private final long landmarkWordBit;
    private final long organizationBit;
    /** A spelling dictionary's words (0 where the lexicon lacks them), the real population's names, and lists. */
    private final long dictionaryBit;
    private final long populationFirstBit;
    private final long careSettingsBit;
    private final long exclusionBit;
    private final long partsBit;
    private final PhraseIndex<Boolean> institutionContext;

    public PlaceRecognizer(Map<String, WordList> lists) {
        this(lists, Lexicon.of(lists));
    }

    public PlaceRecognizer(Map<String, WordList> lists, Lexicon lexicon) {
        this.lexicon = lexicon;
        this.stateNamesBit = lexicon.bit("state-names");
        this.stateAbbreviationsBit = lexicon.bit("state-abbreviations");
        this.countriesBit = lexicon.bit("countries");
        this.citiesBit = lexicon.bit("cities");
        this.streetSuffixesBit = lexicon.bit("street-suffixes");
        this.vocabularyBit = lexicon.bit("safe-vocabulary");
        this.stopWordsBit = lexicon.bit("name-stopwords");
        this.connectorsBit = lexicon.bit("institution-connectors");
        this.firstNamesBit = lexicon.bit("first-names");
        this.surnamesBit = lexicon.bit("surnames");
        this.qualifiersBit = lexicon.bit("institution-qualifiers");
        this.trailingNounsBit = lexicon.bit("trailing-place-nouns");
        this.departmentAcronymsBit = lexicon.bit("department-acronyms");
        this.stateFirstTokenBit = lexicon.bit("first-token:state-names");
        this.cityFirstTokenBit = lexicon.bit("first-token:cities");
        this.organizationFirstTokenBit = lexicon.bit("first-token:well-known-organizations");
        this.institutionWordBit = lexicon.bit("key:institution-words");
        this.landmarkWordBit = lexicon.bit("key:landmark-words");
        this.organizationBit = lexicon.bit("well-known-organizations");
        this.dictionaryBit = lexicon.bitIfPresent("english-dictionary");
        this.populationFirstBit = lexicon.bitIfPresent("population-names");
        this.careSettingsBit = lexicon.bit("care-settings");
        this.exclusionBit = lexicon.bit("name-slot-exclusions");
        this.partsBit = lexicon.bit("place-name-parts");
        this.institutionContext = PhraseIndex.of(lists.get("institution-context").entries());
        this.stateNames = lists.get("state-names");
        this.stateAbbreviations = lists.get("state-abbreviations");
        this.countries = lists.get("countries");
        this.cities = lists.get("cities");
        this.streetSuffixes = lists.get("street-suffixes");
        this.vocabulary = lists.get("safe-vocabulary");
        this.stopWords = lists.get("name-stopwords");
        this.placeContext = PhraseIndex.of(lists.get("place-context").entries());
        this.organizationContext = PhraseIndex.of(lists.get("organization-context").entries());
        this.connectors = lists.get("institution-connectors");
        this.firstNames = lists.get("first-names");
        this.surnames = lists.get("surnames");
        this.qualifiers = lists.get("institution-qualifiers");
        this.trailingNouns = lists.get("trailing-place-nouns");
        this.departmentAcronyms = lists.get("department-acronyms");
        this.organizations = lists.get("well-known-organizations");
        Map<String, Boolean> suffix = new HashMap<>();
        Map<String, Boolean> prefix = new HashMap<>();
        for (String entry : lists.get("landmark-words").entries()) {
            String[] parts = entry.split("\t");
            (parts[1].equals("prefix") ? prefix : suffix).put(parts[0].toLowerCase(Locale.ROOT), true);
        }
        this.landmarkSuffix = Map.copyOf(suffix);
        this.landmarkPrefix = Map.copyOf(prefix);
        int longestOrg = 1;
        for (String o : organizations.entries()) {
            longestOrg = Math.max(longestOrg, o.split(" ").length);
        }
        this.longestOrganization = longestOrg;
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
        this.weakInstitutionWords = lists.get("weak-institution-words");
        this.namedUnitWords = lists.get("named-unit-words");
        this.compassPoints = lists.get("compass-points");
        this.policeWords = lists.get("police-words");
        this.countyWords = lists.get("county-words");
        this.organizationPrepositions = lists.get("organization-prepositions");
        this.placePrepositions = lists.get("place-prepositions");
        this.unitPrepositions = lists.get("unit-prepositions");
        this.unitFollowers = lists.get("unit-followers");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        boolean[] police = note.tokensIn(policeWords.lowerCaseEntries());
        boolean[] county = note.tokensIn(countyWords.lowerCaseEntries());
        for (int i = 0; i < n; i++) {
            cityState(note, i, out);
            institution(note, i, out);
            landmark(note, i, out);
            if (county[i]) {
                county(note, i, out);
            }
            street(note, i, out);
            if (police[i]) {
                police(note, i, out);
            }
            if (note.caseShape(i) == NoteText.Shape.UPPER && is(note, i, departmentAcronymsBit)
                    && (note.caseless() || departmentAcronyms.entries().contains(note.token(i)))) {
                out.add(new PhiSpan(PhiType.DEPARTMENT, note.tokenStart(i), note.tokenEnd(i), 0.7, NAME + "/department"));
            }
        }
        note.checkDeadline();
        saints(note, out);
        afterInstitutionContext(note, out);
        afterPlacePreposition(note, out);
        gazetteer(note, out);
        knownOrganizations(note, out);
        afterPreposition(note, out);
        afterContext(note, placeContext, PhiType.CITY, 0.75, out);
        afterContext(note, organizationContext, PhiType.ORGANIZATION, 0.75, out);
    }

    private boolean cap(NoteText note, int i) {
        NoteText.Shape s = note.caseShape(i);
        return s == NoteText.Shape.CAPITALIZED || (s == NoteText.Shape.UPPER && note.tokenEnd(i) - note.tokenStart(i) > 1);
    }

    private boolean spaceJoined(NoteText note, int a, int b) {
        String gap = note.gapBefore(b);
        return gap.equals(" ") || gap.equals("-");
    }

    /** A space or a line wrap before token {@code b}: a place after "in" may start the next line of a wrapped note. */
    private static boolean spaceOrWrap(NoteText note, int b) {
        String gap = note.gapBefore(b);
        return gap.equals(" ") || gap.equals("\n") || gap.equals(" \n") || gap.equals("\r\n") || gap.equals(" \r\n");
    }

    /** "Springfield, IL", "Lake Placid, New York 12946": up to three capitalised tokens before ", ST". */
    private void cityState(NoteText note, int i, List<PhiSpan> out) {
        boolean abbreviation = note.caseShape(i) == NoteText.Shape.UPPER && is(note, i, stateAbbreviationsBit)
                && note.tokenEnd(i) - note.tokenStart(i) == 2;
        int stateEnd = i;
        boolean name = cap(note, i) && is(note, i, stateNamesBit);
        if (!name && cap(note, i) && is(note, i, stateFirstTokenBit) && i + 1 < note.tokenCount() && spaceJoined(note, i, i + 1)
                && stateNames.containsLower(note.lower(i) + " " + note.lower(i + 1))) {
            name = true;
            stateEnd = i + 1;
        }
        if (!(abbreviation || name) || i == 0) {
            return;
        }
        String gap = note.gapBefore(i);
        if (!(gap.equals(", ") || gap.equals(","))) {
            return;
        }
        int k = i - 1;
        int first = -1;
        while (k >= 0 && i - k <= 3 && cap(note, k) && !is(note, k, stopWordsBit)) {
            first = k;
            if (k == 0 || !spaceJoined(note, k - 1, k)) {
                break;
            }
            k--;
        }
        // "SI, HI" and "OVERDOSES, IN": a city is neither an abbreviation nor an ordinary word (unless a known city).
        // A ZIP code after the state settles it ("Hope, AR 71801").
        boolean plausible = stateEnd + 1 < note.tokenCount() && note.caseShape(stateEnd + 1) == NoteText.Shape.DIGITS
                && note.tokenEnd(stateEnd + 1) - note.tokenStart(stateEnd + 1) == 5;
        // ..."from Hope, AR": a preposition of place before "City, ST" settles it too.
        plausible |= first > 0 && placePrepositions.containsLower(note.lower(first - 1));
        for (int c = Math.max(first, 0); first >= 0 && c < i; c++) {
            String w = note.lower(c);
            // Without capitals "kaminski, ok" and "pain in, me" are no city and state: only a known city is.
            if (is(note, c, citiesBit) || (!note.caseless() && !is(note, c, vocabularyBit)
                    && !(note.caseShape(c) == NoteText.Shape.UPPER && w.length() <= 3))) {
                plausible = true;
            }
        }
        if (first >= 0 && plausible) {
            out.add(new PhiSpan(PhiType.CITY, note.tokenStart(first), note.tokenEnd(i - 1), 0.85, NAME + "/city-state"));
        }
    }

    /**
     * "Riverside General Hospital", "St. Mary's Medical Center", "University of Vermont", "Dual Diagnosis Unit 3",
     * "Acme Plumbing": capitalised words before a generic institution word, at least one of them specific (or two
     * for a hospital unit, whose names are made of generic words).
     */
    private void institution(NoteText note, int i, List<PhiSpan> out) {
        if (!cap(note, i) || !is(note, i, institutionWordBit)) {
            return;
        }
        PhiType type = institutionWords.get(note.lower(i));
        if (type == null) {
            return;
        }
        int k = i - 1;
        int first = -1;
        int named = 0;
        int capitals = 0;
        int specificWords = 0;
        while (k >= 0 && i - k <= 6) {
            if (!(cap(note, k) || is(note, k, connectorsBit)) || !spaceJoinedOrDot(note, k, k + 1)) {
                break;
            }
            if (is(note, k, stopWordsBit) && !is(note, k, connectorsBit)) {
                break;
            }
            if (cap(note, k)) {
                capitals++;
                boolean strict = note.caseless() || weakInstitutionWords.containsLower(note.lower(i));
                if (!institutionWords.containsKey(note.lower(k))
                        && (strict ? distinctiveAt(note, (k)) : specificAt(note, (k)))) {
                    named++;
                }
                if (!institutionWords.containsKey(note.lower(k)) && specificAt(note, (k))) {
                    specificWords++;
                }
            }
            first = k;
            k--;
        }
        while (first >= 0 && first < i && is(note, first, connectorsBit) && !cap(note, first)) {
            first++;
        }
        int last = i;
        // "University of Vermont", "Hospital of the Good Samaritan": a name after "of".
        int j = i + 1;
        if (j + 1 < note.tokenCount() && note.lower(j).equals("of") && spaceJoined(note, i, j)) {
            int k2 = j + 1;
            if (note.lower(k2).equals("the") && k2 + 1 < note.tokenCount()) {
                k2++;
            }
            int taken = 0;
            while (k2 < note.tokenCount() && taken < 3 && cap(note, k2) && spaceJoined(note, k2 - 1, k2)
                    && !is(note, k2, stopWordsBit)) {
                // "unit of PRBC", "units of FFP": after a unit's word only a ward's name makes a place, not a product.
                if (type == PhiType.DEPARTMENT && !wardNameAt(note, k2)) {
                    break;
                }
                last = k2;
                if (specificAt(note, (k2))) {
                    named++;
                }
                taken++;
                k2++;
            }
        }
        int slot = note.caseless() && first >= 0 && first < i ? departmentSlot(note, first, i, type == PhiType.DEPARTMENT) : -1;
        int coded = type == PhiType.DEPARTMENT || type == PhiType.HOSPITAL ? unitCode(note, last) : last;
        // Hospital units are named with generic words: "Behavioral Health Unit 5B", "Geriatric Psychiatry".
        boolean namedUnit = namedUnitWords.containsLower(note.lower(i));
        boolean unit = type == PhiType.DEPARTMENT && (coded > last
                || (!note.caseless() && (capitals >= 2 || (capitals >= 1 && namedUnit)))
                || (note.caseless() && slot >= 0 && (capitals >= 2 || (capitals >= 1 && namedUnit))));
        // "AT PINE RIDGE PSYCHIATRIC HOSPITAL": in capitals, ordinary words named in a place's slot.
        if (note.caseless() && type == PhiType.HOSPITAL && specificWords >= 1 && i - slot >= 2 && slot >= 0) {
            named++;
        }
        if (slot > first) {
            first = slot; // the preposition or words before the parenthesis are not part of the name
        }
        if (named == 0 && !unit) {
            return;
        }
        last = coded;
        int start = first >= 0 && first < i ? first : i;
        emit(note, start, last, type, 0.8, "institution", out);
    }

    /**
     * In an all-capital note capitals say nothing, so a unit named with generic words ("ADDICTION MEDICINE CONSULT
     * SERVICE") counts only where a unit's name stands: in parentheses, a header field after "|" (or a label's colon,
     * for a unit), or after "in", "to", "at", "from" or "on", and ending the phrase (followed by ")", punctuation, the end of a
     * line or its room, not by more words). Returns the first token of the name, or -1.
     */
    private int departmentSlot(NoteText note, int first, int last, boolean afterLabel) {
        if (last + 1 < note.tokenCount() && note.gapBefore(last + 1).equals(" ")
                && !unitFollowers.containsLower(note.lower(last + 1))) {
            return -1;
        }
        for (int f = first; f < last; f++) {
            String before = note.gapBefore(f);
            if (before.endsWith("(") || before.endsWith("| ") || before.endsWith("|") || (afterLabel && before.endsWith(": "))
                    || (f > 0 && (before.equals(" ") || before.equals("\n"))
                    && unitPrepositions.containsLower(note.lower(f - 1)))) {
                return f;
            }
        }
        return -1;
    }

    /** Whether token {@code first} follows a preposition of place, with or without "the" ("AT X", "IN THE X"). */
    private boolean placeSlot(NoteText note, int first) {
        if (first == 0 || !note.gapBefore(first).equals(" ")) {
            return false;
        }
        int p = first - 1;
        if (note.lower(p).equals("the") && p > 0 && note.gapBefore(p).equals(" ")) {
            p--;
        }
        return unitPrepositions.containsLower(note.lower(p));
    }

    /** "Unit 5B", "Unit 3 North": the code after a unit's name. */
    private int unitCode(NoteText note, int last) {
        int k = last + 1;
        if (k < note.tokenCount() && spaceJoined(note, last, k) && note.tokenEnd(k) - note.tokenStart(k) <= 4
                && (note.caseShape(k) == NoteText.Shape.DIGITS || note.caseShape(k) == NoteText.Shape.MIXED)) {
            last = k;
            if (k + 1 < note.tokenCount() && spaceJoined(note, k, k + 1)
                    && compassPoints.containsLower(note.lower(k + 1))) {
                last = k + 1;
            }
        }
        return last;
    }

    /** Emits tokens {@code [first, last]}, with a preceding "the" and following generic place nouns. */
    private void emit(NoteText note, int first, int last, PhiType type, double score, String rule, List<PhiSpan> out) {
        int start = first;
        if (first > 0 && note.lower(first - 1).equals("the") && spaceJoined(note, first - 1, first)) {
            start = first - 1;
        }
        int end = last;
        for (int k = last + 1; k < note.tokenCount() && k - last <= 2 && spaceJoined(note, k - 1, k)
                && note.caseShape(k) == NoteText.Shape.LOWER && is(note, k, trailingNounsBit); k++) {
            end = k;
        }
        int endOffset = note.tokenEnd(end);
        String t = note.lower(end);
        if (t.endsWith("'s") && end == last && type != PhiType.HOSPITAL) {
            endOffset -= 2;
        }
        out.add(new PhiSpan(type, note.tokenStart(start), endOffset, score, NAME + "/" + rule));
    }

    /** "Union Station", "Golden Gate Bridge", "Lake Merritt", "Fort Bragg". */
    private void landmark(NoteText note, int i, List<PhiSpan> out) {
        if (!cap(note, i)) {
            return;
        }
        if (!is(note, i, landmarkWordBit)) {
            return;
        }
        String w = note.lower(i);
        if (landmarkSuffix.containsKey(w) && i > 0) {
            int k = i - 1;
            int first = -1;
            int named = 0;
            while (k >= 0 && i - k <= 3 && cap(note, k) && spaceJoinedOrDot(note, k, k + 1)
                    && !is(note, k, stopWordsBit)) {
                if (note.caseless() ? distinctiveAt(note, (k)) : specificAt(note, (k))) {
                    named++;
                }
                first = k;
                k--;
            }
            // In capitals, "AT MILL CREEK TRAILHEAD", "IN THE CENTRAL PARK AREA": ordinary words in a place's slot.
            boolean slotted = note.caseless() && first >= 0 && placeSlot(note, first)
                    && specificAt(note, (first));
            if (first >= 0 && (named > 0 || slotted)) {
                emit(note, first, i, PhiType.LOCATION_OTHER, 0.7, "landmark", out);
            }
        }
        if (landmarkPrefix.containsKey(w) && i + 1 < note.tokenCount() && spaceJoinedOrDot(note, i, i + 1)
                && cap(note, i + 1) && !is(note, i + 1, stopWordsBit)
                && (note.caseless() ? distinctiveAt(note, (i + 1)) : specificAt(note, (i + 1)))) {
            int last = i + 1;
            if (last + 1 < note.tokenCount() && spaceJoined(note, last, last + 1) && cap(note, last + 1)
                    && !is(note, last + 1, stopWordsBit) && !is(note, last + 1, vocabularyBit)) {
                last++;
            }
            emit(note, i, last, PhiType.LOCATION_OTHER, 0.7, "landmark", out);
        }
    }

    /** "Mesa police", "Cambridge PD": the town a police force is named after (token {@code i} is a police word). */
    private void police(NoteText note, int i, List<PhiSpan> out) {
        if (i == 0) {
            return;
        }
        int k = i - 1;
        if (cap(note, k) && spaceJoined(note, k, i) && !is(note, k, stopWordsBit)
                && !is(note, k, qualifiersBit) && !is(note, k, stateNamesBit)) {
            int first = k;
            if (k > 0 && cap(note, k - 1) && spaceJoined(note, k - 1, k) && !is(note, k - 1, stopWordsBit)
                    && !is(note, k - 1, vocabularyBit)) {
                first = k - 1;
            }
            out.add(new PhiSpan(PhiType.CITY, note.tokenStart(first), note.tokenEnd(k), 0.7, NAME + "/police"));
        }
    }

    /** Well-known employers and agencies; those that are also common words need "at", "for", "with" or "from". */
    private void knownOrganizations(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        for (int i = 0; i < n; i++) {
            if (!cap(note, i) || !is(note, i, organizationFirstTokenBit)) {
                continue;
            }
            // The token alone is looked up by its lexicon bit; a phrase is built only for longer entries.
            StringBuilder phrase = null;
            int best = is(note, i, organizationBit) ? i : -1;
            for (int j = i + 1; j < n && j - i < longestOrganization; j++) {
                if (!spaceJoinedOrDot(note, j - 1, j)) {
                    break;
                }
                if (phrase == null) {
                    phrase = new StringBuilder(note.lower(i));
                }
                phrase.append(note.gapBefore(j).equals("-") ? "-" : " ").append(note.lower(j));
                if (organizations.containsLower(phrase.toString())) {
                    best = j;
                }
            }
            if (best < 0) {
                continue;
            }
            boolean ambiguous = best == i && is(note, i, vocabularyBit);
            String prev = i > 0 ? note.lower(i - 1) : "";
            if (!ambiguous || organizationPrepositions.containsLower(prev)) {
                emit(note, i, best, PhiType.ORGANIZATION, 0.75, "organization", out);
            }
            i = best;
        }
    }

    /**
     * "facility in Gallup", "video from Mesa": a capitalised word that is neither a known word nor a name, right after
     * a preposition of place, is taken for a place.
     */
    private void afterPreposition(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        boolean[] prepositions = note.tokensIn(placePrepositions.lowerCaseEntries());
        for (int i = 0; i + 1 < n; i++) {
            if (!prepositions[i] || !spaceOrWrap(note, i + 1)) {
                continue;
            }
            int k = i + 1;
            int first = k;
            boolean city = false;
            while (k < n && k - first < 3 && cap(note, k) && (k == first || spaceJoined(note, k - 1, k))) {
                String w = note.lower(k);
                boolean known = is(note, k, vocabularyBit) || is(note, k, stopWordsBit);
                boolean gazetteer = is(note, k, citiesBit);
                if ((known && !gazetteer) || (note.caseShape(k) == NoteText.Shape.UPPER && w.length() < 5 && !gazetteer)
                        || (note.caseless() && !gazetteer)) {
                    break;
                }
                city |= gazetteer;
                k++;
            }
            if (k > first && !keptRegion(note, first, k)) {
                out.add(new PhiSpan(city ? PhiType.CITY : PhiType.LOCATION_OTHER, note.tokenStart(first),
                        note.tokenEnd(k - 1), 0.55, NAME + "/preposition"));
            }
        }
    }

    /** Whether token {@code k} makes an institution's name specific: not a generic qualifier ("Community Hospital"). */
    private boolean specificAt(NoteText note, int k) {
        return (note.normFlags(lexicon)[k] & (qualifiersBit | stopWordsBit)) == 0 && !note.contraction(k);
    }

    /**
     * Whether token {@code k}, after "of", can name a ward ("Unit of St. Joseph"): no ordinary or medical word (a
     * blood product, a drug) and no short capital abbreviation ("PRBC", "FFP") unless a name or city list holds it.
     */
    private boolean wardNameAt(NoteText note, int k) {
        long f = note.normFlags(lexicon)[k];
        boolean known = (f & (firstNamesBit | surnamesBit | populationFirstBit | citiesBit)) != 0;
        if (ordinary(f) || (note.shape(k) == NoteText.Shape.UPPER && note.tokenEnd(k) - note.tokenStart(k) <= 5 && !known)) {
            return false;
        }
        return !note.contraction(k);
    }

    /** Whether token {@code k} names something by itself: not an ordinary word, or a known name or city. */
    private boolean distinctiveAt(NoteText note, int k) {
        long f = note.normFlags(lexicon)[k];
        if (note.contraction(k)) {
            return false;
        }
        if (note.caseless()) {
            // Without capitals a name or city that is also a word ("may", "mobile") names nothing by itself.
            return (f & (qualifiersBit | stopWordsBit | exclusionBit | careSettingsBit)) == 0
                    && (!ordinary(f) || (f & citiesBit) != 0);
        }
        return (f & (qualifiersBit | stopWordsBit)) == 0
                && ((f & vocabularyBit) == 0 || (f & (firstNamesBit | surnamesBit | citiesBit)) != 0);
    }

    /** An ordinary word: the safe vocabulary's, or the dictionary's unless a curated name list holds it. */
    private boolean ordinary(long f) {
        return (f & vocabularyBit) != 0 || ((f & dictionaryBit) != 0 && (f & (firstNamesBit | surnamesBit)) == 0);
    }

    private boolean ordinaryAt(NoteText note, int k) {
        return ordinary(note.normFlags(lexicon)[k]);
    }

    /**
     * A word that, read without its case, can only be a proper name: letters, no ordinary word, stop word, generic
     * care setting ("osh", "micu") or state; "kernan", "catonsville", "vamc".
     */
    private boolean placeWord(NoteText note, int k) {
        NoteText.Shape sh = note.shape(k);
        if (!(sh == NoteText.Shape.LOWER || sh == NoteText.Shape.UPPER || sh == NoteText.Shape.CAPITALIZED)
                || note.tokenEnd(k) - note.tokenStart(k) < 2) {
            return false;
        }
        long f = note.normFlags(lexicon)[k];
        return !ordinary(f) && !note.contraction(k) && (f & (stopWordsBit | careSettingsBit | exclusionBit | stateNamesBit
                | stateAbbreviationsBit | countriesBit | qualifiersBit)) == 0 && !is(note, k, institutionWordBit);
    }

    /** Whether token {@code k}'s case says nothing about it: a caseless note, or a word in lower case. */
    private static boolean blind(NoteText note, int k) {
        return note.caseless() || note.shape(k) == NoteText.Shape.LOWER;
    }

    /**
     * "St. Agnes", "saint jude", "Holy Cross", "mt. sinai": a saint's or holy name is a hospital's (or a church's,
     * a school's) in any case; after "st" only a first name that is no ordinary word ("st elevation" stays).
     */
    private void saints(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        for (int i = 0; i + 1 < n; i++) {
            String w = note.lower(i);
            boolean holy = w.equals("holy");
            boolean saint = w.equals("st") || w.equals("saint") || w.equals("mt") || w.equals("mount");
            if (!(holy || saint) || !(blind(note, i) || cap(note, i)) || !spaceJoinedOrDot(note, i, i + 1)) {
                continue;
            }
            int k = i + 1;
            if (!(blind(note, k) || cap(note, k)) || is(note, k, stopWordsBit) || is(note, k, careSettingsBit)) {
                continue;
            }
            long f = note.normFlags(lexicon)[k];
            boolean named = holy ? !is(note, k, institutionWordBit) && note.tokenEnd(k) - note.tokenStart(k) >= 3
                    : (f & (firstNamesBit | populationFirstBit | surnamesBit)) != 0 && (f & vocabularyBit) == 0
                    || placeWord(note, k);
            if (!named || (!cap(note, k) && !blind(note, k))) {
                continue;
            }
            out.add(new PhiSpan(PhiType.HOSPITAL, note.tokenStart(i), note.tokenEnd(k), 0.75, NAME + "/saint"));
        }
    }

    /**
     * Where case says nothing, after "at", "to" or "from": "union memorial", "mass general", "mercy medical center",
     * "suburban hospital" (a word before "memorial", "general", "regional", "hospital" or "medical center", even an
     * ordinary one, but no stop word or generic setting: "to the hospital", "at outside hospital" stay); and a town
     * after "from" that no list reads as a word ("pt from pikesville").
     */
    private void afterPlacePreposition(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        for (int p = 0; p + 1 < n; p++) {
            String w = note.lower(p);
            if (!(w.equals("at") || w.equals("to") || w.equals("from")) || !spaceOrWrap(note, p + 1)) {
                continue;
            }
            int k = p + 1;
            if (!blind(note, k) || note.shape(k) == NoteText.Shape.DIGITS || note.shape(k) == NoteText.Shape.MIXED
                    || is(note, k, stopWordsBit) || is(note, k, careSettingsBit) || is(note, k, qualifiersBit)
                    || is(note, k, institutionWordBit) || k + 1 >= n) {
                continue;
            }
            String next = note.lower(k + 1);
            int last = -1;
            if (spaceJoined(note, k, k + 1) && blind(note, k + 1)) {
                if (next.equals("memorial") || next.equals("general") || next.equals("regional") || next.equals("hospital")) {
                    last = k + 1;
                } else if (next.equals("medical") && k + 2 < n && note.lower(k + 2).equals("center")) {
                    last = k + 2;
                }
            }
            if (last > 0) {
                while (last + 1 < n && spaceJoined(note, last, last + 1) && blind(note, last + 1)
                        && (note.lower(last + 1).equals("hospital") || note.lower(last + 1).equals("medical")
                        || note.lower(last + 1).equals("center"))) {
                    last++;
                }
                out.add(new PhiSpan(PhiType.HOSPITAL, note.tokenStart(k), note.tokenEnd(last), 0.7, NAME + "/named-hospital"));
            } else if (w.equals("from") && placeWord(note, k) && note.lower(k).length() >= 5) {
                blindAfterContext(note, k, PhiType.CITY, 0.6, out);
            }
        }
    }

    /**
     * "transferred from GH", "sent to VAMC", "d/c to kernan", "hospitalized at keswick": after a phrase of transfer
     * or stay, an abbreviation in capitals (in a note with case) or a word that can only be a name, not a generic
     * setting ("from OSH", "to MICU"); with the institution words after it ("holy cross rehab" is left to others).
     */
    private void afterInstitutionContext(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        for (PhraseIndex.Hit<Boolean> hit : institutionContext.find(note)) {
            int k = note.tokenAtOrAfter(hit.end());
            if (k >= n || k == 0 || !spaceOrWrap(note, k)) {
                continue;
            }
            if (note.lower(k).equals("the") && k + 1 < n) {
                k++;
            }
            boolean abbreviation = !note.caseless() && note.shape(k) == NoteText.Shape.UPPER
                    && note.tokenEnd(k) - note.tokenStart(k) <= 5 && !is(note, k, careSettingsBit)
                    && !is(note, k, stopWordsBit) && !is(note, k, stateAbbreviationsBit)
                    && (note.normFlags(lexicon)[k] & vocabularyBit) == 0;
            if (!abbreviation && !((blind(note, k) || cap(note, k)) && placeWord(note, k))) {
                continue;
            }
            int last = k;
            while (last + 1 < n && last - k < 2 && spaceJoined(note, last, last + 1)
                    && (blind(note, last + 1) || cap(note, last + 1)) && placeWord(note, last + 1)) {
                last++;
            }
            out.add(new PhiSpan(PhiType.HOSPITAL, note.tokenStart(k), note.tokenEnd(last), 0.7, NAME + "/transfer"));
        }
    }

    private boolean is(NoteText note, int k, long bit) {
        return (note.flags(lexicon)[k] & bit) != 0;
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

    /** "Middlesex County", "County of Kern" (token {@code i} is a county word). */
    private void county(NoteText note, int i, List<PhiSpan> out) {
        if (i > 0 && cap(note, i - 1) && spaceJoined(note, i - 1, i) && !is(note, i - 1, stopWordsBit)) {
            int first = i - 1;
            if (first > 0 && cap(note, first - 1) && spaceJoined(note, first - 1, first)
                    && !is(note, first - 1, stopWordsBit) && !is(note, first - 1, vocabularyBit)) {
                first--;
            }
            out.add(new PhiSpan(PhiType.LOCATION_OTHER, note.tokenStart(first), note.tokenEnd(i), 0.85, NAME + "/county"));
        } else if (i + 2 < note.tokenCount() && note.lower(i + 1).equals("of") && cap(note, i + 2)) {
            out.add(new PhiSpan(PhiType.LOCATION_OTHER, note.tokenStart(i), note.tokenEnd(i + 2), 0.85, NAME + "/county"));
        }
    }

    /** "lives on Maple Street": a street named without a house number (numbered ones are patterns). */
    private void street(NoteText note, int i, List<PhiSpan> out) {
        if (!cap(note, i) || !is(note, i, streetSuffixesBit) || i == 0 || note.lower(i).length() < 4) {
            return;
        }
        int k = i - 1;
        int first = -1;
        while (k >= 0 && i - k <= 3 && cap(note, k) && spaceJoined(note, k, k + 1) && !is(note, k, stopWordsBit)) {
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
            if (!cap(note, i) || !is(note, i, cityFirstTokenBit)) {
                continue;
            }
            StringBuilder phrase = null;
            int best = is(note, i, citiesBit) ? i : -1;
            for (int j = i + 1; j < n && j - i < longestCity; j++) {
                if (!cap(note, j) || !spaceJoined(note, j - 1, j)) {
                    break;
                }
                if (phrase == null) {
                    phrase = new StringBuilder(note.lower(i));
                }
                phrase.append(' ').append(note.lower(j));
                if (cities.containsLower(phrase.toString())) {
                    best = j;
                }
            }
            if (best < 0) {
                continue;
            }
            boolean ambiguous = best == i && (is(note, i, vocabularyBit) || is(note, i, stopWordsBit));
            if (!ambiguous) {
                out.add(new PhiSpan(PhiType.CITY, note.tokenStart(i), note.tokenEnd(best), 0.7, NAME + "/gazetteer"));
            }
            i = best;
        }
    }

    /** "lives in Quincy", "works at Dunkin": capitalised tokens right after a context phrase. */
    private void afterContext(NoteText note, PhraseIndex<Boolean> phrases, PhiType type, double score, List<PhiSpan> out) {
        String lower = note.lowerText();
        for (PhraseIndex.Hit<Boolean> hit : phrases.find(note)) {
            int p = hit.end();
            // One line wrap may sit between the phrase and the place ("lives in\nGallup").
            boolean wrapped = false;
            while (p < lower.length() && (lower.charAt(p) == ' ' || lower.charAt(p) == '\r'
                    || (lower.charAt(p) == '\n' && !wrapped))) {
                wrapped |= lower.charAt(p) == '\n';
                p++;
            }
            int k = note.tokenAtOrAfter(p);
            if (k >= note.tokenCount() || note.tokenStart(k) != p) {
                continue;
            }
            if (note.lower(k).equals("the") && k + 1 < note.tokenCount()) {
                k++;
            }
            if (k < note.tokenCount() && blind(note, k)) {
                blindAfterContext(note, k, type, score, out);
                continue;
            }
            int first = k;
            int taken = 0;
            while (k < note.tokenCount() && taken < 4 && cap(note, k) && !is(note, k, stopWordsBit)
                    && (taken == 0 || spaceJoinedOrDot(note, k - 1, k))) {
                taken++;
                k++;
            }
            boolean any = false;
            for (int c = first; c < k; c++) {
                any |= distinctiveAt(note, (c)) && !(note.caseShape(c) == NoteText.Shape.UPPER && note.lower(c).length() <= 3);
            }
            if (taken > 0 && any && !keptRegion(note, first, k)) {
                emit(note, first, k - 1, type, score, "context", out);
            }
        }
    }

    /**
     * "lives in catonsville", "moved from glen burnie", "works at davita": where case says nothing, up to four words
     * that can only be a place's (or are a known city's), with the ordinary words that make up town names beside
     * them ("severna park"); "lives in a group home", "lives in essex alone" take no ordinary word.
     */
    private void blindAfterContext(NoteText note, int k, PhiType type, double score, List<PhiSpan> out) {
        int n = note.tokenCount();
        int first = k;
        int start = -1;
        int last = -1;
        while (k < n && k - first < 4 && (k == first || spaceJoinedOrDot(note, k - 1, k)) && blind(note, k)) {
            boolean place = (placeWord(note, k) && note.lower(k).length() >= 3) || is(note, k, citiesBit)
                    || (is(note, k, cityFirstTokenBit) && !ordinaryAt(note, k));
            if (!place && !is(note, k, partsBit)) {
                break;
            }
            if (place) {
                start = start < 0 ? first : start;
                last = k;
            } else if (last >= 0 && last == k - 1) {
                last = k; // a town's last word: "severna park", "ellicott city"
            }
            k++;
        }
        if (start >= 0 && !keptRegion(note, start, last + 1)) {
            emit(note, start, last, type, score, "context", out);
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
                || (to - from == 1 && stateAbbreviations.containsLower(s) && note.caseShape(from) == NoteText.Shape.UPPER);
    }
}
