package org.vigil.deidentify;

import org.vigil.schemas.KnownIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One identifier the note's structured record names (a FHIR Patient's name, an HL7 PID's MRN, a CSV column's phone),
 * in the engine's own terms: what it is, whose it is, and its value, which the engine removes wherever the note's
 * text mentions it. The value is PHI: {@link #toString()} leaves it out, so a record logged or put in an exception
 * message by mistake still carries none.
 */
public record RecordIdentifier(Kind kind, Holder holder, String value) {

    /** What the value is; it decides the forms the value is searched in. */
    public enum Kind { GIVEN_NAME, FAMILY_NAME, IDENTIFIER, ADDRESS_LINE, CITY, POSTAL_CODE, TELECOM, BIRTH_DATE, OTHER }

    /** Whose it is; for a name, it decides the replacement's type (a patient's name, a clinician's). */
    public enum Holder { PATIENT, RELATED_PERSON, PRACTITIONER, OTHER }

    public RecordIdentifier {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "RecordIdentifier[kind=" + kind + ", holder=" + holder + "]";
    }

    /**
     * The identifiers a RawNote's record names, in the engine's terms; blank values dropped. The callers keep them
     * to themselves: never in an output note, a dead letter, a metric or a log line.
     */
    public static List<RecordIdentifier> of(List<KnownIdentifier> given) {
        if (given == null || given.isEmpty()) {
            return List.of();
        }
        List<RecordIdentifier> known = new ArrayList<>(given.size());
        for (KnownIdentifier k : given) {
            if (k == null || k.getValue() == null || k.getValue().isBlank()) {
                continue;
            }
            known.add(new RecordIdentifier(kind(k), holder(k), k.getValue()));
        }
        return known;
    }

    /** By name, so a kind a later schema adds reads as OTHER here rather than failing the note. */
    private static RecordIdentifier.Kind kind(KnownIdentifier k) {
        if (k.getKind() == null) {
            return RecordIdentifier.Kind.OTHER;
        }
        try {
            return RecordIdentifier.Kind.valueOf(k.getKind().name());
        } catch (IllegalArgumentException e) {
            return RecordIdentifier.Kind.OTHER;
        }
    }

    private static RecordIdentifier.Holder holder(KnownIdentifier k) {
        if (k.getHolder() == null) {
            return RecordIdentifier.Holder.OTHER;
        }
        try {
            return RecordIdentifier.Holder.valueOf(k.getHolder().name());
        } catch (IllegalArgumentException e) {
            return RecordIdentifier.Holder.OTHER;
        }
    }
}
