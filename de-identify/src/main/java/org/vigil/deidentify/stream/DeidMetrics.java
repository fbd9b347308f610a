package org.vigil.deidentify.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.vigil.deidentify.ReasonCode;
import org.vigil.deidentify.text.PhiCategory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The stage's Micrometer meters: notes de-identified and quarantined (by reason), identifiers removed per
 * category ({@code vigil.deidentify.phi{category=NAME}}), and time per note. Counts only, never content.
 */
public final class DeidMetrics {

    private final Counter deidentified;
    private final Map<ReasonCode, Counter> quarantined = new EnumMap<>(ReasonCode.class);
    private final Map<PhiCategory, Counter> phi = new EnumMap<>(PhiCategory.class);
    private final Timer duration;
    private final DistributionSummary residual;

    public DeidMetrics(MeterRegistry meters) {
        deidentified = Counter.builder("vigil.deidentify.notes").tag("outcome", "deidentified")
                .description("Notes de-identified and forwarded").register(meters);
        for (ReasonCode code : ReasonCode.values()) {
            quarantined.put(code, Counter.builder("vigil.deidentify.quarantined").tag("reason", code.name())
                    .description("Notes that failed closed to the quarantine topic").register(meters));
        }
        for (PhiCategory category : PhiCategory.values()) {
            phi.put(category, Counter.builder("vigil.deidentify.phi").tag("category", category.name())
                    .description("Identifiers removed").register(meters));
        }
        duration = Timer.builder("vigil.deidentify.duration").description("Time to de-identify one note")
                .register(meters);
        residual = DistributionSummary.builder("vigil.deidentify.residual")
                .description("Per note, identifiers only the residual check (safe list) found").register(meters);
    }

    void deidentified(Map<PhiCategory, Integer> counts, int residualFound, Duration took) {
        deidentified.increment();
        residual.record(residualFound);
        counts.forEach((category, n) -> phi.get(category).increment(n));
        duration.record(took);
    }

    void quarantined(ReasonCode code) {
        quarantined.get(code).increment();
    }
}
