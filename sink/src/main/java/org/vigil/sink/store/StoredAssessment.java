package org.vigil.sink.store;

import org.vigil.schemas.RiskAssessment;

/** A risk assessment with the topic partition and offset it was read from, kept with the note for tracing. */
public record StoredAssessment(RiskAssessment assessment, int partition, long offset) {

    public String noteId() {
        return assessment.getNoteId();
    }
}
