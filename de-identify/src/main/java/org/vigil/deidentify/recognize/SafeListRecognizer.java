package org.vigil.deidentify.recognize;

import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.List;

/**
 * Philter's lesson, as an option: removes every capitalised word that is neither in the safe vocabulary (common
 * English and medical words, section headings, drug names) nor a known abbreviation, on the view that an unknown
 * capitalised word in a clinical note is more likely a name or place than anything else. Trades precision for
 * recall; words already found by another recognizer are merged by the resolver.
 */
public final class SafeListRecognizer implements Recognizer {

    static final String NAME = "safe-list";

    private final WordList vocabulary;
    private final WordList stopWords;
    private final Lexicon lexicon;
    private final long safeBits;

    public SafeListRecognizer(WordList vocabulary, WordList stopWords) {
        this(vocabulary, stopWords, new Lexicon(java.util.Map.of("safe-vocabulary", vocabulary.entries(),
                "name-stopwords", stopWords.entries())));
    }

    /** With the ruleset's shared lexicon, which must hold both lists under their ruleset names. */
    public SafeListRecognizer(WordList vocabulary, WordList stopWords, Lexicon lexicon) {
        this.vocabulary = vocabulary;
        this.stopWords = stopWords;
        this.lexicon = lexicon;
        this.safeBits = lexicon.bit("safe-vocabulary") | lexicon.bit("name-stopwords");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        long[] safe = note.normFlags(lexicon);
        for (int i = 0; i < note.tokenCount(); i++) {
            NoteText.Shape shape = note.shape(i);
            if (shape != NoteText.Shape.CAPITALIZED && shape != NoteText.Shape.UPPER) {
                continue;
            }
            String word = NameRecognizer.stripPossessive(note.lower(i));
            if (word.length() < 2 || (safe[i] & safeBits) != 0) {
                continue;
            }
            // Short all-capital tokens are abbreviations (SI, HI, AVH, ETOH) far more often than names.
            if (shape == NoteText.Shape.UPPER && word.length() <= 4) {
                continue;
            }
            if (word.indexOf('-') > 0 && allPartsSafe(word)) {
                continue;
            }
            int end = note.tokenEnd(i) - (word.length() < note.lower(i).length() ? 2 : 0);
            out.add(new PhiSpan(PhiType.PATIENT, note.tokenStart(i), end, 0.55, NAME));
        }
    }

    private boolean allPartsSafe(String word) {
        for (String part : word.split("-")) {
            if (!part.isEmpty() && !vocabulary.containsLower(part) && !stopWords.containsLower(part)) {
                return false;
            }
        }
        return true;
    }
}
