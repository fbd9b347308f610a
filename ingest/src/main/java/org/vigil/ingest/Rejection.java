package org.vigil.ingest;

import java.util.Objects;

/**
 * An input ingest refused: the reason code, a human-readable detail and where the input was. The detail and
 * the location must never carry note text or identifiers, because they go to the dead-letter topic and logs.
 */
public record Rejection(RejectReason reason, String detail, String sourceLocation) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(sourceLocation, "sourceLocation");
    }
}
