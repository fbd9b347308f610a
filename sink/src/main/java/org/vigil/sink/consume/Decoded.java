package org.vigil.sink.consume;

import org.vigil.schemas.RiskAssessment;

/** What one record of the assessments topic turned out to be: an assessment to store, or a record to reject. */
sealed interface Decoded {

    /** A readable, consistent assessment. */
    record Valid(RiskAssessment assessment) implements Decoded {
    }

    /** A poison record, with a machine-readable code and a PHI-free reason for the dead-letter topic. */
    record Rejected(String reasonCode, String reason) implements Decoded {
    }
}
