package org.vigil.deidentify;

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
}
