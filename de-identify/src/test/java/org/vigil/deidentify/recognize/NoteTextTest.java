package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NoteTextTest {

    @Test
    void marksTheTokensWhoseLowerCaseFormIsInASet() {
        NoteText note = NoteText.of("Mesa Police and the PD, police");
        assertThat(note.tokensIn(Set.of("police", "pd", "sheriff"))).containsExactly(false, true, false, false, true, true);
        assertThat(note.tokensIn(Set.of("sheriff"))).containsExactly(false, false, false, false, false, false);
    }

    @Test
    void measuresTheAsciiDigitsAtEachRunOfDigits() {
        NoteText note = NoteText.of("bp 120/80, 5mg x2 \u0663\u0664");
        assertThat(note.digitStarts()).containsExactly(3, 7, 11, 18);
        assertThat(note.digitRuns()).containsExactly(3, 2, 1, 0);
        NoteText arabicIndic = NoteText.of("\u0663\u0664 12");
        assertThat(arabicIndic.digitStarts()).containsExactly(0, 3);
        assertThat(arabicIndic.digitRuns()).containsExactly(0, 2);
    }

    @Test
    void givesEveryCaseOfAWordOneWordIndex() {
        NoteText note = NoteText.of("Smith SMITH smith Smyth \u00C9va \u00E9VA");
        assertThat(note.wordId(0)).isEqualTo(note.wordId(1)).isEqualTo(note.wordId(2)).isEqualTo(note.wordIndex("smith"));
        assertThat(note.wordId(3)).isNotEqualTo(note.wordId(0));
        assertThat(note.wordId(4)).isEqualTo(note.wordId(5)).isEqualTo(note.wordIndex("\u00E9va"));
        assertThat(note.wordCount()).isEqualTo(3);
        assertThat(note.wordIndex("jones")).isEqualTo(-1);
        assertThat(note.lower(1)).isEqualTo("smith");
    }

    @Test
    void tellsApartWordsWhoseHashesCollide() {
        // "aan" and "ac0" have the same String hash, so do the longer words ending in them.
        assertThat("aan".hashCode()).isEqualTo("ac0".hashCode());
        NoteText note = NoteText.of("AAN ac0 xaan xac0 aan");
        assertThat(note.wordCount()).isEqualTo(4);
        assertThat(note.wordId(0)).isEqualTo(note.wordId(4)).isNotEqualTo(note.wordId(1));
        assertThat(note.wordIndex("ac0")).isEqualTo(note.wordId(1));
        assertThat(note.wordIndex("xac0")).isEqualTo(note.wordId(3));
        assertThat(note.wordIndex("xaan")).isEqualTo(note.wordId(2));
        // Words of nine characters or more are compared character by character, not packed.
        NoteText longer = NoteText.of("ABCDEFGAN abcdefgc0 abcdefgan");
        assertThat("abcdefgan".hashCode()).isEqualTo("abcdefgc0".hashCode());
        assertThat(longer.wordCount()).isEqualTo(2);
        assertThat(longer.wordId(0)).isEqualTo(longer.wordId(2)).isNotEqualTo(longer.wordId(1));
    }
}
