package org.vigil.ingest;

import org.junit.jupiter.api.Test;
import org.vigil.runtime.secret.Secret;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SourceLocationTest {

    private static final LocationHash HASH = new LocationHash(Secret.of("ingest location key",
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
    private static final LocationHash OTHER = new LocationHash(Secret.of("ingest location key",
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII)));

    private static final SourceLocation BUNDLE_ENTRY = SourceLocation.file("SMITH_JOHN_MRN1234.json")
            .resource("Bundle", "b-MRN1234").then("entry 2").resource("DocumentReference", "doc-MRN1234");

    @Test
    void theOriginalIsTheLocationAsTheSourceWroteIt() {
        assertThat(BUNDLE_ENTRY.original()).isEqualTo("SMITH_JOHN_MRN1234.json Bundle/b-MRN1234 entry 2 DocumentReference/doc-MRN1234");
        assertThat(SourceLocation.file("NOTEEVENTS.csv", 7).original()).isEqualTo("NOTEEVENTS.csv:7");
        assertThat(SourceLocation.label("mllp").then("MSH-10=M1").original()).isEqualTo("mllp MSH-10=M1");
        assertThat(SourceLocation.label("").then("MSH-10=M1").original()).isEqualTo("MSH-10=M1");
    }

    @Test
    void maskedHashesFileNamesAndResourceIdsKeepingPositionsTypesAndExtensions() {
        String file = HASH.of("SMITH_JOHN_MRN1234");
        assertThat(file).matches("#[0-9a-f]{16}");
        assertThat(BUNDLE_ENTRY.masked(HASH)).isEqualTo(file + ".json Bundle/" + HASH.of("b-MRN1234") + " entry 2 DocumentReference/"
                + HASH.of("doc-MRN1234"));
        assertThat(SourceLocation.file("SMITH_JOHN_MRN1234.txt", 3).masked(HASH)).isEqualTo(file + ".txt:3");
        // No extension worth keeping: the whole name is hashed.
        assertThat(SourceLocation.file("SMITH.JOHN MRN1234").masked(HASH)).isEqualTo(HASH.of("SMITH.JOHN MRN1234"));
        assertThat(SourceLocation.label("http:7").resource("DocumentReference", "").masked(HASH)).isEqualTo("http:7 DocumentReference");
        assertThat(BUNDLE_ENTRY.masked(HASH)).doesNotContain("MRN1234", "SMITH");
    }

    @Test
    void theHashDependsOnTheKeyAndIsStableUnderIt() {
        assertThat(HASH.of("SMITH_JOHN_MRN1234")).isEqualTo(HASH.of("SMITH_JOHN_MRN1234")).isNotEqualTo(OTHER.of("SMITH_JOHN_MRN1234"))
                .isNotEqualTo(HASH.of("SMITH_JOHN_MRN1235"));
    }

    @Test
    void printingALocationByMistakeNamesNoOne() {
        assertThat(BUNDLE_ENTRY.toString()).isEqualTo("#.json Bundle/# entry 2 DocumentReference/#");
    }
}
