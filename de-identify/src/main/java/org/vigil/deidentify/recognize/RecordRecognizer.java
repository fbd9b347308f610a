package org.vigil.deidentify.recognize;

import org.vigil.deidentify.RecordIdentifier;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.resolve.Resolver;
import org.vigil.deidentify.text.PhiCategory;
import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds in one note the identifiers its structured record names (names of the patient, relatives and clinicians,
 * ids, phones, e-mails, address line, city, postal code, birth date) in the forms a note writes them
 * ({@link RecordVariants}). Unlike the shared recognizers it is built per note from that note's values and dropped
 * with it. Its finds score {@link #SCORE}, above every rule's guess, so the record decides the type of a merged
 * span; a find that a longer find of another kind contains (a surname inside an e-mail address, a city inside a
 * street) is left to that one, whose span the resolver removes whole anyway.
 */
public final class RecordRecognizer implements Recognizer {

    public static final String NAME = "record";
    static final double SCORE = 0.99;

    /** Holder bits: a name's parts link into one name only within one holder. */
    private static final int PATIENT = 1;
    private static final int RELATED = 2;
    private static final int PRACTITIONER = 4;
    private static final int OTHER = 8;
    private static final int ANYONE = PATIENT | RELATED | PRACTITIONER | OTHER;

    private static final String ID_SEPARATORS = " -./";
    private static final String PHONE_SEPARATORS = " \t-./()";
    /** Most separator characters between two characters of an identifier or phone ("(555) 123", "123 - 45"). */
    private static final int MAX_SEPARATOR_RUN = 3;

    private static final String BY_NAME = NAME + "/name";
    private static final String BY_ID = NAME + "/id";
    private static final String BY_CONTACT = NAME + "/contact";
    private static final String BY_PLACE = NAME + "/place";
    private static final String BY_DATE = NAME + "/date";

    /** The ruleset's words this pass reads: built once per ruleset and shared by every note. */
    public static final class Words {
        private final List<WordList> common;
        private final WordList doctorTitles;
        /** Titles before anyone's name: the name titles less the clinicians' and the relation words ("sister"). */
        private final Set<String> honorifics;
        private final WordList placePrepositions;
        private final WordList particles;
        /** Street and place words to their abbreviation ("street" and "st" to "st"), and back to every spelling. */
        private final Map<String, String> canonical;
        private final Map<String, List<String>> spellings;
        private final Set<String> unitWords;

        private Words(Ruleset rules) {
            this.common = List.of(rules.list("vocabulary-english"), rules.list("vocabulary-medical"),
                    rules.list("name-stopwords"), rules.list("months"), rules.list("weekdays"), rules.list("relations"),
                    rules.list("name-titles"), rules.list("credentials"), rules.list("measurement-units"),
                    rules.list("abbreviations-not-initials"));
            this.doctorTitles = rules.list("doctor-titles");
            Set<String> h = new HashSet<>();
            for (String t : rules.list("name-titles").entries()) {
                String lower = t.toLowerCase(java.util.Locale.ROOT);
                if (!doctorTitles.containsLower(lower) && !rules.list("relations").containsLower(lower)) {
                    h.add(lower);
                }
            }
            this.honorifics = Set.copyOf(h);
            this.placePrepositions = rules.list("place-prepositions");
            this.particles = rules.list("name-particles");
            Map<String, String> c = new HashMap<>();
            Map<String, List<String>> s = new HashMap<>();
            Set<String> units = new HashSet<>();
            for (String row : rules.list("address-abbreviations").entries()) {
                String[] cols = row.split("\t");
                String abbreviation = cols[1].strip();
                for (String spelling : new String[] {cols[0].strip(), abbreviation}) {
                    if (c.putIfAbsent(spelling, abbreviation) == null) {
                        s.computeIfAbsent(abbreviation, k -> new ArrayList<>()).add(spelling);
                    }
                }
                if (cols.length > 2 && cols[2].strip().equals("unit")) {
                    units.add(abbreviation);
                }
            }
            this.canonical = Map.copyOf(c);
            s.replaceAll((k, v) -> List.copyOf(v));
            this.spellings = Map.copyOf(s);
            this.unitWords = Set.copyOf(units);
        }

        public static Words of(Ruleset rules) {
            return new Words(rules);
        }

        /** Whether a lower-case word is one a note uses for other things than this name: vocabulary, titles, months. */
        boolean common(String lower) {
            for (int k = 0; k < common.size(); k++) {
                if (common.get(k).containsLower(lower)) {
                    return true;
                }
            }
            return false;
        }

        String canonical(String lower) {
            return canonical.getOrDefault(lower, lower);
        }

        /** Every spelling whose canonical form is {@code form} (the form itself included). */
        List<String> spellings(String form) {
            List<String> s = spellings.get(form);
            return s == null ? List.of(form) : s;
        }
    }

    /** The holders a lower-case name form belongs to, as a given name or a family name, and whether it stands alone. */
    private static final class NameForm {
        int given;
        int family;
        /** Taken wherever it occurs; else only in a name position. */
        boolean alone;
        /** "de", "van", "la": two of them side by side are no name position. */
        boolean particle;

        void add(NameForm other) {
            given |= other.given;
            family |= other.family;
            alone |= other.alone;
        }
    }

    /** An identifier or phone's letters and digits, matched with any separators between them. */
    private record Target(char[] chars, PhiType type, boolean phone) {
    }

    /** A phrase and what it is. {@code canonical}: street and place words compared in their abbreviated form. */
    private record Search(RecordVariants.Phrase phrase, PhiType type, boolean canonical, int rule) {
    }

    /** {@link Search#rule}: nothing more; a 5-digit ZIP that takes a "-1234" after it; a common word as a place. */
    private static final int PLAIN = 0;
    private static final int ZIP5 = 1;
    private static final int NEEDS_PLACE_CONTEXT = 2;

    private final Words words;
    private final Map<String, NameForm> names = new HashMap<>();
    /** The words to look up in a note for {@link #names}: each form, and its possessives ("ana's", "ana’s"). */
    private String[] nameKeys;
    private NameForm[] nameKeyForms;
    /** The forms alone, compared in place with the pieces of a note's hyphenated words. */
    private String[] baseForms;
    private NameForm[] baseFormValues;
    /** Per letter a-z, the holders with a given name that starts with it (for "A. Ruiz"). */
    private final int[] givenInitials = new int[26];
    private final List<Target> targets = new ArrayList<>();
    /** {@link #targets} by their first character (ASCII), longest first; the others in {@link #otherTargets}. */
    private final Target[][] targetsByFirst = new Target[128][];
    private final List<Target> otherTargets = new ArrayList<>();
    private final List<String> literals = new ArrayList<>();
    private final List<PhiType> literalTypes = new ArrayList<>();
    private final List<Search> searches = new ArrayList<>();

    private RecordRecognizer(Words words) {
        this.words = words;
    }

    /** The recognizer of one note's record identifiers. */
    public static RecordRecognizer of(List<RecordIdentifier> known, Words words) {
        RecordRecognizer r = new RecordRecognizer(words);
        for (RecordIdentifier id : known) {
            r.add(id);
        }
        r.indexNames();
        r.indexTargets();
        return r;
    }

    @Override
    public String name() {
        return NAME;
    }

    private void add(RecordIdentifier id) {
        String v = id.value().strip();
        if (v.isEmpty()) {
            return;
        }
        switch (id.kind()) {
            case GIVEN_NAME -> addName(v, holder(id.holder()), true);
            case FAMILY_NAME -> addName(v, holder(id.holder()), false);
            case IDENTIFIER -> addIdentifier(v, RecordVariants.ssnShaped(v) ? PhiType.SSN : PhiType.MEDICALRECORD);
            case TELECOM -> addTelecom(v);
            case ADDRESS_LINE -> {
                for (RecordVariants.Phrase p : RecordVariants.addressPhrases(v, words.canonical, words.unitWords)) {
                    searches.add(new Search(p, PhiType.STREET, true, PLAIN));
                }
            }
            case CITY -> addPlace(v);
            case POSTAL_CODE -> {
                for (RecordVariants.Phrase p : RecordVariants.postalPhrases(v)) {
                    boolean zip5 = p.tokens().size() == 1 && p.tokens().get(0).length() == 5;
                    searches.add(new Search(p, PhiType.ZIP, false, zip5 ? ZIP5 : PLAIN));
                }
            }
            case BIRTH_DATE -> addDate(v);
            case OTHER -> addOther(v);
        }
    }

    private static int holder(RecordIdentifier.Holder h) {
        return switch (h) {
            case PATIENT -> PATIENT;
            case RELATED_PERSON -> RELATED;
            case PRACTITIONER -> PRACTITIONER;
            case OTHER -> OTHER;
        };
    }

    /** Relatives are PATIENT in i2b2's scheme (a name that is not a clinician's); a name of no known holder too. */
    private static PhiType nameType(int holders) {
        return (holders & (PATIENT | RELATED | OTHER)) != 0 ? PhiType.PATIENT : PhiType.DOCTOR;
    }

    /**
     * A name part stands alone, found wherever the note has it as a word, only if it has a digit (Synthea's
     * "Ai120": no word of English), or three letters or more and is no common word of the ruleset (vocabulary,
     * months, titles, relations...). Otherwise ("May", "Will", "Bill", "Hope", Synthea's "Ai120" as "Ai", "Ed",
     * "Al") it is taken only in a name position (next to another part of the same holder's name, as names are
     * ordered, or after a title), so that a patient named May does not wipe every "may" of "pt may go home".
     * The same rule for a form as recorded and one stripped of its digits: both are the record's name, and the
     * risk of a collision lies in the word, not in where it came from.
     */
    private boolean standsAlone(String form) {
        int letters = 0;
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            if (Character.isDigit(c)) {
                return true;
            }
            if (Character.isLetter(c)) {
                letters++;
            }
        }
        return letters >= 3 && !words.common(form);
    }

    private void addName(String value, int holder, boolean given) {
        for (RecordVariants.NamePart part : RecordVariants.nameParts(value)) {
            String form = part.form();
            NameForm f = names.computeIfAbsent(form, k -> new NameForm());
            if (given) {
                f.given |= holder;
                char first = form.charAt(0);
                if (first >= 'a' && first <= 'z') {
                    givenInitials[first - 'a'] |= holder;
                }
            } else {
                f.family |= holder;
            }
            f.alone |= standsAlone(form);
            f.particle = words.particles.containsLower(form);
        }
    }

    private void addIdentifier(String value, PhiType type) {
        for (String core : RecordVariants.identifierCores(value)) {
            targets.add(new Target(core.toCharArray(), type, false));
        }
    }

    private void addTelecom(String value) {
        Optional<String> literal = RecordVariants.literalAddress(value);
        if (literal.isPresent()) {
            literals.add(literal.get());
            literalTypes.add(RecordVariants.isUrl(literal.get()) ? PhiType.URL : PhiType.EMAIL);
            return;
        }
        for (String digits : RecordVariants.phoneDigits(value)) {
            targets.add(new Target(digits.toCharArray(), PhiType.PHONE, true));
        }
    }

    /** A city: its words in any case; a one-word city that is also a common word ("Hope", "Mobile") needs context. */
    private void addPlace(String value) {
        List<String> tokens = new ArrayList<>();
        for (String w : RecordVariants.words(value)) {
            tokens.add(words.canonical(w));
        }
        if (RecordVariants.alphanumericCount(tokens) < 2) {
            return;
        }
        boolean ambiguous = tokens.size() == 1 && (tokens.get(0).length() < 3 || words.common(tokens.get(0)));
        searches.add(new Search(new RecordVariants.Phrase(tokens, RecordVariants.Gap.WORDS), PhiType.CITY, true,
                ambiguous ? NEEDS_PLACE_CONTEXT : PLAIN));
    }

    private void addDate(String value) {
        Optional<LocalDate> date = RecordVariants.isoDate(value);
        if (date.isPresent()) {
            for (RecordVariants.Phrase p : RecordVariants.datePhrases(date.get())) {
                searches.add(new Search(p, PhiType.DATE, false, PLAIN));
            }
            return;
        }
        // Not the ISO date the schema promises: searched as written, so that it is still removed where quoted.
        List<String> tokens = RecordVariants.words(value);
        if (RecordVariants.alphanumericCount(tokens) >= RecordVariants.MIN_IDENTIFIER_CHARS) {
            searches.add(new Search(new RecordVariants.Phrase(tokens, RecordVariants.Gap.WORDS), PhiType.DATE, false,
                    PLAIN));
        }
    }

    /**
     * Anything else the record names: with a digit, as an identifier; else as its words, except a single word that is
     * short or common (it would wipe that word from every note of the patient).
     */
    private void addOther(String value) {
        if (value.chars().anyMatch(Character::isDigit)) {
            addIdentifier(value, PhiType.IDNUM);
            return;
        }
        List<String> tokens = RecordVariants.words(value);
        if (RecordVariants.alphanumericCount(tokens) < RecordVariants.MIN_IDENTIFIER_CHARS
                || (tokens.size() == 1 && words.common(tokens.get(0)))) {
            return;
        }
        searches.add(new Search(new RecordVariants.Phrase(tokens, RecordVariants.Gap.WORDS), PhiType.IDNUM, false,
                PLAIN));
    }

    private void indexNames() {
        List<String> keys = new ArrayList<>(names.size() * 3);
        List<NameForm> forms = new ArrayList<>(names.size() * 3);
        baseForms = names.keySet().toArray(new String[0]);
        baseFormValues = new NameForm[baseForms.length];
        for (int k = 0; k < baseForms.length; k++) {
            baseFormValues[k] = names.get(baseForms[k]);
        }
        names.forEach((form, f) -> {
            keys.add(form);
            forms.add(f);
            if (form.length() >= 2) {
                keys.add(form + "'s");
                forms.add(f);
                keys.add(form + "\u2019s");
                forms.add(f);
            }
        });
        nameKeys = keys.toArray(new String[0]);
        nameKeyForms = forms.toArray(new NameForm[0]);
    }

    private void indexTargets() {
        Map<Character, List<Target>> byFirst = new HashMap<>();
        for (Target t : targets) {
            char c = t.chars()[0];
            if (c < 128) {
                byFirst.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
            } else {
                otherTargets.add(t);
            }
        }
        byFirst.forEach((c, list) -> {
            list.sort((a, b) -> b.chars().length - a.chars().length);
            targetsByFirst[c] = list.toArray(new Target[0]);
        });
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        int prior = out.size();
        List<PhiSpan> found = new ArrayList<>();
        if (!names.isEmpty()) {
            findNames(note, found);
        }
        if (!targets.isEmpty()) {
            findTargets(note, found);
        }
        for (int k = 0; k < literals.size(); k++) {
            findLiteral(note, literals.get(k), literalTypes.get(k), found);
        }
        for (Search s : searches) {
            findPhrase(note, s, found);
        }
        for (PhiSpan f : found) {
            if (!insideLongerFind(f, out, prior)) {
                out.add(f);
            }
        }
    }

    /**
     * Whether a confident candidate of the other recognizers contains this find and is longer, and tells more about
     * the text than the record does: another type, except within names (the record knows whose name it is) and ids
     * (it knows which number). Such a find is left out: the container's span is removed whole anyway.
     */
    private static boolean insideLongerFind(PhiSpan f, List<PhiSpan> out, int prior) {
        for (int k = 0; k < prior; k++) {
            PhiSpan c = out.get(k);
            if (c.score() >= Resolver.THRESHOLD && c.start() <= f.start() && c.end() >= f.end()
                    && c.length() > f.length() && c.type() != f.type()
                    && !(c.category() == f.category() && (f.category() == PhiCategory.NAME || f.category() == PhiCategory.ID))) {
                return true;
            }
        }
        return false;
    }

    // ---- names ----

    /**
     * Per distinct word of the note, its name form (as written, or with a possessive), or null; null for all when the
     * note has none. The record's few forms are looked up among the note's words, rather than each word of the note
     * hashed and looked up among the forms; only the words holding a hyphen or a curly apostrophe are read.
     */
    private NameForm[] formsOfWords(NoteText note) {
        int count = note.wordCount();
        NameForm[] forms = null;
        for (int k = 0; k < nameKeys.length; k++) {
            int w = note.wordIndex(nameKeys[k]);
            if (w >= 0) {
                if (forms == null) {
                    forms = new NameForm[count];
                }
                forms[w] = nameKeyForms[k];
            }
        }
        for (int w = 0; w < count; w++) {
            String word = note.word(w);
            if ((forms == null || forms[w] == null) && (word.indexOf('-') > 0 || word.indexOf('\u2019') > 0)) {
                String key = word.indexOf('\u2019') > 0 ? word.replace('\u2019', '\'') : word;
                NameForm f = hyphenated(key, NameRecognizer.stripPossessive(key).length());
                if (f != null) {
                    if (forms == null) {
                        forms = new NameForm[count];
                    }
                    forms[w] = f;
                }
            }
        }
        return forms;
    }

    /**
     * The name form of {@code word[0, end)} ("o'brien"), or of its hyphenated pieces together ("ruiz-lopez" when
     * the record has "Ruiz" or "Lopez": the whole word is the name). Compared in place: most hyphenated words of a
     * note ("follow-up") are no name, and hashing each piece cost more than comparing it with the record's forms.
     */
    private NameForm hyphenated(String word, int end) {
        NameForm whole = formWithin(word, 0, end);
        if (whole != null) {
            return whole;
        }
        NameForm combined = null;
        int start = 0;
        for (int p = 0; p <= end; p++) {
            if (p == end || word.charAt(p) == '-') {
                NameForm piece = p > start ? formWithin(word, start, p) : null;
                if (piece != null) {
                    if (combined == null) {
                        combined = new NameForm();
                    }
                    combined.add(piece);
                }
                start = p + 1;
            }
        }
        return combined;
    }

    private NameForm formWithin(String word, int from, int to) {
        for (int k = 0; k < baseForms.length; k++) {
            String f = baseForms[k];
            if (f.length() == to - from && word.regionMatches(from, f, 0, f.length())) {
                return baseFormValues[k];
            }
        }
        return null;
    }

    private void findNames(NoteText note, List<PhiSpan> found) {
        NameForm[] ofWord = formsOfWords(note);
        if (ofWord == null) {
            return;
        }
        int n = note.tokenCount();
        int i = 0;
        while (i < n) {
            NameForm f = ofWord[note.wordId(i)];
            int initial = initialOf(note, i);
            int holders = (f == null ? 0 : f.given | f.family) | initial;
            if (holders == 0) {
                i++;
                continue;
            }
            boolean named = f != null;
            int parts = f != null && !f.particle ? 1 : 0;
            boolean alone = f != null && f.alone;
            boolean anchored = initial != 0 && capitalInitialWithPeriod(note, i);
            int j = i;
            while (j + 1 < n) {
                int link = link(note, ofWord, j, j + 1) & holders;
                if (link == 0) {
                    break;
                }
                holders = link;
                j++;
                NameForm g = ofWord[note.wordId(j)];
                named |= g != null;
                parts += g != null && !g.particle ? 1 : 0;
                alone |= g != null && g.alone;
                anchored |= initialOf(note, j) != 0 && capitalInitialWithPeriod(note, j);
            }
            // A name position: a part that stands alone; two parts of one holder's name in name order ("May Ruiz",
            // "Brown, May"; particles such as "de la" do not count); a part after "A." or after a title.
            if (named && (alone || parts > 1 || anchored || (titleBefore(note, i) & holders) != 0)) {
                int end = nameEnd(note, j);
                found.add(new PhiSpan(nameType(holders), note.tokenStart(i), end, SCORE, BY_NAME));
            }
            i = j + 1;
        }
    }

    /** The holders whose given name starts with this token, if it is a single letter (an initial). */
    private int initialOf(NoteText note, int i) {
        int s = note.tokenStart(i);
        if (note.tokenEnd(i) - s != 1) {
            return 0;
        }
        char c = note.lowerText().charAt(s);
        return c >= 'a' && c <= 'z' ? givenInitials[c - 'a'] : 0;
    }

    /** "A." in capitals: an initial rather than the article "a", so it may anchor a name ("A. Brown"). */
    private static boolean capitalInitialWithPeriod(NoteText note, int i) {
        String text = note.text();
        int s = note.tokenStart(i);
        return Character.isUpperCase(text.charAt(s)) && s + 1 < text.length() && text.charAt(s + 1) == '.';
    }

    /**
     * The holders for whom token {@code k} continues the name at token {@code j}, in the orders names are written:
     * given then given or family ("Ana Maria Ruiz"), family then family ("Ruiz Lopez"), an initial then family or
     * initial ("A. Ruiz", "A. M. Ruiz"), and family, comma, given ("Ruiz, Ana"). Never across a line break.
     */
    private int link(NoteText note, NameForm[] ofWord, int j, int k) {
        NameForm a = ofWord[note.wordId(j)];
        NameForm b = ofWord[note.wordId(k)];
        int aGiven = a == null ? 0 : a.given;
        int aFamily = a == null ? 0 : a.family;
        int bGiven = b == null ? 0 : b.given;
        int bFamily = b == null ? 0 : b.family;
        int aInitial = initialOf(note, j);
        int bInitial = initialOf(note, k);
        String text = note.text();
        int from = note.tokenEnd(j);
        int to = note.tokenStart(k);
        int link = 0;
        if (spaces(text, from, to)) {
            link |= aGiven & (bGiven | bFamily | bInitial);
            link |= aFamily & bFamily;
            link |= aInitial & (bFamily | bInitial);
        } else if (text.charAt(from) == '.' && (to == from + 1 || spaces(text, from + 1, to))) {
            link |= aInitial & (bFamily | bInitial);
        } else if (text.charAt(from) == ',' && (to == from + 1 || spaces(text, from + 1, to))) {
            link |= aFamily & (bGiven | bInitial);
        }
        return link;
    }

    /** Whether {@code text[from, to)} is one or more spaces or tabs. */
    private static boolean spaces(String text, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int p = from; p < to; p++) {
            char c = text.charAt(p);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The holders a title just before token {@code i} may introduce: a clinician's title only a practitioner. */
    private int titleBefore(NoteText note, int i) {
        if (i == 0) {
            return 0;
        }
        String title = note.lower(i - 1);
        int holders = words.doctorTitles.containsLower(title) ? PRACTITIONER
                : words.honorifics.contains(title) ? ANYONE : 0;
        if (holders == 0) {
            return 0;
        }
        String text = note.text();
        int from = note.tokenEnd(i - 1);
        int to = note.tokenStart(i);
        boolean joined = spaces(text, from, to) || (text.charAt(from) == '.' && (to == from + 1 || spaces(text, from + 1, to)));
        return joined ? holders : 0;
    }

    /** The end of a name token, without a possessive "'s" (kept outside name spans, as the name pass does). */
    private static int nameEnd(NoteText note, int i) {
        int end = note.tokenEnd(i);
        String t = note.lower(i);
        return NameRecognizer.stripPossessive(t).length() < t.length() ? end - 2 : end;
    }

    // ---- identifiers and phones ----

    private void findTargets(NoteText note, List<PhiSpan> found) {
        String lower = note.lowerText();
        int n = note.tokenCount();
        for (int i = 0; i < n; i++) {
            int s = note.tokenStart(i);
            char c = lower.charAt(s);
            Target[] candidates = c < 128 ? targetsByFirst[c] : null;
            if (candidates != null) {
                for (Target t : candidates) {
                    if (matchTarget(lower, s, t, found)) {
                        break;
                    }
                }
            }
            for (int k = 0; k < otherTargets.size(); k++) {
                if (matchTarget(lower, s, otherTargets.get(k), found)) {
                    break;
                }
            }
        }
    }

    /**
     * Matches a target's characters from {@code start} (a token's start), skipping up to {@link #MAX_SEPARATOR_RUN}
     * separators between any two, to a word boundary; a phone takes a "(" or "+" just before it.
     */
    private static boolean matchTarget(String lower, int start, Target t, List<PhiSpan> found) {
        char[] want = t.chars();
        String separators = t.phone() ? PHONE_SEPARATORS : ID_SEPARATORS;
        int n = lower.length();
        int q = start;
        int k = 0;
        while (true) {
            if (q >= n || lower.charAt(q) != want[k]) {
                return false;
            }
            q++;
            if (++k == want.length) {
                break;
            }
            int run = 0;
            while (q < n && run <= MAX_SEPARATOR_RUN && separators.indexOf(lower.charAt(q)) >= 0) {
                q++;
                run++;
            }
            if (run > MAX_SEPARATOR_RUN) {
                return false;
            }
        }
        if (q < n && Character.isLetterOrDigit(lower.charAt(q))) {
            return false;
        }
        int s = start;
        if (t.phone()) {
            if (s > 0 && lower.charAt(s - 1) == '(') {
                s--;
            }
            if (s > 0 && lower.charAt(s - 1) == '+') {
                s--;
            }
        }
        found.add(new PhiSpan(t.type(), s, q, SCORE, t.phone() ? BY_CONTACT : BY_ID));
        return true;
    }

    // ---- e-mail and web addresses ----

    private static void findLiteral(NoteText note, String literal, PhiType type, List<PhiSpan> found) {
        String lower = note.lowerText();
        for (int at = lower.indexOf(literal); at >= 0; at = lower.indexOf(literal, at + 1)) {
            int end = at + literal.length();
            boolean startOk = at == 0 || !addressChar(lower.charAt(at - 1));
            boolean endOk = end == lower.length() || !addressChar(lower.charAt(end))
                    && !(lower.charAt(end) == '.' && end + 1 < lower.length() && Character.isLetterOrDigit(lower.charAt(end + 1)));
            if (startOk && endOk) {
                found.add(new PhiSpan(type, at, end, SCORE, BY_CONTACT));
            }
        }
    }

    /** A character that would make a found address part of a longer one ("xana@x.org" is not "ana@x.org"). */
    private static boolean addressChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '%' || c == '@' || c == '/';
    }

    // ---- phrases: address lines, cities, postal codes, birth dates ----

    private void findPhrase(NoteText note, Search s, List<PhiSpan> found) {
        List<String> tokens = s.phrase().tokens();
        String first = tokens.get(0);
        for (String spelling : s.canonical() ? words.spellings(first) : List.of(first)) {
            int w = note.wordIndex(spelling);
            if (w < 0) {
                continue;
            }
            for (int k = 0, count = note.occurrenceCount(w); k < count; k++) {
                int i = note.occurrence(w, k);
                int last = matchPhrase(note, i, s);
                if (last < 0 || (s.rule() == NEEDS_PLACE_CONTEXT && !placeContext(note, i))) {
                    continue;
                }
                int end = note.tokenEnd(last);
                if (s.rule() == ZIP5 && last + 1 < note.tokenCount() && note.shape(last + 1) == NoteText.Shape.DIGITS
                        && note.tokenEnd(last + 1) - note.tokenStart(last + 1) == 4
                        && note.tokenStart(last + 1) == end + 1 && note.text().charAt(end) == '-') {
                    end = note.tokenEnd(last + 1);
                }
                found.add(new PhiSpan(s.type(), note.tokenStart(i), end, SCORE,
                        s.type() == PhiType.DATE ? BY_DATE : s.type() == PhiType.IDNUM ? BY_ID : BY_PLACE));
            }
        }
    }

    /** The index of the phrase's last token when it starts at token {@code i}, or -1. */
    private int matchPhrase(NoteText note, int i, Search s) {
        List<String> tokens = s.phrase().tokens();
        int n = note.tokenCount();
        if (i + tokens.size() > n) {
            return -1;
        }
        String text = note.text();
        for (int t = 1; t < tokens.size(); t++) {
            int k = i + t;
            if (!s.phrase().gap().allows(text, note.tokenEnd(k - 1), note.tokenStart(k))) {
                return -1;
            }
            String word = note.lower(k);
            if (!(s.canonical() ? words.canonical(word) : word).equals(tokens.get(t))) {
                return -1;
            }
        }
        return i + tokens.size() - 1;
    }

    /** A one-word city that is also a common word counts capitalised (in a note whose capitals mean something) or after "in". */
    private boolean placeContext(NoteText note, int i) {
        if (!note.caseless() && Character.isUpperCase(note.text().charAt(note.tokenStart(i)))) {
            return true;
        }
        return i > 0 && words.placePrepositions.containsLower(note.lower(i - 1))
                && spaces(note.text(), note.tokenEnd(i - 1), note.tokenStart(i));
    }
}
