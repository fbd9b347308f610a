package org.vigil.deidentify.recognize;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.Found;

import static org.assertj.core.api.Assertions.assertThat;

class AgeRecognizerTest {

    @Test
    void findsAgesOverEightyNineOnly() {
        assertThat(Found.by("ages", "92 yo F; a 101-year-old; age: 95; 90M; aged 89; 45 yo"))
                .containsExactly("AGE:92", "AGE:101", "AGE:95", "AGE:90");
    }

    @Test
    void findsSpelledAndDecadeAges() {
        assertThat(Found.by("ages", "ninety-three years old, a woman in her 90s. Separately, she likes the music of the 90s"))
                .containsExactly("AGE:ninety-three", "AGE:90");
    }
}
