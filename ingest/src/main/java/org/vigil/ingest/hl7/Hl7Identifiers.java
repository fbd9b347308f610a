package org.vigil.ingest.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import org.vigil.ingest.IdentifierSet;
import org.vigil.schemas.IdentifierHolder;

import java.util.List;
import java.util.Optional;

import static org.vigil.schemas.IdentifierHolder.PATIENT;
import static org.vigil.schemas.IdentifierHolder.PRACTITIONER;
import static org.vigil.schemas.IdentifierHolder.RELATED_PERSON;
import static org.vigil.schemas.KnownIdentifierKind.ADDRESS_LINE;
import static org.vigil.schemas.KnownIdentifierKind.BIRTH_DATE;
import static org.vigil.schemas.KnownIdentifierKind.CITY;
import static org.vigil.schemas.KnownIdentifierKind.FAMILY_NAME;
import static org.vigil.schemas.KnownIdentifierKind.GIVEN_NAME;
import static org.vigil.schemas.KnownIdentifierKind.IDENTIFIER;
import static org.vigil.schemas.KnownIdentifierKind.POSTAL_CODE;
import static org.vigil.schemas.KnownIdentifierKind.TELECOM;

/**
 * Lists the identifiers an HL7 v2 message's segments name: the patient's (PID), the next of kin's (NK1, PID-6,
 * PID-21) and the clinicians' (PD1-4, PV1, TXA, OBR, ORC), read by field position from v2.5.1 structures.
 * Prefixes, suffixes and degrees of names are not names and are left out, as are state and country.
 */
final class Hl7Identifiers {

    private Hl7Identifiers() {
    }

    /** Adds the identifiers of {@code message} (whose first PID, PD1, PV1 and TXA are those of the note) to {@code into}. */
    static void read(Message message, IdentifierSet into) throws HL7Exception {
        Optional<Segment> pid = Hl7NoteReader.segments(message, "PID").stream().findFirst();
        if (pid.isPresent()) {
            Segment s = pid.get();
            for (int field : new int[] {2, 3, 4, 18}) {
                cx(s, field, PATIENT, into);
            }
            xpn(s, 5, PATIENT, into);
            xpn(s, 9, PATIENT, into); // aliases
            xpn(s, 6, RELATED_PERSON, into); // mother's maiden name
            cx(s, 21, RELATED_PERSON, into); // mother's identifier
            into.add(BIRTH_DATE, PATIENT, get(s, 7, 0, 1, 1));
            xad(s, 11, PATIENT, into);
            xtn(s, 13, PATIENT, into);
            xtn(s, 14, PATIENT, into);
            into.add(IDENTIFIER, PATIENT, get(s, 19, 0, 1, 1)); // SSN
            into.add(IDENTIFIER, PATIENT, get(s, 20, 0, 1, 1)); // driver's licence number
        }
        for (Segment nk1 : Hl7NoteReader.segments(message, "NK1")) {
            for (int field : new int[] {2, 30}) {
                xpn(nk1, field, RELATED_PERSON, into);
            }
            for (int field : new int[] {4, 32}) {
                xad(nk1, field, RELATED_PERSON, into);
            }
            for (int field : new int[] {5, 6, 31}) {
                xtn(nk1, field, RELATED_PERSON, into);
            }
            cx(nk1, 33, RELATED_PERSON, into);
            into.add(BIRTH_DATE, RELATED_PERSON, get(nk1, 16, 0, 1, 1));
            into.add(IDENTIFIER, RELATED_PERSON, get(nk1, 37, 0, 1, 1)); // SSN
        }
        clinicians(message, "PD1", List.of(4), into); // primary care provider
        clinicians(message, "PV1", List.of(7, 8, 9, 17), into); // attending, referring, consulting, admitting
        // originator, originator code/name, authenticator, transcriptionist, authentication person
        clinicians(message, "TXA", List.of(5, 9, 10, 11, 22), into);
        clinicians(message, "OBR", List.of(16), into); // ordering provider
        clinicians(message, "ORC", List.of(12), into); // ordering provider
        for (Segment obr : Hl7NoteReader.segments(message, "OBR")) {
            // OBR-32 principal result interpreter is an NDL: its first component is the person (CNN).
            for (int rep = 0; rep < repetitions(obr, 32); rep++) {
                into.add(IDENTIFIER, PRACTITIONER, get(obr, 32, rep, 1, 1));
                into.add(FAMILY_NAME, PRACTITIONER, get(obr, 32, rep, 1, 2));
                into.add(GIVEN_NAME, PRACTITIONER, get(obr, 32, rep, 1, 3));
                into.add(GIVEN_NAME, PRACTITIONER, get(obr, 32, rep, 1, 4));
            }
        }
    }

    /** XCN (and PPN, which starts alike) fields of every {@code segment}: id number, family, given, second given. */
    private static void clinicians(Message message, String segment, List<Integer> fields, IdentifierSet into) throws HL7Exception {
        for (Segment s : Hl7NoteReader.segments(message, segment)) {
            for (int field : fields) {
                for (int rep = 0; rep < repetitions(s, field); rep++) {
                    into.add(IDENTIFIER, PRACTITIONER, get(s, field, rep, 1, 1));
                    into.add(FAMILY_NAME, PRACTITIONER, get(s, field, rep, 2, 1));
                    into.add(GIVEN_NAME, PRACTITIONER, get(s, field, rep, 3, 1));
                    into.add(GIVEN_NAME, PRACTITIONER, get(s, field, rep, 4, 1));
                }
            }
        }
    }

    /** CX: the id number of each repetition. */
    private static void cx(Segment s, int field, IdentifierHolder holder, IdentifierSet into) {
        for (int rep = 0; rep < repetitions(s, field); rep++) {
            into.add(IDENTIFIER, holder, get(s, field, rep, 1, 1));
        }
    }

    /** XPN: family (surname), given, second and further given names of each repetition. */
    private static void xpn(Segment s, int field, IdentifierHolder holder, IdentifierSet into) {
        for (int rep = 0; rep < repetitions(s, field); rep++) {
            into.add(FAMILY_NAME, holder, get(s, field, rep, 1, 1));
            into.add(GIVEN_NAME, holder, get(s, field, rep, 2, 1));
            into.add(GIVEN_NAME, holder, get(s, field, rep, 3, 1));
        }
    }

    /** XAD: street address (as written, and street name / dwelling number when split), other designation, city, zip. */
    private static void xad(Segment s, int field, IdentifierHolder holder, IdentifierSet into) {
        for (int rep = 0; rep < repetitions(s, field); rep++) {
            into.add(ADDRESS_LINE, holder, get(s, field, rep, 1, 1));
            into.add(ADDRESS_LINE, holder, get(s, field, rep, 1, 2));
            into.add(ADDRESS_LINE, holder, get(s, field, rep, 1, 3));
            into.add(ADDRESS_LINE, holder, get(s, field, rep, 2, 1));
            into.add(CITY, holder, get(s, field, rep, 3, 1));
            into.add(POSTAL_CODE, holder, get(s, field, rep, 5, 1));
        }
    }

    /**
     * XTN: the number as written (component 1), the e-mail address, the unformatted number, and area code plus
     * local number when the number comes split.
     */
    private static void xtn(Segment s, int field, IdentifierHolder holder, IdentifierSet into) {
        for (int rep = 0; rep < repetitions(s, field); rep++) {
            into.add(TELECOM, holder, get(s, field, rep, 1, 1));
            into.add(TELECOM, holder, get(s, field, rep, 4, 1));
            into.add(TELECOM, holder, get(s, field, rep, 12, 1));
            String local = get(s, field, rep, 7, 1);
            if (!local.isBlank()) {
                into.add(TELECOM, holder, get(s, field, rep, 6, 1).strip() + local.strip());
            }
        }
    }

    private static int repetitions(Segment s, int field) {
        try {
            return field <= s.numFields() ? s.getField(field).length : 0;
        } catch (HL7Exception | RuntimeException e) {
            return 0;
        }
    }

    private static String get(Segment s, int field, int rep, int component, int subcomponent) {
        try {
            String v = Terser.get(s, field, rep, component, subcomponent);
            return v == null ? "" : v;
        } catch (HL7Exception | RuntimeException e) {
            // A position the structure does not have (a shorter segment in an older version) names nothing.
            return "";
        }
    }
}
