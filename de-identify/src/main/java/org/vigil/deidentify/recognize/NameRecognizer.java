package org.vigil.deidentify.recognize;

import org.vigil.deidentify.resolve.Resolver;
import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds names of patients, relatives, clinicians and staff from first-name and surname lexicons (US Census and SSA
 * lists), titles ("Dr.", "Ms"), credentials after a name ("LCSW"), labels before one ("Signed by:", "Emergency
 * contact:"), relation words ("pt's sister Hope"), the "Last, First" order, and every other mention of a name
 * already found in the note. Names that are also common words (Hope, Will, May, Brown) count only with context.
 */
public final class NameRecognizer implements Recognizer {

    static final String NAME = "name";

    private final PhraseIndex<PhiType> labels;
    /** The lists' bits in the shared lexicon: a note's words are looked up once for every recognizer. */
    private final Lexicon lexicon;
    private final long firstBit;
    private final long lastBit;
    private final long vocabularyBit;
    private final long stopBit;
    private final long titleBit;
    private final long doctorTitleBit;
    private final long credentialBit;
    private final long relationBit;
    private final long particleBit;
    private final long verbBit;
    private final long cityBit;
    private final long streetBit;
    private final long stateBit;
    /** The real-population name lists (0 where the lexicon lacks them): counted only in a name's position. */
    private final long populationBit;
    private final long exclusionBit;
    /** A spelling dictionary's English words (0 where the lexicon lacks them): ordinary words, unless a listed name. */
    private final long dictionaryBit;
    private final PhraseIndex<Boolean> followers;
    private final WordList ageUnits;
    private final WordList latinAbbreviations;
    private final WordList relationPossessives;
    private final WordList credentialsNotBeforeNames;
    private final WordList abbreviationsNotInitials;
    private final WordList personTitles;
    private final WordList roles;

    public NameRecognizer(Map<String, WordList> lists) {
        this(lists, Lexicon.of(lists));
    }

    public NameRecognizer(Map<String, WordList> lists, Lexicon lexicon) {
        Map<String, PhiType> parsed = new HashMap<>();
        for (String entry : lists.get("name-labels").entries()) {
            String[] parts = entry.split("\t");
            parsed.put(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? PhiType.parse(parts[1]) : PhiType.PATIENT);
        }
        this.labels = new PhraseIndex<>(parsed);
        this.lexicon = lexicon;
        this.firstBit = lexicon.bit("first-names");
        this.lastBit = lexicon.bit("surnames");
        this.vocabularyBit = lexicon.bit("safe-vocabulary");
        this.stopBit = lexicon.bit("name-stopwords");
        this.titleBit = lexicon.bit("name-titles");
        this.doctorTitleBit = lexicon.bit("doctor-titles");
        this.credentialBit = lexicon.bit("credentials");
        this.relationBit = lexicon.bit("relations");
        this.particleBit = lexicon.bit("name-particles");
        this.verbBit = lexicon.bit("person-verbs");
        this.cityBit = lexicon.bit("cities");
        this.streetBit = lexicon.bit("street-suffixes");
        this.stateBit = lexicon.bit("state-abbreviations");
        this.populationBit = lexicon.bitIfPresent("population-names");
        this.exclusionBit = lexicon.bit("name-slot-exclusions");
        this.dictionaryBit = lexicon.bitIfPresent("english-dictionary");
        this.followers = PhraseIndex.of(lists.get("name-followers").entries());
        this.ageUnits = lists.get("age-units");
        this.latinAbbreviations = lists.get("latin-abbreviations");
        this.relationPossessives = lists.get("relation-possessives");
        this.credentialsNotBeforeNames = lists.get("credentials-not-before-names");
        this.abbreviationsNotInitials = lists.get("abbreviations-not-initials");
        this.personTitles = lists.get("person-titles");
        this.roles = lists.get("name-roles");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Per-token marks of one note: the best score and type so far. */
    private final class Marks {
        final NoteText note;
        final double[] score;
        final PhiType[] type;
        final String[] norm;
        /** Per-token lexicon facts, looked up once per note: the rules below ask them many times. */
        final boolean[] isFirst;
        final boolean[] isLast;
        final boolean[] isVocabulary;
        final boolean[] isStop;
        /** Lexicon bits of each token as written, and without a possessive "'s" (as {@link #norm}). */
        final long[] raw;
        final long[] normBits;
        /** Per distinct word of the note, the index of its form without a possessive among the words, or -1. */
        final int[] normWordOf;
        /**
         * Per token, whether the word reads as a name without its case: in a name lexicon (the population's too)
         * and no ordinary word, title, credential or relation; for a hyphenated word, each part so or unknown.
         */
        final boolean[] nameLike;
        /** Per token, whether no word set holds the word at all: a name no list has, or a misspelling. */
        final boolean[] unknown;

        Marks(NoteText note) {
            this.note = note;
            int n = note.tokenCount();
            score = new double[n];
            type = new PhiType[n];
            norm = new String[n];
            isFirst = new boolean[n];
            isLast = new boolean[n];
            isVocabulary = new boolean[n];
            isStop = new boolean[n];
            raw = note.flags(lexicon);
            normBits = note.normFlags(lexicon);
            // Stripped once per distinct word: a token's String is then never read here.
            String[] normOfWord = new String[note.wordCount()];
            normWordOf = new int[normOfWord.length];
            for (int w = 0; w < normOfWord.length; w++) {
                String word = note.word(w);
                String stripped = stripPossessive(word);
                normOfWord[w] = stripped;
                // stripPossessive returns the word itself when there is nothing to strip.
                normWordOf[w] = stripped == word ? w : note.wordIndex(stripped);
            }
            // 0 not asked yet, 1 name-like, 2 unknown, 3 neither: per distinct word, the test depends on it only.
            byte[] kindOfWord = new byte[normOfWord.length];
            nameLike = new boolean[n];
            unknown = new boolean[n];
            for (int i = 0; i < n; i++) {
                norm[i] = normOfWord[note.wordId(i)];
                if (note.caseShape(i) == NoteText.Shape.DIGITS) {
                    continue;
                }
                long f = normBits[i];
                isFirst[i] = (f & firstBit) != 0;
                isLast[i] = (f & lastBit) != 0;
                isVocabulary[i] = (f & vocabularyBit) != 0;
                isStop[i] = (f & stopBit) != 0;
                if (note.caseShape(i) == NoteText.Shape.MIXED) {
                    nameLike[i] = numberedName(note.token(i));
                    numbered |= nameLike[i];
                    continue;
                }
                int w = note.wordId(i);
                if (kindOfWord[w] == 0) {
                    kindOfWord[w] = wordKind(norm[i], f);
                }
                nameLike[i] = kindOfWord[w] == 1;
                unknown[i] = kindOfWord[w] == 2;
            }
            // "rusty sanchez", "SOPHIA BLACK", "A. KING": a name-lexicon word that is also an ordinary word reads as
            // a name beside one that reads so (or after an initial).
            pairName = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (!nameLike[i] && alpha(i) && !isStop[i] && (isFirst[i] || isLast[i] || normIs(i, populationBit))
                        && !normIs(i, exclusionBit | credentialBit | titleBit | relationBit)) {
                    pairName[i] = (i + 1 < n && nameLike[i + 1] && joined(i, i + 1))
                            || (i > 0 && (nameLike[i - 1] || initial(i - 1)) && joined(i - 1, i))
                            // "wolf, sandra" and "clark, chase": last name, comma, first name.
                            || (i + 1 < n && nameLike[i + 1] && isLast[i] && note.gapBefore(i + 1).equals(", ")
                            && (normIs(i + 1, firstBit) || normIs(i + 1, populationBit)))
                            || (i > 0 && nameLike[i - 1] && isFirst[i] && note.gapBefore(i).equals(", "));
                }
            }
        }

        /**
         * A curated list's name read where case says nothing, even an ordinary word ("frank", "white"): a name in a
         * slot that says so (after a relation or a credential, before "is a 32 yo"), never alone.
         */
        boolean listedName(int i) {
            return blind(i) && lexicon(i) && alpha(i) && !isStop[i]
                    && !normIs(i, exclusionBit | credentialBit | titleBit | relationBit);
        }

        /** Per token, an ordinary word of the name lexicons next to a name ({@link #upperish}). */
        final boolean[] pairName;

        /** Whether the note holds a {@link #numberedName}: a name position may then hold one. */
        private boolean numbered;

        /** Whether token {@code i}'s case says nothing about it: a caseless note, or a word in lower case. */
        boolean blind(int i) {
            return note.caseless() || note.shape(i) == NoteText.Shape.LOWER;
        }

        private boolean[] followerStarts;

        /** Whether a {@code name-followers} phrase ("aware", "at bedside") starts at token {@code i}. */
        boolean followerAt(int i) {
            if (followerStarts == null) {
                followerStarts = new boolean[note.tokenCount()];
                for (PhraseIndex.Hit<Boolean> hit : followers.find(note)) {
                    followerStarts[note.tokenAtOrAfter(hit.start())] = true;
                }
            }
            return followerStarts[i];
        }

        boolean raw(int i, long bit) {
            return (raw[i] & bit) != 0;
        }

        boolean normIs(int i, long bit) {
            return (normBits[i] & bit) != 0;
        }

        void mark(int i, double s, PhiType t) {
            if (s > score[i]) {
                score[i] = s;
                type[i] = t;
            }
        }

        boolean alpha(int i) {
            NoteText.Shape sh = note.caseShape(i);
            return sh == NoteText.Shape.CAPITALIZED || sh == NoteText.Shape.UPPER || sh == NoteText.Shape.LOWER;
        }

        /**
         * Whether token {@code i} reads as a capitalised word, the first sign of a name. Where its case says nothing
         * ({@link #blind}), a word of the name lexicons that is no ordinary word stands in for the capital.
         */
        boolean upperish(int i) {
            if (blind(i) || (numbered && note.shape(i) == NoteText.Shape.MIXED)) {
                return nameLike[i] || pairName[i];
            }
            NoteText.Shape sh = note.shape(i);
            return sh == NoteText.Shape.CAPITALIZED || (sh == NoteText.Shape.UPPER && note.tokenEnd(i) - note.tokenStart(i) >= 2);
        }

        /** A word no list holds, of three letters or more with a vowel: in a strong name slot, a name. */
        boolean unknownWord(int i) {
            return unknown[i];
        }

        /** A name-lexicon word, even an ordinary one ("white", "mark"), that may fill a name slot after a title. */
        boolean slotName(int i) {
            return alpha(i) && !stop(i) && (nameLike[i] || unknown[i] || ((lexicon(i) || normIs(i, populationBit))
                    && !normIs(i, exclusionBit) && !normIs(i, credentialBit) && !normIs(i, relationBit)));
        }

        boolean lexicon(int i) {
            return isFirst[i] || isLast[i];
        }

        boolean common(int i) {
            return isVocabulary[i] || isStop[i];
        }

        boolean stop(int i) {
            return isStop[i];
        }

        /**
         * An initial: one capital letter followed by a period ("J. Smith", "John A. Smith"), or a lone capital. In a
         * caseless note, any letter with its period ("j. smith"), never a lone one ("s/p", "c/o", "x 3").
         */
        boolean initial(int i) {
            int start = note.tokenStart(i);
            char c = note.text().charAt(start);
            if (note.tokenEnd(i) - start != 1) {
                return false;
            }
            boolean period = start + 1 < note.length() && note.text().charAt(start + 1) == '.';
            if (note.caseless()) {
                return period && Character.isLetter(c);
            }
            if (!Character.isUpperCase(c)) {
                return false;
            }
            return period || (!norm[i].equals("i") && !norm[i].equals("a"));
        }

        /** A single letter standing alone or with its period ("Dr. S", "dr s."), not glued to a slash ("s/p"). */
        boolean letter(int i) {
            int start = note.tokenStart(i);
            if (note.tokenEnd(i) - start != 1 || !Character.isLetter(note.text().charAt(start))) {
                return false;
            }
            int after = start + 1;
            return after >= note.length() || (note.text().charAt(after) != '/' && note.text().charAt(after) != '\''
                    && note.text().charAt(after) != '&' && note.text().charAt(after) != '-');
        }

        /** A token that can be part of a name where context says a name is expected. */
        boolean contextualName(int i) {
            if (initial(i)) {
                return true;
            }
            if (!alpha(i) || stop(i)) {
                return false;
            }
            return lexicon(i) || !isVocabulary[i];
        }

        /** A surname particle ("de", "van", "St.") followed by a capitalised name word. */
        boolean particleBeforeName(int i) {
            return normIs(i, particleBit) && i + 1 < note.tokenCount() && joined(i, i + 1)
                    && ((upperish(i + 1) && !stop(i + 1) && !normIs(i + 1, particleBit))
                    || (i + 2 < note.tokenCount() && particleBeforeName(i + 1)));
        }

        /** A token that can continue a name already anchored, without other context. */
        boolean continuation(int i) {
            if (blind(i) && listedName(i)) {
                return true;
            }
            return (upperish(i) || initial(i)) && !stop(i) && (lexicon(i) || !isVocabulary[i] || initial(i));
        }

        /**
         * Whether tokens a and b (a before b) are adjacent within a name: one or two spaces on the same line, or a
         * period after an initial or a title ("J. Smith", "Dr. Smith"); a period after a word ends a sentence.
         */
        boolean joined(int a, int b) {
            if (b >= note.tokenCount() || a < 0) {
                return false;
            }
            int from = note.tokenEnd(a);
            int to = note.tokenStart(b);
            if (to - from > 3 || to <= from) {
                return false;
            }
            boolean period = false;
            // A title is never the last word of a line on purpose: a line break after it is a wrap ("Dr.\nSmith").
            // Only a title written as one ("Dr.", "PO"), not a role word ending a sentence ("her coach.\nDenies"),
            // and only before a name-like word.
            boolean wrapAllowed = !note.caseless() && raw(a, titleBit)
                    && (note.caseShape(a) == NoteText.Shape.CAPITALIZED || note.caseShape(a) == NoteText.Shape.UPPER)
                    && (!isVocabulary[b] || isFirst[b] || isLast[b]);
            boolean wrapped = false;
            for (int p = from; p < to; p++) {
                char c = note.text().charAt(p);
                if (c == '.') {
                    if (period || p != from) {
                        return false;
                    }
                    period = true;
                } else if ((c == '\n' || c == '\r') && wrapAllowed && !wrapped) {
                    wrapped = c == '\n';
                } else if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return !period || note.tokenEnd(a) - note.tokenStart(a) == 1 || raw(a, titleBit) || raw(a, particleBit);
        }
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        int n = note.tokenCount();
        if (n == 0) {
            return;
        }
        Marks m = new Marks(note);
        titles(m);
        note.checkDeadline();
        credentials(m);
        labels(m);
        note.checkDeadline();
        relations(m);
        followers(m);
        signatures(m);
        isAnAge(m);
        nameThenAge(m);
        initials(m);
        lexicon(m);
        note.checkDeadline();
        extend(m);
        propagate(m);
        emit(m, out);
    }

    /** "Dr. Okafor", "Ms Lee", "Mr. John A. Smith". */
    private void titles(Marks m) {
        NoteText note = m.note;
        for (int i : tokensIn(note, titleBit)) {
            if (note.caseShape(i) == NoteText.Shape.DIGITS) {
                continue;
            }
            PhiType type = m.raw(i, doctorTitleBit) ? PhiType.DOCTOR : PhiType.PATIENT;
            // "dr healey", "dr s", "mrs white": a title that says a name follows (not "sister", "coach", "miss").
            boolean strong = m.raw(i, doctorTitleBit) || personTitles.containsLower(note.lower(i));
            int taken = 0;
            for (int k = i + 1; k < note.tokenCount() && taken < 4 && m.joined(k - 1, k); k++) {
                if (m.particleBeforeName(k)) {
                    m.mark(k, 0.95, type);
                    continue;
                }
                if (m.blind(k) && strong) {
                    // In lower case: any name-lexicon word, or one no list holds; a lone letter ("dr s") only first;
                    // after it ("dr mark white") the next word must be a name too, and in lower case after an initial.
                    boolean name = taken == 0 ? m.slotName(k) || (m.letter(k) && m.raw(i, doctorTitleBit))
                            : (m.slotName(k) && !m.unknownWord(k)) || (m.unknownWord(k) && m.initial(k - 1));
                    if (!name || m.raw(k, credentialBit)) {
                        break;
                    }
                    m.mark(k, 0.95, type);
                    taken++;
                    continue;
                }
                boolean first = taken == 0 && m.upperish(k) && !m.stop(k);
                if (!first && (!m.contextualName(k) || (taken > 0 && !m.continuation(k))
                        || (!m.upperish(k) && !m.initial(k) && !m.lexicon(k)))) {
                    break;
                }
                m.mark(k, 0.95, type);
                taken++;
            }
        }
    }

    /** "Kim Nguyen, LCSW", "J. Smith MD", "Goldberg, Xiu (MD)"; and "LCSW White": a credential before a name. */
    private void credentials(Marks m) {
        NoteText note = m.note;
        for (int i : tokensIn(note, credentialBit)) {
            if (note.caseShape(i) == NoteText.Shape.LOWER
                    || note.caseShape(i) == NoteText.Shape.CAPITALIZED && note.tokenEnd(i) - note.tokenStart(i) < 3) {
                continue;
            }
            // "LCSW White", "PhD de la Cruz": a credential written before the name.
            if (i + 1 < note.tokenCount() && (m.joined(i, i + 1) || nameLineAfter(m, i)) && note.caseShape(i) != NoteText.Shape.LOWER
                    && !credentialsNotBeforeNames.containsLower(note.lower(i)) && !m.raw(i + 1, credentialBit)
                    && (((m.upperish(i + 1) || m.listedName(i + 1)) && m.contextualName(i + 1)) || m.particleBeforeName(i + 1))) {
                int k = i + 1;
                for (int taken = 0; k < note.tokenCount() && taken < 4 && (taken == 0 || m.joined(k - 1, k)); taken++, k++) {
                    boolean particle = m.particleBeforeName(k);
                    if (!particle && !(taken == 0 ? (m.upperish(k) || m.listedName(k)) && m.contextualName(k) : m.continuation(k))
                            || m.raw(k, credentialBit)) {
                        break;
                    }
                    m.mark(k, 0.85, PhiType.DOCTOR);
                }
            }
            if (i == 0) {
                continue;
            }
            String gap = note.gapBefore(i);
            if (!(gap.equals(" ") || gap.equals(", ") || gap.equals(",") || gap.equals(" ,") || gap.equals(" ("))) {
                continue;
            }
            int k = i - 1;
            int taken = 0;
            boolean comma = false;
            while (k >= 0 && taken < 4 && ((m.upperish(k) || m.initial(k) || m.listedName(k)) && (m.contextualName(k) || m.lexicon(k))
                    || m.particleBeforeName(k)) && !m.raw(k, credentialBit)) {
                m.mark(k, 0.9, PhiType.DOCTOR);
                taken++;
                if (k == 0) {
                    break;
                }
                if (!m.joined(k - 1, k)) {
                    String g = note.gapBefore(k);
                    if (comma || !(g.equals(", ") || g.equals(","))) {
                        break;
                    }
                    comma = true;
                }
                k--;
            }
        }
    }

    /**
     * "LCSW\nHall": a credential in capitals ending a line, and a lexicon name alone on the next (or with another
     * lexicon name), as signature blocks wrap.
     */
    private static boolean nameLineAfter(Marks m, int i) {
        NoteText note = m.note;
        int k = i + 1;
        String gap = note.gapBefore(k);
        if (note.caseShape(i) != NoteText.Shape.UPPER || !(gap.equals("\n") || gap.equals(" \n"))
                || note.caseShape(k) != NoteText.Shape.CAPITALIZED || !m.lexicon(k) || m.stop(k)) {
            return false;
        }
        int n = note.tokenCount();
        if (k + 1 >= n || note.gapBefore(k + 1).indexOf('\n') >= 0) {
            return true;
        }
        return m.joined(k, k + 1) && m.upperish(k + 1) && m.lexicon(k + 1)
                && (k + 2 >= n || note.gapBefore(k + 2).indexOf('\n') >= 0);
    }

    /** "Signed by: Kim Nguyen", "Emergency contact: smith, john", "Patient: DOE, JANE". */
    private void labels(Marks m) {
        NoteText note = m.note;
        String lower = note.lowerText();
        for (PhraseIndex.Hit<PhiType> hit : labels.find(note)) {
            int end = hit.end();
            int p = end;
            boolean field = false;
            while (p < lower.length() && p - end < 4 && (lower.charAt(p) == ':' || lower.charAt(p) == ' '
                    || lower.charAt(p) == '-' || lower.charAt(p) == '\t' || lower.charAt(p) == '#')) {
                field |= lower.charAt(p) != ' ';
                p++;
            }
            // A label opening a header field ("| Patient FOX, HEATHER |") is a form field too.
            int s = hit.start();
            field |= (s >= 1 && lower.charAt(s - 1) == '|') || (s >= 2 && lower.charAt(s - 2) == '|' && lower.charAt(s - 1) == ' ');
            // So is one whose value a pipe closes ("Patient christian grant | MRN ..."), even in lower case.
            field |= pipeCloses(lower, p);
            int k = note.tokenAtOrAfter(p);
            String phrase = lower.substring(hit.start(), hit.end());
            takeNameAt(m, k, p, hit.value(), 0.9, field, roles.containsLower(phrase));
            // "written by award": a login after a signature label, not after a role or a verb ("md aware").
            if (hit.value() == PhiType.DOCTOR && (field || phrase.endsWith(" by") || phrase.startsWith("sign"))) {
                loginAfterSignature(m, k, p);
            }
        }
    }

    /** Whether a pipe ends the field value starting at {@code p}: at most 40 characters of words, on one line. */
    private static boolean pipeCloses(String lower, int p) {
        for (int q = p; q < lower.length() && q - p <= 40; q++) {
            char c = lower.charAt(q);
            if (c == '|') {
                return q > p;
            }
            if (!(Character.isLetter(c) || c == ' ' || c == ',' || c == '.' || c == '\'' || c == '-')) {
                return false;
            }
        }
        return false;
    }

    /**
     * "Note written by award;": a signature label followed by one word that is an initial and a surname (the shape of
     * a login, A. Ward), even when it spells an ordinary word; lower case, or capitals in a note written in capitals.
     */
    private void loginAfterSignature(Marks m, int k, int offset) {
        NoteText note = m.note;
        if (k >= note.tokenCount() || note.tokenStart(k) != offset || m.score[k] >= Resolver.THRESHOLD
                || !(note.caseShape(k) == NoteText.Shape.LOWER || (note.caseShape(k) == NoteText.Shape.UPPER && note.caseless()))
                || m.norm[k].length() < 4 || (k + 1 < note.tokenCount() && m.joined(k, k + 1) && m.alpha(k + 1))) {
            return;
        }
        if (surnameAfterInitial(m.norm[k])) {
            m.mark(k, 0.8, PhiType.USERNAME);
        }
    }

    /**
     * Marks a name of up to four tokens starting exactly at {@code offset}, "Last, First" allowed. After a form field
     * label ("Name:") a name may be in any case; after a label in running text ("pt declines", "brother owns") only
     * a capitalised word that is not an ordinary word, or a capitalised lexicon name, counts.
     */
    private void takeNameAt(Marks m, int k, int offset, PhiType type, double score, boolean field, boolean role) {
        NoteText note = m.note;
        if (k >= note.tokenCount() || note.tokenStart(k) != offset) {
            return;
        }
        if (m.raw(k, titleBit)) {
            return; // the title rule takes it from here
        }
        int taken = 0;
        boolean comma = false;
        int prev = -1;
        boolean pairStarted = false;
        while (k < note.tokenCount() && taken < 5 && (m.contextualName(k) || (taken > 0 && m.particleBeforeName(k)))) {
            // "Patient destiny lopez": two lexicon names in lower case, one of them not an ordinary word.
            boolean lowerPair = note.caseShape(k) == NoteText.Shape.LOWER && m.lexicon(k)
                    && (taken > 0 || (k + 1 < note.tokenCount() && m.joined(k, k + 1) && m.lexicon(k + 1)
                    && (!m.isVocabulary[k] || !m.isVocabulary[k + 1])));
            // "Patient FOX, HEATHER": a surname, a comma and a first name, both in capitals, after a label; in a note
            // not all in capitals, "Patient WALKER, AIKO": a first name outside the lexicon that is no ordinary word.
            boolean lastFirst = (taken == 0 && m.upperish(k) && m.isLast[k] && k + 1 < note.tokenCount()
                    && note.gapBefore(k + 1).equals(", ") && m.upperish(k + 1) && !m.stop(k + 1)
                    && (m.isFirst[k + 1] || (!m.common(k + 1) && !m.raw(k + 1, credentialBit) && !note.caseless()
                    && loneWord(m, k + 1))))
                    || (taken == 1 && pairStarted);
            pairStarted = lastFirst && taken == 0;
            // "note by r. nwachukwu": after an initial, a word no list holds; so after a role ("rn gutierrez").
            boolean afterInitial = m.blind(k) && m.unknownWord(k) && (taken > 0 ? m.initial(prev) : role);
            // In lower case a field's value ("re: vanc trough") is a name only as a name reads without capitals: a
            // listed name ("patient: bobby white"), or a word no list holds after a clinician's label.
            if (field && m.blind(k) && !afterInitial && !m.initial(k) && !m.nameLike[k] && !m.lexicon(k)
                    && !(type == PhiType.DOCTOR && m.unknownWord(k)) && !(taken > 0 && m.particleBeforeName(k))) {
                break;
            }
            if (!field && !m.initial(k) && !lowerPair && !lastFirst && !afterInitial
                    && !(taken > 0 && m.particleBeforeName(k)) && !(m.upperish(k)
                    && (!m.common(k) || (m.lexicon(k) && note.caseShape(k) == NoteText.Shape.CAPITALIZED && !note.caseless())))) {
                break;
            }
            if (prev >= 0 && !m.joined(prev, k)) {
                String gap = note.gapBefore(k);
                if (!comma && (gap.equals(", ") || gap.equals(",")) && taken == 1) {
                    comma = true;
                } else {
                    break;
                }
            }
            if (m.raw(k, credentialBit) && note.caseShape(k) == NoteText.Shape.UPPER) {
                break;
            }
            m.mark(k, score, type);
            taken++;
            prev = k;
            k++;
        }
    }

    /**
     * "healey aware", "dtr jen to call", "wife mary at bedside": a word right before a phrase said of people
     * ({@code name-followers}) that reads as a name without its case, with a first name before it if there is one.
     */
    private void followers(Marks m) {
        NoteText note = m.note;
        for (int j = 1; j < note.tokenCount(); j++) {
            if (!m.followerAt(j)) {
                continue;
            }
            int k = j - 1;
            if (k < 0 || !note.gapBefore(j).equals(" ") || !m.nameLike[k] || !m.blind(k) || m.score[k] >= 0.85) {
                continue;
            }
            m.mark(k, 0.8, PhiType.PATIENT);
            if (k > 0 && m.joined(k - 1, k) && m.nameLike[k - 1] && m.blind(k - 1)) {
                m.mark(k - 1, 0.8, PhiType.PATIENT);
            }
        }
    }

    /**
     * A signature line in any case: "-- j. smith rn", "K. Oduya RN", "m. ferreira, rn": at the start of a line (or
     * after dashes), an initial or a name, up to two more name words, and a clinician's credential closing the line.
     * Here a word no list holds is a name too.
     */
    private void signatures(Marks m) {
        NoteText note = m.note;
        int n = note.tokenCount();
        for (int c : tokensIn(note, credentialBit)) {
            if (c == 0 || !endsLine(note, c) || credentialsNotBeforeNames.containsLower(note.lower(c))) {
                continue;
            }
            String gap = note.gapBefore(c);
            if (!(gap.equals(" ") || gap.equals(", ") || gap.equals(","))) {
                continue;
            }
            int first = c - 1;
            boolean sawInitial = false;
            while (first >= 0 && c - first <= 3) {
                boolean word = m.initial(first) || m.nameLike[first] || m.unknownWord(first)
                        || (m.lexicon(first) && !m.stop(first));
                if (!word) {
                    break;
                }
                sawInitial |= m.initial(first);
                if (first == 0 || !m.joined(first - 1, first) || startsLine(note, first)) {
                    break;
                }
                first--;
            }
            if (first < 0 || first >= c || !startsLine(note, first)) {
                continue;
            }
            // Lower case: one initial at least, or every word a name; capitals say it in a note with case.
            boolean names = true;
            for (int k = first; k < c; k++) {
                names &= m.initial(k) || m.nameLike[k] || (!m.blind(k) && m.upperish(k));
            }
            if (!sawInitial && !names) {
                continue;
            }
            for (int k = first; k < c; k++) {
                m.mark(k, 0.85, PhiType.DOCTOR);
            }
        }
    }

    /** Whether token {@code i} starts its line, perhaps after dashes ("-- j. smith rn"). */
    private static boolean startsLine(NoteText note, int i) {
        String gap = note.gapBefore(i);
        if (i == 0) {
            return gap.isBlank() || gap.strip().chars().allMatch(ch -> ch == '-');
        }
        int nl = Math.max(gap.lastIndexOf('\n'), gap.lastIndexOf('\r'));
        return nl >= 0 && gap.substring(nl + 1).strip().chars().allMatch(ch -> ch == '-');
    }

    /** Whether token {@code i} ends its line (or the text), a period or comma and spaces allowed after it. */
    private static boolean endsLine(NoteText note, int i) {
        int end = note.tokenEnd(i);
        String text = note.text();
        for (int p = end; p < text.length(); p++) {
            char ch = text.charAt(p);
            if (ch == '\n' || ch == '\r') {
                return true;
            }
            if (ch != ' ' && ch != '.' && ch != ',' && ch != '\t') {
                return false;
            }
        }
        return true;
    }

    /** "pt's sister Hope", "his wife, Mary Brown", "Mary (wife)". */
    private void relations(Marks m) {
        NoteText note = m.note;
        for (int i : tokensIn(note, relationBit)) {
            int k = i + 1;
            if (k < note.tokenCount() && (note.lower(k).equals("named") || note.lower(k).equals("called"))) {
                k++;
            }
            if (k < note.tokenCount()) {
                String gap = note.gapBefore(k);
                boolean close = gap.equals(" ") || gap.equals(", ") || gap.equals(": ") || gap.equals(" (") || gap.equals(",")
                        || gap.equals("\n") || gap.equals(" \n");
                // "husband frank and dtr leigh", "wife june at bedside": in lower case, a listed first name that is
                // also a word, where the name would end.
                if (close && m.blind(k) && !m.upperish(k) && m.isFirst[k] && m.listedName(k)) {
                    m.mark(k, 0.8, PhiType.PATIENT);
                    if (k + 1 < note.tokenCount() && m.joined(k, k + 1) && m.blind(k + 1) && m.isLast[k + 1]
                            && (m.nameLike[k + 1] || m.listedName(k + 1))) {
                        m.mark(k + 1, 0.8, PhiType.PATIENT); // "his brother frank gray"
                    }
                }
                if (close && m.upperish(k) && (m.contextualName(k) || nextIsSurname(m, k))) {
                    int taken = 0;
                    while (k < note.tokenCount() && taken < 3 && m.upperish(k)
                            && (m.contextualName(k) || nextIsSurname(m, k) || m.particleBeforeName(k))
                            && (taken == 0 || m.joined(k - 1, k))) {
                        m.mark(k, 0.85, PhiType.PATIENT);
                        taken++;
                        k++;
                    }
                }
            }
            if (i >= 1 && ownsRelation(m, i - 1, i)) {
                m.mark(i - 1, 0.8, PhiType.PATIENT);
            }
            // "Mary (wife)" and "Mary, his wife": the name before the relation word.
            if (i >= 2) {
                String gap = note.gapBefore(i);
                int j = i - 1;
                boolean possessive = false;
                if (relationPossessives.containsLower(note.lower(j)) && j >= 2 && note.lower(j - 1).equals("the")
                        && note.gapBefore(j).equals(" ")) {
                    j--; // "GRACE, the patient's daughter"
                }
                if (relationPossessives.containsLower(note.lower(j)) || note.lower(j).equals("the")) {
                    if (note.gapBefore(j).endsWith("(") || note.gapBefore(j).equals(", ")) {
                        gap = note.gapBefore(j); // "PRECIOUS (his mother)", "JUNE, his mother": a possessive between
                        j--;
                        possessive = true;
                    }
                }
                if (gap.endsWith("(") || gap.equals(", ")) {
                    if (gap.equals(", ") && (note.lower(j).equals("his") || note.lower(j).equals("her") || note.lower(j).equals("their"))) {
                        j--;
                    }
                    if (j >= 0 && j < i && m.upperish(j) && m.contextualName(j)
                            && (j == i - 1 || possessive || note.gapBefore(j + 1).equals(", "))) {
                        m.mark(j, 0.85, PhiType.PATIENT);
                        if (j > 0 && m.joined(j - 1, j) && m.upperish(j - 1) && m.contextualName(j - 1) && m.lexicon(j - 1)) {
                            m.mark(j - 1, 0.85, PhiType.PATIENT);
                        }
                    }
                }
            }
        }
    }

    /** Whether a name would end after token {@code k}: punctuation, a line end, "and", or a phrase said of people. */
    private boolean nameEndsAfter(Marks m, int k) {
        NoteText note = m.note;
        if (k + 1 >= note.tokenCount()) {
            return true;
        }
        String gap = note.gapBefore(k + 1);
        if (!gap.equals(" ")) {
            return !gap.isBlank() || gap.indexOf('\n') >= 0;
        }
        return note.lower(k + 1).equals("and") || m.followerAt(k + 1);
    }

    /**
     * "Ivy's husband", "HOPE'S MOTHER", "CASH'S HUSBAND", "rose's husband": a known name that owns the relation word
     * right after it. Where case says nothing (capitals, lower case) the slot itself is the evidence, so a name-lexicon
     * word that is also an ordinary word counts too; "patient's husband" and "mother's sister" stay, as no name list
     * holds them.
     */
    private boolean ownsRelation(Marks m, int owner, int relation) {
        // norm is the token without its possessive (stripPossessive), so a shorter one was "Ivy's".
        boolean possessive = m.norm[owner].length() < m.note.lower(owner).length();
        return possessive && m.note.gapBefore(relation).equals(" ") && (m.upperish(owner) || m.listedName(owner))
                && m.lexicon(owner) && !m.stop(owner) && !m.normIs(owner, titleBit);
    }

    private boolean nextIsSurname(Marks m, int k) {
        return k + 1 < m.note.tokenCount() && m.joined(k, k + 1) && m.upperish(k + 1) && m.normIs(k + 1, lastBit);
    }

    /** "Harmony is a 34 y/o F", "J.S. is a 76 yo female": a sentence about a person of a stated age. */
    private void isAnAge(Marks m) {
        NoteText note = m.note;
        int n = note.tokenCount();
        // Word indexes rather than a string comparison per token (-1 where the note lacks the word).
        int is = note.wordIndex("is");
        int a = note.wordIndex("a");
        int an = note.wordIndex("an");
        if (is < 0 || (a < 0 && an < 0)) {
            return;
        }
        for (int i = 0; i + 3 < n; i++) {
            if (note.wordId(i + 1) != is || !(note.wordId(i + 2) == a || note.wordId(i + 2) == an)
                    || !(note.caseShape(i + 3) == NoteText.Shape.DIGITS || note.caseShape(i + 3) == NoteText.Shape.MIXED)) {
                continue;
            }
            // "B.A. is a 17 yo": the second of two initials may be a stop word ("A", "I").
            boolean pairedInitial = m.initial(i) && i > 0 && m.initial(i - 1) && m.joined(i - 1, i);
            if (!(m.upperish(i) || m.initial(i) || m.listedName(i)) || (m.stop(i) && !pairedInitial) || m.normIs(i, titleBit)
                    || (!m.lexicon(i) && m.normIs(i, vocabularyBit) && !m.initial(i))) {
                continue;
            }
            m.mark(i, 0.8, PhiType.PATIENT);
            for (int k = i - 1; k >= 0 && i - k <= 2 && m.joined(k, k + 1) && (m.upperish(k) || m.initial(k))
                    && (m.initial(k) || !m.stop(k)) && !m.normIs(k, titleBit); k--) {
                m.mark(k, 0.8, PhiType.PATIENT);
            }
        }
    }

    /** "Discharge Summary for Lupita Q. Campbell, 78 yo", "ananya gray (56 years old)": a name, then an age. */
    private void nameThenAge(Marks m) {
        NoteText note = m.note;
        int n = note.tokenCount();
        for (int d = 1; d + 1 < n; d++) {
            if (note.caseShape(d) != NoteText.Shape.DIGITS || note.tokenEnd(d) - note.tokenStart(d) > 3
                    || !ageUnits.containsLower(note.lower(d + 1))) {
                continue;
            }
            String gap = note.gapBefore(d);
            if (!(gap.equals(", ") || gap.equals(" (") || gap.equals(" ("))) {
                continue;
            }
            int k = d - 1;
            int taken = 0;
            // Up to four words: "gary de la cruz, 24 yo" (particles join a surname).
            while (k >= 0 && taken < 4 && (taken == 0 || m.joined(k, k + 1))
                    && (m.initial(k) || (!m.stop(k) && (m.upperish(k) || m.lexicon(k)) && (m.lexicon(k) || !m.isVocabulary[k]))
                    || (taken > 0 && k > 0 && m.normIs(k, particleBit) && m.joined(k - 1, k)))) {
                taken++;
                k--;
            }
            boolean anyName = false;
            for (int t = k + 1; t < d; t++) {
                anyName |= m.lexicon(t) || (m.upperish(t) && !m.isVocabulary[t]);
            }
            if (taken > 0 && anyName) {
                for (int t = k + 1; t < d; t++) {
                    m.mark(t, 0.75, PhiType.PATIENT);
                }
            }
        }
    }

    /** "J.M.", "S.R.": a person's initials, unless they spell a common abbreviation (a.m., U.S., M.D.). */
    private void initials(Marks m) {
        NoteText note = m.note;
        String text = note.text();
        int n = note.tokenCount();
        for (int i = 0; i + 1 < n; i++) {
            if (!m.initial(i) || !(m.initial(i + 1) || lowerInitial(note, i + 1)) || !m.joined(i, i + 1)) {
                continue;
            }
            int end = note.tokenEnd(i + 1);
            if (end >= text.length() || text.charAt(end) != '.') {
                continue;
            }
            String pair = m.norm[i] + m.norm[i + 1];
            boolean lowerSecond = !m.initial(i + 1) || Character.isLowerCase(text.charAt(note.tokenStart(i + 1)));
            if (!abbreviationsNotInitials.containsLower(pair)
                    && !(lowerSecond && latinAbbreviations.containsLower(pair))
                    && (i == 0 || !m.initial(i - 1) || !m.joined(i - 1, i))) {
                m.mark(i, 0.6, PhiType.PATIENT);
                m.mark(i + 1, 0.6, PhiType.PATIENT);
            }
        }
    }

    /** A second initial written in lower case after a capital one ("G.d."): one letter and a period. */
    private static boolean lowerInitial(NoteText note, int i) {
        int start = note.tokenStart(i);
        return note.tokenEnd(i) - start == 1 && Character.isLowerCase(note.text().charAt(start))
                && start > 0 && note.text().charAt(start - 1) == '.'
                && start + 1 < note.length() && note.text().charAt(start + 1) == '.';
    }

    /** Lexicon names without other context: unambiguous first names and surnames, pairs, "Last, First". */
    private void lexicon(Marks m) {
        NoteText note = m.note;
        int n = note.tokenCount();
        // Per distinct word: 0 not yet asked, 1 an initial and a surname, 2 not (the norm depends on the word only).
        byte[] initialSurname = new byte[note.wordCount()];
        for (int i = 0; i < n; i++) {
            if (!m.alpha(i) || m.stop(i)) {
                continue;
            }
            boolean first = m.isFirst[i];
            boolean last = m.isLast[i];
            String w = m.norm[i];
            if (!first && !last && !m.isVocabulary[i] && w.length() >= 5 && note.caseShape(i) != NoteText.Shape.CAPITALIZED
                    && initialAndSurname(initialSurname, note.wordId(i), w)) {
                // "jsmith", "TCRUZ": an initial and a surname, the usual shape of a login.
                m.mark(i, 0.6, PhiType.USERNAME);
                continue;
            }
            if (!first && !last) {
                continue;
            }
            boolean common = m.isVocabulary[i];
            boolean nextJoined = i + 1 < n && m.joined(i, i + 1);
            if (m.upperish(i)) {
                if (!common) {
                    m.mark(i, first ? 0.75 : 0.7, PhiType.PATIENT);
                } else if (first && nextJoined && m.normIs(i + 1, verbBit) && !m.normIs(i, relationBit)
                        && !m.normIs(i, titleBit) && note.caseShape(i) == NoteText.Shape.CAPITALIZED
                        && note.caseShape(i + 1) == NoteText.Shape.LOWER) {
                    // "Dawn reports": a common first name as the subject of a verb said of people (not in capitals,
                    // where "HOPE FEELS" may be a heading).
                    m.mark(i, 0.7, PhiType.PATIENT);
                } else if (first && !note.caseless() && nextJoined && m.upperish(i + 1) && !m.stop(i + 1)
                        && (m.normIs(i + 1, lastBit) || !m.common(i + 1))) {
                    // "Hope Nguyen", "Will Brown": a common first name followed by a surname.
                    m.mark(i, 0.65, PhiType.PATIENT);
                    m.mark(i + 1, 0.65, PhiType.PATIENT);
                }
                // "Smith, John" / "BROWN, HOPE": surname, comma, first name.
                // "WALKER, AIKO": in capitals in a note that is not, as headers write it, also a first name outside
                // the lexicon that is no ordinary word; not "STREET, TACOMA" or "HOPE, AR" (a place) or "LEE, PGY".
                if (i + 1 < n && note.gapBefore(i + 1).equals(", ") && m.upperish(i + 1)
                        && (m.normIs(i + 1, firstBit) || (last && !m.common(i + 1) && upperName(m, i) && upperName(m, i + 1)
                        && !m.normIs(i + 1, credentialBit) && !m.normIs(i + 1, titleBit) && !m.normIs(i + 1, cityBit)
                        && !m.normIs(i + 1, stateBit) && !m.normIs(i, streetBit) && loneWord(m, i + 1)))
                        && (!common || !m.common(i + 1)) && (last || !common)) {
                    m.mark(i, 0.85, PhiType.PATIENT);
                    m.mark(i + 1, 0.85, PhiType.PATIENT);
                }
            } else if (note.caseShape(i) == NoteText.Shape.LOWER && !common) {
                boolean pair = nextJoined && note.caseShape(i + 1) == NoteText.Shape.LOWER
                        && m.normIs(i + 1, lastBit) && !m.stop(i + 1);
                if (first && pair) {
                    m.mark(i, 0.7, PhiType.PATIENT);
                    m.mark(i + 1, 0.7, PhiType.PATIENT);
                }
            }
        }
    }

    /** A word that no other capitalised word follows in the same phrase ("AIKO |", "AIKO is", not "GOODWILL HOUSING"). */
    private static boolean loneWord(Marks m, int i) {
        return i + 1 >= m.note.tokenCount() || !m.joined(i, i + 1) || !m.upperish(i + 1);
    }

    /** A word of three letters or more in capitals, in a note not written in capitals throughout. */
    private static boolean upperName(Marks m, int i) {
        return !m.note.caseless() && m.note.caseShape(i) == NoteText.Shape.UPPER && m.norm[i].length() >= 3;
    }

    private boolean initialAndSurname(byte[] memo, int word, String norm) {
        if (memo[word] == 0) {
            memo[word] = surnameAfterInitial(norm) ? (byte) 1 : (byte) 2;
        }
        return memo[word] == 1;
    }

    /** Whether the word after its first letter is a surname: "jsmith", "award" (J. Smith, A. Ward). */
    private boolean surnameAfterInitial(String norm) {
        return (lexicon.flagsOfSuffix(norm, 1) & lastBit) != 0;
    }

    /** Grows every name over the capitalised tokens and initials joined to it ("John A. Okafor"). */
    private void extend(Marks m) {
        NoteText note = m.note;
        int n = note.tokenCount();
        for (int i = 0; i < n; i++) {
            if (m.score[i] < Resolver.THRESHOLD) {
                continue;
            }
            int k = i + 1;
            while (k < n && k - i <= 4 && m.score[k] < Resolver.THRESHOLD && m.joined(k - 1, k)
                    && (m.continuation(k) || m.particleBeforeName(k))
                    && (m.upperish(k - 1) || m.initial(k - 1) || m.normIs(k - 1, particleBit))) {
                m.mark(k, m.score[i], m.type[i]);
                k++;
            }
            k = i - 1;
            while (k >= 0 && i - k <= 2 && m.score[k] < Resolver.THRESHOLD && m.joined(k, k + 1)
                    && (m.initial(k) || (m.upperish(k) && m.normIs(k, firstBit) && !m.stop(k)))
                    && m.upperish(k + 1)) {
                m.mark(k, m.score[i], m.type[i]);
                k--;
            }
        }
    }

    /**
     * Every other mention of a name found with confidence is the same person. Names are told apart by the index of
     * their word in the note (one array read per token instead of hashing each token's text); a possessive's base
     * that is no word of the note on its own ("smith" of "Smith's" alone) is keyed by its text.
     */
    private void propagate(Marks m) {
        NoteText note = m.note;
        int n = note.tokenCount();
        PhiType[] foundByWord = null;
        Map<String, PhiType> foundElsewhere = null;
        for (int i = 0; i < n; i++) {
            if (m.score[i] >= 0.65 && !m.initial(i) && m.norm[i].length() > 1) {
                int w = normWord(m, i);
                if (w >= 0) {
                    if (foundByWord == null) {
                        foundByWord = new PhiType[note.wordCount()];
                    }
                    if (foundByWord[w] == null) {
                        foundByWord[w] = m.type[i];
                    }
                } else {
                    if (foundElsewhere == null) {
                        foundElsewhere = new HashMap<>();
                    }
                    foundElsewhere.putIfAbsent(m.norm[i], m.type[i]);
                }
            }
        }
        if (foundByWord == null && foundElsewhere == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (m.score[i] >= Resolver.THRESHOLD || !m.alpha(i)) {
                continue;
            }
            int w = normWord(m, i);
            PhiType t = w >= 0 ? (foundByWord == null ? null : foundByWord[w])
                    : (foundElsewhere == null ? null : foundElsewhere.get(m.norm[i]));
            if (t != null && (m.upperish(i) || !m.common(i))) {
                m.mark(i, 0.8, t);
            }
        }
    }

    /** The index among the note's words of token {@code i}'s form without a possessive, or -1 if it is none. */
    private static int normWord(Marks m, int i) {
        return m.normWordOf[m.note.wordId(i)];
    }

    /**
     * What a word (without a possessive) is when its case says nothing: 1 name-like (a name lexicon's, no ordinary
     * word, title, credential or relation), 2 unknown (no set holds it), 3 neither. A hyphenated word ("forman-lyons",
     * "ruiz-lopez") is name-like when each part is a name or unknown and one part at least is a name.
     */
    private byte wordKind(String word, long flags) {
        int len = word.length();
        if (len < 2 || !letters(word)) {
            return 3;
        }
        long notName = stopBit | titleBit | credentialBit | relationBit | exclusionBit;
        if ((flags & notName) != 0 || ordinary(flags)) {
            return 3;
        }
        if ((flags & (firstBit | lastBit | populationBit)) != 0) {
            return 1;
        }
        long names = firstBit | lastBit | populationBit;
        int hyphen = word.indexOf('-');
        if (hyphen > 0) {
            // Each part a name (even an ordinary word: "chen-ward") or unknown; one part a name that is no word.
            boolean distinct = false;
            boolean allNames = true;
            int from = 0;
            while (from <= len) {
                int to = word.indexOf('-', from);
                if (to < 0) {
                    to = len;
                }
                String part = word.substring(from, to);
                long pf = lexicon.flagsOf(part);
                if (part.length() < 2 || (pf & notName) != 0 || (pf != 0 && (pf & names) == 0)) {
                    return 3;
                }
                distinct |= (pf & names) != 0 && !ordinary(pf);
                allNames &= (pf & names) != 0;
                from = to + 1;
            }
            return distinct || allNames ? (byte) 1 : (byte) 3;
        }
        if (NoteText.clitic(word)) {
            return 3;
        }
        int apostrophe = word.indexOf('\'');
        if (apostrophe > 0 && apostrophe < 3) {
            // "o'connell", "d'angelo": the lists write them without the apostrophe.
            long pf = lexicon.flagsOf(word.substring(0, apostrophe) + word.substring(apostrophe + 1));
            if ((pf & names) != 0 && !ordinary(pf)) {
                return 1;
            }
        }
        return flags == 0 && len >= 3 && vowel(word) ? (byte) 2 : (byte) 3;
    }

    /**
     * "Sumiko254", "Larue605": a capitalised name with digits appended, as synthetic records (Synthea) write them and
     * real records carry alphanumeric tokens of that shape. Two letters or more, then up to four digits; the letters a
     * name of the lexicons or no word at all, so that lab codes, drugs and units ("B12", "D5W", "G6PD", "CD4",
     * "Covid19", "T4", "A1c") stay. It reads as a name only where a capitalised word would (an age's subject, after a
     * title or a name label, beside another name).
     */
    private boolean numberedName(String token) {
        int len = token.length();
        int digits = 0;
        while (digits < len && Character.isDigit(token.charAt(len - 1 - digits))) {
            digits++;
        }
        int letters = len - digits;
        if (digits == 0 || digits > 4 || letters < 2 || !Character.isUpperCase(token.charAt(0))) {
            return false;
        }
        for (int k = 1; k < letters; k++) {
            if (!Character.isLowerCase(token.charAt(k))) {
                return false;
            }
        }
        String word = token.substring(0, letters).toLowerCase(java.util.Locale.ROOT);
        long f = lexicon.flagsOf(word);
        if ((f & (titleBit | credentialBit | relationBit | exclusionBit)) != 0) {
            return false;
        }
        // Two digits or more make a first name that is also a word ("Rocky100") or a name that is also a stop word
        // ("An125") no longer that word; units and places numbered so ("Room12", "Day14", "Ward12") are no first names.
        if ((f & vocabularyBit) != 0) {
            return digits >= 2 && (f & firstBit) != 0;
        }
        if ((f & stopBit) != 0) {
            return digits >= 2 && (f & (firstBit | populationBit)) != 0;
        }
        return (f & (firstBit | lastBit | populationBit)) != 0 || (f & dictionaryBit) == 0;
    }

    /** An ordinary word: the safe vocabulary's, or the dictionary's unless the curated name lists hold it ("tom"). */
    private boolean ordinary(long flags) {
        return (flags & vocabularyBit) != 0 || ((flags & dictionaryBit) != 0 && (flags & (firstBit | lastBit)) == 0);
    }

    private static boolean letters(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!Character.isLetter(c) && !((c == '-' || c == '\'' || c == '\u2019') && i > 0 && i + 1 < word.length())) {
                return false;
            }
        }
        return true;
    }

    private static boolean vowel(String word) {
        for (int i = 0; i < word.length(); i++) {
            if ("aeiouy".indexOf(word.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private void emit(Marks m, List<PhiSpan> out) {
        NoteText note = m.note;
        int n = note.tokenCount();
        int i = 0;
        while (i < n) {
            if (m.score[i] < Resolver.THRESHOLD) {
                i++;
                continue;
            }
            int j = i;
            double best = m.score[i];
            PhiType type = m.type[i];
            while (j + 1 < n && m.score[j + 1] >= Resolver.THRESHOLD && (m.joined(j, j + 1)
                    || note.gapBefore(j + 1).equals(", ") && j == i)) {
                j++;
                if (m.score[j] > best) {
                    best = m.score[j];
                    type = m.type[j];
                }
            }
            int start = note.tokenStart(i);
            int end = nameEnd(note, j);
            if (end > start) {
                out.add(new PhiSpan(type, start, end, best, NAME));
            }
            i = j + 1;
        }
    }

    /** The end of a name token without a possessive "'s" (kept outside name spans by the guidelines). */
    private static int nameEnd(NoteText note, int i) {
        int end = note.tokenEnd(i);
        String t = note.lower(i);
        if (t.length() > 3 && t.charAt(t.length() - 1) == 's' && (t.charAt(t.length() - 2) == '\'' || t.charAt(t.length() - 2) == '\u2019')) {
            return end - 2;
        }
        return end;
    }

    /** Indexes of the tokens that are entries of the list with this lexicon bit, or their possessives ("sister's"). */
    private int[] tokensIn(NoteText note, long bit) {
        long[] forms = note.formFlags(lexicon);
        int[] found = new int[8];
        int n = 0;
        for (int t = 0; t < forms.length; t++) {
            if ((forms[t] & bit) != 0) {
                if (n == found.length) {
                    found = java.util.Arrays.copyOf(found, n * 2);
                }
                found[n++] = t;
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    static String stripPossessive(String lower) {
        int len = lower.length();
        if (len > 3 && lower.charAt(len - 1) == 's' && (lower.charAt(len - 2) == '\'' || lower.charAt(len - 2) == '\u2019')) {
            return lower.substring(0, len - 2);
        }
        return lower;
    }
}
