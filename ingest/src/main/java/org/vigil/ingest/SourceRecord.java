package org.vigil.ingest;

import org.vigil.schemas.RawNote;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an adapter makes of one input: a note ready for the raw topic, a rejection for the dead letters, or an
 * input that by its kind carries no note (acknowledged and counted, sent nowhere).
 */
public sealed interface SourceRecord permits SourceRecord.Accepted, SourceRecord.Rejected, SourceRecord.Skipped {

    /** A note that passed admission. */
    record Accepted(RawNote note) implements SourceRecord {
    }

    /** An input refused with a reason. */
    record Rejected(Rejection rejection) implements SourceRecord {
        /** File and line, message control id or resource id of the input. */
        public SourceLocation sourceLocation() {
            return rejection.sourceLocation();
        }
    }

    /**
     * A well-formed input that carries no note by its kind, such as an HL7 v2 ADT message or a result without text:
     * most of a hospital's HL7 feed, so neither an error nor a dead letter. Carries the HL7 message type and trigger
     * event (codes only, for the metric: anything but a short code of capitals and digits becomes {@code other},
     * an absent one {@code none}, so sender-written text can neither reach a metric tag nor grow its cardinality)
     * and a PHI-free detail.
     */
    record Skipped(String messageType, String trigger, String detail, SourceLocation sourceLocation) implements SourceRecord {

        // An HL7 v2 table code as a metric tag may carry it: message types and trigger events have 3 characters.
        private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,4}");

        public Skipped {
            messageType = code(Objects.requireNonNull(messageType, "messageType"));
            trigger = code(Objects.requireNonNull(trigger, "trigger"));
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(sourceLocation, "sourceLocation");
        }

        private static String code(String value) {
            String v = value.strip();
            return v.isEmpty() ? "none" : CODE.matcher(v).matches() ? v : "other";
        }

        /** {@code ADT^A01}: how the skipped input is counted. */
        public String kind() {
            return messageType + "^" + trigger;
        }
    }

    static SourceRecord rejected(RejectReason reason, String detail, SourceLocation sourceLocation) {
        return new Rejected(new Rejection(reason, detail, sourceLocation));
    }
}
