package org.vigil.deidentify.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoteLabelsTest {

    private final NoteLabels labels = NoteLabels.standard();

    @Test
    void knowsLabelsWhateverTheirCaseAndSpacing() {
        assertThat(labels.isKnown("Psychiatry Progress Note")).isTrue();
        assertThat(labels.isKnown("  psychiatry   progress NOTE ")).isTrue();
        assertThat(labels.isKnown("PSYCH_PROGRESS")).isTrue();
        assertThat(labels.isKnown("Nursing/other")).isTrue();
    }

    @Test
    void knowsMimicCategoryAndDescriptionJoinedBySlash() {
        assertThat(labels.isKnown("Physician  / Psychiatry Progress Note")).isTrue();
        assertThat(labels.isKnown("Discharge summary / Report")).isTrue();
    }

    @Test
    void refusesLabelsWithAnyUnknownPart() {
        assertThat(labels.isKnown("Progress note by Dr. Quaxley")).isFalse();
        assertThat(labels.isKnown("Physician / Quaxley")).isFalse();
        assertThat(labels.isKnown("Hope")).isFalse();
        assertThat(labels.isKnown("")).isFalse();
        assertThat(labels.isKnown(" / ")).isFalse();
    }
}
