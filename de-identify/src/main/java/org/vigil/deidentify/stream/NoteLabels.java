package org.vigil.deidentify.stream;

import org.vigil.deidentify.recognize.WordList;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells whether a note-type or author-role label is one of the known, identifier-free labels of
 * {@code lists/note-labels.txt}: those pass unchanged, so that "Psychiatry Progress Note" is not read as a name and
 * note-type filters keep working downstream; any other label goes through the de-identifier like note text.
 */
final class NoteLabels {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern JOINER = Pattern.compile(" / ");

    private final WordList known;

    NoteLabels(WordList known) {
        this.known = known;
    }

    static NoteLabels standard() {
        return new NoteLabels(WordList.load("note-labels"));
    }

    /** True when the whole label, or each of its " / "-joined parts, is a known label. */
    boolean isKnown(String label) {
        String normal = SPACES.matcher(label.strip()).replaceAll(" ");
        if (normal.isEmpty()) {
            return false;
        }
        if (known.contains(normal.toLowerCase(Locale.ROOT))) {
            return true;
        }
        String[] parts = JOINER.split(normal);
        if (parts.length < 2) {
            return false;
        }
        for (String part : parts) {
            if (!known.contains(part.strip().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
