package org.vigil.sink.store;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Who belongs to a cohort: patients with at least {@code minNotes} notes in the period [from, to) that each carry a
 * signal of one of {@code kinds} with one of {@code assertions} (empty = any) and a risk tier in {@code tiers}
 * (empty = any).
 */
public record CohortCriteria(Set<SignalKind> kinds, Set<Assertion> assertions, Optional<LocalDate> from,
                             Optional<LocalDate> to, int minNotes, Set<RiskTier> tiers) {

    public CohortCriteria {
        kinds = Set.copyOf(kinds);
        assertions = Set.copyOf(assertions);
        tiers = Set.copyOf(tiers);
        if (minNotes < 1) {
            throw new IllegalArgumentException("minNotes must be at least 1, was " + minNotes);
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("The period must end after it starts");
        }
    }

    String[] names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().toArray(String[]::new);
    }
}
