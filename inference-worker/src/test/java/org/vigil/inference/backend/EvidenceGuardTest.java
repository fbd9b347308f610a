package org.vigil.inference.backend;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.schemas.SignalKind;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's choices that the backend tests do not reach one by one: boundaries at punctuation, ties between two
 * occurrences, an offset outside the note. The rules are the shipped ones.
 */
class EvidenceGuardTest {

    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EvidenceGuard guard = new EvidenceGuard(RULES.rules(), meters, "test");

    private EvidenceGuard.Quotes read(String note) {
        return guard.read(RULES.analyze(note));
    }

    @Test
    void aQuoteEndingInPunctuationNeedsNoBoundaryThere() {
        String note = "ROS: SI/HI denied.";
        // "SI/" ends in a slash: the next character may be a letter; "SI/H" ends inside "HI".
        assertThat(read(note).place(SignalKind.SUICIDAL_IDEATION, "si/", OptionalInt.empty()))
                .isEqualTo(new EvidenceGuard.Placed(5, 8, Optional.of("OBJECTIVE")));
        assertThat(read(note).place(SignalKind.SUICIDAL_IDEATION, "SI/H", OptionalInt.empty()))
                .isEqualTo(new EvidenceGuard.Rejected(EvidenceGuard.Reason.INSIDE_WORD));
    }

    @Test
    void anOffsetHalfwayBetweenTwoOccurrencesTakesTheEarlierAndOneBeyondTheNoteTheLast() {
        String note = "Denies HI at intake. Later in the interview endorses HI toward a coworker.";
        int middle = (7 + 53) / 2;
        assertThat(read(note).place(SignalKind.HOMICIDAL_IDEATION, "HI", OptionalInt.of(middle)))
                .isEqualTo(new EvidenceGuard.Placed(7, 9, Optional.empty()));
        assertThat(read(note).place(SignalKind.HOMICIDAL_IDEATION, "HI", OptionalInt.of(10_000)))
                .isEqualTo(new EvidenceGuard.Placed(53, 55, Optional.empty()));
        assertThat(read(note).place(SignalKind.HOMICIDAL_IDEATION, "HI", OptionalInt.of(-5)))
                .isEqualTo(new EvidenceGuard.Placed(7, 9, Optional.empty()));
    }

    @Test
    void withoutOffsetTheFirstOccurrenceThatHoldsUpIsTaken() {
        // The lexicon excludes "animal shelter" (a homonym): only the second "shelter" is a candidate.
        String note = "Volunteers at an animal shelter. Stayed at a shelter last winter.";
        int second = note.lastIndexOf("shelter");
        assertThat(read(note).place(SignalKind.HOMELESSNESS, "Shelter", OptionalInt.empty()))
                .isEqualTo(new EvidenceGuard.Placed(second, second + 7, Optional.empty()));
        // With an offset the model pointed at the animal shelter: that is what it meant, and it is no candidate.
        assertThat(read(note).place(SignalKind.HOMELESSNESS, "Shelter", OptionalInt.of(20)))
                .isEqualTo(new EvidenceGuard.Rejected(EvidenceGuard.Reason.NO_CANDIDATE));
        assertThat(meters.counter(EvidenceGuard.METRIC, "backend", "test", "kind", "HOMELESSNESS",
                "reason", "no_candidate").count()).isEqualTo(1.0);
    }
}
