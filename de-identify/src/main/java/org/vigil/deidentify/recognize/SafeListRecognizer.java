package org.vigil.deidentify.recognize;

import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.List;

/**
 * The residual check, Philter's lesson: after the other recognizers, a word in a name position that no vocabulary
 * explains is removed, on the view that such a word in a clinical note is more likely a name or place than anything
 * else. Trades a little precision for recall; words another recognizer found are merged by the resolver, so what this
 * one alone adds is the note's residual ({@code DeidResult.Clean#residual}). Three shapes:
 * <ul>
 *   <li>in a note with ordinary capitals, a word written as a name is (a capital, then lower case) that neither the
 *       safe vocabulary, the stop words nor the spelling dictionary holds, or that the dictionary holds but a curated
 *       name list too ("Amber"); words in capitals are abbreviations here far more often than names;</li>
 *   <li>where case says nothing (a note in capitals or in lower case throughout), such a word only in a name slot:
 *       right after a title, a relation or a verb of contact ("spoke with kettleby",
 *       "wife, ondine"), or right before a credential or a verb a name comes before ("brisbois rn", "ondine states"),
 *       or a place's slot, after "from", "in", "at", "to" ({@code place-prepositions}: "pt from pikesville");
 *       the cue words are data ({@code residual-cues-before}, {@code residual-cues-after});</li>
 *   <li>in any note, a name with digits appended ("Marine542"): letters that are a name, or no word, then one to four
 *       digits.</li>
 * </ul>
 */
public final class SafeListRecognizer implements Recognizer {

    public static final String NAME = "safe-list";

    private final Lexicon lexicon;
    private final long safeBits;
    private final long dictionaryBit;
    private final long curatedNameBits;
    private final long nameBits;
    private final long cueBits;
    private final long credentialBit;
    private final long placeBits;
    private final long placePrepositionBit;
    private final WordList peoples;
    private final long firstBit;
    private final long verbBit;
    private final WordList cuesBefore;
    private final WordList cuesAfter;

    /** With the ruleset's lists and shared lexicon, which must hold the sets named below under their ruleset names. */
    public SafeListRecognizer(java.util.Map<String, WordList> lists, Lexicon lexicon) {
        this.lexicon = lexicon;
        this.cuesBefore = lists.get("residual-cues-before");
        this.cuesAfter = lists.get("residual-cues-after");
        this.firstBit = lexicon.bit("first-names");
        this.verbBit = lexicon.bit("person-verbs");
        this.safeBits = lexicon.bit("safe-vocabulary") | lexicon.bit("name-stopwords");
        this.dictionaryBit = lexicon.bitIfPresent("english-dictionary");
        this.curatedNameBits = lexicon.bit("first-names") | lexicon.bit("surnames");
        this.nameBits = curatedNameBits | lexicon.bitIfPresent("population-names");
        this.credentialBit = lexicon.bit("credentials");
        // Titles and relations come before a name; credentials do too in signatures, but "pt" and "ot" are
        // credentials that come before everything in a nursing note, so credentials count only after the word.
        this.cueBits = lexicon.bit("name-titles") | lexicon.bit("doctor-titles") | lexicon.bit("relations");
        // A city is an identifier; states and countries are not (Safe Harbor), so their lists explain a word.
        this.placeBits = lexicon.bit("cities");
        this.placePrepositionBit = lexicon.bit("place-prepositions");
        this.peoples = lists.get("peoples-and-languages");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        long[] flags = note.normFlags(lexicon);
        boolean caseless = note.caseless();
        for (int i = 0; i < note.tokenCount(); i++) {
            NoteText.Shape shape = note.shape(i);
            // Cheap tests first: most tokens are lower case in a cased note, or outside any name slot in a caseless one.
            if (shape != NoteText.Shape.MIXED && (caseless ? !inNameSlot(note, flags, i)
                    : shape != NoteText.Shape.CAPITALIZED)) {
                continue;
            }
            String lower = note.lower(i);
            String word = NameRecognizer.stripPossessive(lower);
            int end = note.tokenEnd(i) - (word.length() < lower.length() ? 2 : 0);
            if (shape == NoteText.Shape.MIXED) {
                if (numberedName(word, !caseless, note, i)) {
                    out.add(new PhiSpan(PhiType.PATIENT, note.tokenStart(i), end, 0.55, NAME));
                }
                continue;
            }
            if (word.length() < 2 || !letters(word) || note.contraction(i)) {
                continue;
            }
            boolean residual = caseless ? unexplained(word, flags[i])
                    : unexplained(word, flags[i]) && nameCase(note.token(i));
            if (residual) {
                // After "from", "in", "at" the word is more likely a place ("pt from pikesville").
                PhiType type = caseless && placeSlot(note, flags, i) ? PhiType.LOCATION_OTHER : PhiType.PATIENT;
                out.add(new PhiSpan(type, note.tokenStart(i), end, 0.55, NAME));
            }
        }
    }

    /**
     * Written as a name is: a capital, then lower case, three letters or more ("Kettleby", "O'Neill", "Ruiz-Lopez").
     * Capitals throughout (PERRL, HEENT) and inner capitals (KCl, DTRs) are abbreviations far more often than names,
     * and two letters (Cr, Cl) are element and lab symbols.
     */
    private static boolean nameCase(String token) {
        if (token.length() < 3 || !Character.isUpperCase(token.charAt(0))) {
            return false;
        }
        for (int k = 1; k < token.length(); k++) {
            char c = token.charAt(k);
            char prev = token.charAt(k - 1);
            boolean partStart = prev == '-' || prev == '\'' || prev == '\u2019';
            if (Character.isUpperCase(c) ? !partStart : !(Character.isLowerCase(c) || c == '-' || c == '\'' || c == '\u2019')) {
                return false;
            }
        }
        return true;
    }

    /**
     * No vocabulary explains the word: no list holds it but the name and place lists (the safe vocabulary, the stop
     * words, the context lists: relations, credentials, care settings), the dictionary holds it only where no curated
     * name list does, and neither does it hold the word's stem ("ambulates", "titrated": the lists keep base forms).
     */
    private boolean unexplained(String word, long f) {
        if (word.indexOf('-') > 0) {
            for (String part : word.split("-")) {
                if (!part.isEmpty() && unexplained(part, lexicon.flagsOf(part))) {
                    return true;
                }
            }
            return false;
        }
        if ((f & ~(nameBits | placeBits | dictionaryBit)) != 0 || peoples.containsLower(word)) {
            return false;
        }
        if ((f & dictionaryBit) != 0) {
            return (f & curatedNameBits) != 0;
        }
        return f != 0 || !inflectionOfKnown(word);
    }

    /** "ambulates", "ambulated", "titrating", "repleted": an ending on a word some list holds (base or with an e). */
    private boolean inflectionOfKnown(String word) {
        for (String ending : ENDINGS) {
            int stem = word.length() - ending.length();
            if (stem >= 3 && word.endsWith(ending)) {
                String base = word.substring(0, stem);
                if (known(base) || known(base + "e")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final String[] ENDINGS = {"s", "es", "ed", "d", "ing", "ly"};

    private boolean known(String base) {
        long f = lexicon.flagsOf(base);
        return (f & ~(nameBits | placeBits)) != 0;
    }

    /**
     * After "from", "in", "at": a word of five letters or more with a vowel, as town names are; shorter unexplained
     * words there are the abbreviations of sites and murmurs ("at LSB", "at RUSB", "from OSH").
     */
    private boolean placeSlot(NoteText note, long[] flags, int i) {
        if (i == 0 || (flags[i - 1] & placePrepositionBit) == 0 || !note.gapBefore(i).equals(" ")) {
            return false;
        }
        String word = note.lower(i);
        return word.length() >= 5 && (word.indexOf('a') >= 0 || word.indexOf('e') >= 0 || word.indexOf('i') >= 0
                || word.indexOf('o') >= 0 || word.indexOf('u') >= 0);
    }

    private boolean inNameSlot(NoteText note, long[] flags, int i) {
        if (placeSlot(note, flags, i)) {
            return true;
        }
        if (i > 0 && nearGap(note.gapBefore(i))) {
            String before = note.lower(i - 1);
            if ((flags[i - 1] & cueBits) != 0 || cuesBefore.containsLower(before)
                    || (i > 1 && note.gapBefore(i - 1).equals(" ")
                    && cuesBefore.containsLower(note.lower(i - 2) + " " + before))) {
                return true;
            }
        }
        // After the word, only a space: "cdi. pt ..." and "hcp, lives ..." start another phrase.
        return i + 1 < note.tokenCount() && note.gapBefore(i + 1).equals(" ")
                && ((flags[i + 1] & (credentialBit | verbBit)) != 0 || cuesAfter.containsLower(note.lower(i + 1)));
    }

    private static boolean nearGap(String gap) {
        return gap.equals(" ") || gap.equals(", ") || gap.equals(": ");
    }

    /**
     * "Marine542", "Rocky100": letters, then one to four digits, the letters a name of the lexicons or no word at all;
     * lab codes, drugs and units ("B12", "D5W", "CD4", "Covid19", "Room12") stay. {@code cased}: the token's own case
     * must be a name's (a capital, then lower case), as it is in a note with ordinary capitals.
     */
    private boolean numberedName(String lower, boolean cased, NoteText note, int i) {
        int len = lower.length();
        int digits = 0;
        while (digits < len && Character.isDigit(lower.charAt(len - 1 - digits))) {
            digits++;
        }
        int letters = len - digits;
        if (digits == 0 || digits > 4 || letters < 3) {
            return false;
        }
        for (int k = 0; k < letters; k++) {
            if (!Character.isLetter(lower.charAt(k))) {
                return false;
            }
        }
        if (cased) {
            String token = note.token(i);
            if (!Character.isUpperCase(token.charAt(0)) || !Character.isLowerCase(token.charAt(1))) {
                return false;
            }
        }
        String word = lower.substring(0, letters);
        long f = lexicon.flagsOf(word);
        if ((f & safeBits) != 0) {
            // "Rocky100": an ordinary word that is a curated first name, numbered past what a unit or a dose shows.
            return digits >= 2 && (f & firstBit) != 0;
        }
        return (f & nameBits) != 0 || (f & dictionaryBit) == 0;
    }

    private static boolean letters(String word) {
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (!Character.isLetter(c) && !(c == '-' && k > 0 && k + 1 < word.length())) {
                return false;
            }
        }
        return true;
    }

}
