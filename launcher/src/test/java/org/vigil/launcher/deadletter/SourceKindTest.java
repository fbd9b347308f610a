package org.vigil.launcher.deadletter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.schemas.DeadLetter;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SourceKindTest {

    private static DeadLetter letter(String location, String sourceTopic) {
        return DeadLetter.newBuilder().setStage("ingest").setReasonCode("X").setReason("x").setSourceLocation(location)
                .setSourceTopic(sourceTopic).setOccurredAt(Instant.EPOCH).build();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "#0123456789abcdef.csv:3|csv",
            "#0123456789abcdef:12|ndjson",
            "#0123456789abcdef.jsonl:12|ndjson",
            "#0123456789abcdef.json Bundle/#fedcba9876543210 entry 3 DocumentReference/#00112233445566aa|fhir",
            "#0123456789abcdef Bundle entry 2|fhir",
            "#0123456789abcdef.txt:1 MSH-10=MSG0001|hl7",
            "#0123456789abcdef.hl7:40 MSH-10 unknown|hl7",
            "#0123456789abcdef.txt|file",
            "mllp MSH-10=MSG0002|mllp",
            "http:7|http",
            "http:8 DocumentReference/#0123456789abcdef|http",
            "somewhere else|unknown",
    })
    void readsTheKindOfIngestSourceOffItsStoredLocation(String location, String kind) {
        assertThat(SourceKind.of(letter(location, null))).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "vigil.notes.raw/0/12|vigil.notes.raw",
            "vigil.notes.deidentified/3/7|vigil.notes.deidentified",
    })
    void aRecordConsumedFromATopicHasThatTopicAsItsSource(String location, String topic) {
        assertThat(SourceKind.of(letter(location, topic))).isEqualTo(topic);
    }
}
