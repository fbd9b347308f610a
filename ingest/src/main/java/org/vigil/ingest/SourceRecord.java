package org.vigil.ingest;

import org.vigil.schemas.RawNote;

/** What an adapter makes of one input: a note ready for the raw topic, or a rejection for the dead letters. */
public sealed interface SourceRecord permits SourceRecord.Accepted, SourceRecord.Rejected {

    /** File and line, message control id or resource id of the input. */
    String sourceLocation();

    /** A note that passed admission. */
    record Accepted(RawNote note) implements SourceRecord {
        @Override
        public String sourceLocation() {
            return note.getIngest().getSourceLocation();
        }
    }

    /** An input refused with a reason. */
    record Rejected(Rejection rejection) implements SourceRecord {
        @Override
        public String sourceLocation() {
            return rejection.sourceLocation();
        }
    }

    static SourceRecord rejected(RejectReason reason, String detail, String sourceLocation) {
        return new Rejected(new Rejection(reason, detail, sourceLocation));
    }
}
