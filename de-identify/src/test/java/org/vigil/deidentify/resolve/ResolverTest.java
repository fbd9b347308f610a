package org.vigil.deidentify.resolve;

import org.junit.jupiter.api.Test;
import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResolverTest {

    private final Resolver resolver = new Resolver();

    @Test
    void mergesOverlappingCandidatesIntoTheirUnionWithTheBestType() {
        List<PhiSpan> resolved = resolver.resolve(List.of(
                new PhiSpan(PhiType.IDNUM, 10, 20, 0.6, "ids"),
                new PhiSpan(PhiType.PHONE, 8, 20, 0.9, "contact"),
                new PhiSpan(PhiType.PATIENT, 19, 25, 0.7, "name")));
        assertThat(resolved).containsExactly(new PhiSpan(PhiType.PHONE, 8, 25, 0.9, "contact"));
    }

    @Test
    void prefersTheSpecificTypeWhenScoresTie() {
        List<PhiSpan> resolved = resolver.resolve(List.of(
                new PhiSpan(PhiType.IDNUM, 0, 10, 0.9, "ids"),
                new PhiSpan(PhiType.DATE, 0, 10, 0.9, "dates")));
        assertThat(resolved).extracting(PhiSpan::type).containsExactly(PhiType.DATE);
    }

    @Test
    void dropsCandidatesUnderTheThresholdAndKeepsSeparateSpansApart() {
        List<PhiSpan> resolved = resolver.resolve(List.of(
                new PhiSpan(PhiType.DATE, 0, 3, 0.95, "dates"),
                new PhiSpan(PhiType.DATE, 4, 7, 0.95, "dates"),
                new PhiSpan(PhiType.PATIENT, 10, 14, 0.4, "name")));
        assertThat(resolved).extracting(s -> s.start() + "-" + s.end()).containsExactly("0-3", "4-7");
    }
    @Test
    void keepsTheFirstOfCandidatesThatTieOnEverythingWhateverTheOrderOfOthers() {
        List<PhiSpan> resolved = resolver.resolve(List.of(
                new PhiSpan(PhiType.DATE, 30, 40, 0.9, "dates/second"),
                new PhiSpan(PhiType.PATIENT, 0, 5, 0.9, "name/first"),
                new PhiSpan(PhiType.PATIENT, 0, 5, 0.9, "name/again"),
                new PhiSpan(PhiType.DATE, 30, 40, 0.9, "dates/again")));
        assertThat(resolved).containsExactly(new PhiSpan(PhiType.PATIENT, 0, 5, 0.9, "name/first"),
                new PhiSpan(PhiType.DATE, 30, 40, 0.9, "dates/second"));
    }

    @Test
    void resolvesSpansBeyondTheFirstMillionCharactersAsThoseBefore() {
        int far = 3_000_000;
        List<PhiSpan> resolved = resolver.resolve(List.of(
                new PhiSpan(PhiType.IDNUM, far + 10, far + 20, 0.6, "ids"),
                new PhiSpan(PhiType.PHONE, far + 8, far + 20, 0.9, "contact"),
                new PhiSpan(PhiType.PATIENT, far + 19, far + 25, 0.7, "name"),
                new PhiSpan(PhiType.DATE, 0, 3, 0.95, "dates")));
        assertThat(resolved).containsExactly(new PhiSpan(PhiType.DATE, 0, 3, 0.95, "dates"),
                new PhiSpan(PhiType.PHONE, far + 8, far + 25, 0.9, "contact"));
    }
}
