package org.vigil.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BirthDateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1990-02-03, 1990-02-03",
            "1990-2-3, 1990-02-03",
            "02/03/1990, 1990-02-03",
            "2/3/1990, 1990-02-03",
            "19900203, 1990-02-03",
            "'1990-02-03 00:00:00', 1990-02-03",
            "1990-02-03T10:11:12Z, 1990-02-03",
            "198402291230-0500, 1984-02-29",
            "' 1984-02-29 ', 1984-02-29"})
    void readsTheCommonFormsAsIso(String written, String iso) {
        assertThat(BirthDate.iso(written)).contains(iso);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "1990", "1990-02", "199002", "1990-02-30", "13/01/1990", "03.02.1990", "Feb 3 1990", "x1990-02-03"})
    void readsNothingFromPartialImpossibleOrOtherForms(String written) {
        assertThat(BirthDate.iso(written)).isEqualTo(Optional.empty());
    }
}
