package org.vigil.sink.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgeBandOrderTest {

    @Test
    void ordersBandsByTheirYoungestAgeNotAsText() {
        List<String> bands = new ArrayList<>(List.of("90+", "18-25", "<18", "5-9", "65-89", "unknown", "26-44", "45-64"));
        bands.sort(new AgeBandOrder());
        assertThat(bands).containsExactly("<18", "5-9", "18-25", "26-44", "45-64", "65-89", "90+", "unknown");
    }

    @Test
    void startsUnderNBandsAtBirth() {
        List<String> bands = new ArrayList<>(List.of("18-29", "Under 18", "5-9", "0-4"));
        bands.sort(new AgeBandOrder());
        assertThat(bands).containsExactly("0-4", "Under 18", "5-9", "18-29");
    }
}
