package org.vigil.inference;

import org.vigil.schemas.RiskTier;

import java.util.List;

/** A note's risk tier and the reasons that set it (kinds and assertions only, never note text). */
public record TierDecision(RiskTier tier, List<String> reasons) {
    public TierDecision {
        reasons = List.copyOf(reasons);
    }
}
