package org.vigil.sink.store;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Which notes and signals a population view counts: signal kinds and assertions (empty = all), note type and unit
 * (empty = all), and the period [from, to) of shifted note dates.
 */
public record PopulationFilter(Set<SignalKind> kinds, Set<Assertion> assertions, Optional<String> noteType,
                               Optional<String> unit, Optional<LocalDate> from, Optional<LocalDate> to) {

    public PopulationFilter {
        kinds = Set.copyOf(kinds);
        assertions = Set.copyOf(assertions);
    }

    /** Affirmed signals of every kind, all notes, all time: the default view. */
    public static PopulationFilter affirmed() {
        return new PopulationFilter(Set.of(), Set.of(Assertion.AFFIRMED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    String[] kindNames() {
        return kinds.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    String[] assertionNames() {
        return assertions.stream().map(Enum::name).sorted().toArray(String[]::new);
    }
}
