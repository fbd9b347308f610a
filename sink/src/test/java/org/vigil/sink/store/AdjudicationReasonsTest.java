package org.vigil.sink.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdjudicationReasonsTest {

    @Test
    void shippedListHasAVersionAndTheReasonsClinicianReviewsNeed() {
        AdjudicationReasons reasons = AdjudicationReasons.standard();
        assertThat(reasons.version()).isEqualTo("2026.12.02-1");
        assertThat(reasons.all()).extracting(AdjudicationReasons.Reason::code)
                .contains("NEGATED", "ABOUT_SOMEONE_ELSE", "HISTORICAL", "HYPOTHETICAL", "TIER_TOO_HIGH", "OTHER");
        assertThat(reasons.all()).allSatisfy(r -> assertThat(r.label()).isNotBlank());
    }

    @Test
    void findsACodeWhateverItsCaseAndNothingElse() {
        AdjudicationReasons reasons = AdjudicationReasons.standard();
        assertThat(reasons.find(" negated ")).map(AdjudicationReasons.Reason::code).contains("NEGATED");
        assertThat(reasons.find("Denied or negated in the note")).isEmpty();
        assertThat(reasons.find("pt's sister Mary said so")).isEmpty();
        assertThat(reasons.find(null)).isEmpty();
    }

    @Test
    void refusesMalformedDuplicateOrUnversionedLists() {
        assertThatThrownBy(() -> AdjudicationReasons.parse(List.of("# version 1", "NEGATED Denied"), "t.tsv"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> AdjudicationReasons.parse(List.of("# version 1", "NEGATED\tA", "NEGATED\tB"), "t.tsv"))
                .hasMessageContaining("duplicate code NEGATED");
        assertThatThrownBy(() -> AdjudicationReasons.parse(List.of("# version 1", "lower\tA"), "t.tsv"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> AdjudicationReasons.parse(List.of("NEGATED\tA"), "t.tsv"))
                .hasMessageContaining("version");
        assertThat(AdjudicationReasons.parse(List.of("# version 7", "", "NEGATED\tDenied"), "t.tsv").all())
                .containsExactly(new AdjudicationReasons.Reason("NEGATED", "Denied"));
    }
}
