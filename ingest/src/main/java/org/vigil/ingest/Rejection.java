package org.vigil.ingest;

import java.util.Objects;

/**
 * An input ingest refused: the reason code, a human-readable detail and where the input was. The detail must never
 * carry note text or identifiers, because it goes to the dead-letter topic and logs; the location's identifying
 * parts (file names, resource ids) go there only as keyed hashes.
 */
public record Rejection(RejectReason reason, String detail, SourceLocation sourceLocation) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(sourceLocation, "sourceLocation");
    }
}
