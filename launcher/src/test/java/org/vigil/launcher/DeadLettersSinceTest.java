package org.vigil.launcher;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeadLettersSinceTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "30m, 2026-12-06T11:30:00Z",
            "24h, 2026-12-05T12:00:00Z",
            "7d, 2026-11-29T12:00:00Z",
            "2w, 2026-11-22T12:00:00Z",
            "PT6H, 2026-12-06T06:00:00Z",
            "P1D, 2026-12-05T12:00:00Z",
            "2026-12-01, 2026-12-01T00:00:00Z",
            "2026-12-01T08:00:00Z, 2026-12-01T08:00:00Z",
            "2026-12-01T08:00:00+02:00, 2026-12-01T06:00:00Z",
    })
    void readsADurationBeforeNowOrADateOrATimestamp(String value, String expected) {
        assertThat(DeadLettersCommand.since(value, NOW)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "24", "12/01/2026", "5y"})
    void refusesAnythingElseWithTheFormsItTakes(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadLettersCommand.since(value, NOW))
                .withMessageContaining("24h").withMessageContaining("2026-12-01");
    }
}
