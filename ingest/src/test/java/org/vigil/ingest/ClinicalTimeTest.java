package org.vigil.ingest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClinicalTimeTest {

    private final ClinicalTime utc = new ClinicalTime(ZoneId.of("UTC"));

    @Test
    void readsMimicDateTimeInTheSourceZone() {
        assertThat(utc.parse("2151-08-04 18:34:00")).contains(Instant.parse("2151-08-04T18:34:00Z"));
        assertThat(new ClinicalTime(ZoneId.of("America/New_York")).parse("2151-08-04 18:34"))
                .contains(Instant.parse("2151-08-04T22:34:00Z"));
    }

    @Test
    void readsIsoOffsetsAndBareDates() {
        assertThat(utc.parse("2024-03-05T10:15:30+01:00")).contains(Instant.parse("2024-03-05T09:15:30Z"));
        assertThat(utc.parse("2024-03-05T10:15:30Z")).contains(Instant.parse("2024-03-05T10:15:30Z"));
        assertThat(utc.parse("2024-03-05")).contains(Instant.parse("2024-03-05T00:00:00Z"));
    }

    @Test
    void readsHl7Timestamps() {
        assertThat(utc.parse("20240305101530")).contains(Instant.parse("2024-03-05T10:15:30Z"));
        assertThat(utc.parse("202403051015-0500")).contains(Instant.parse("2024-03-05T15:15:00Z"));
        assertThat(utc.parse("20240305")).contains(Instant.parse("2024-03-05T00:00:00Z"));
    }

    @Test
    void blankIsAbsent() {
        assertThat(utc.parse("  ")).isEqualTo(Optional.empty());
    }

    @Test
    void refusesUnknownFormats() {
        assertThatThrownBy(() -> utc.parse("yesterday evening")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> utc.parse("2024-13-45")).isInstanceOf(DateTimeParseException.class);
    }
}
