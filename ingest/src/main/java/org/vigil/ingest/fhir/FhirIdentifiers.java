package org.vigil.ingest.fhir;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.vigil.ingest.IdentifierSet;
import org.vigil.schemas.IdentifierHolder;

import java.util.ArrayList;
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
import static org.vigil.schemas.KnownIdentifierKind.OTHER;
import static org.vigil.schemas.KnownIdentifierKind.POSTAL_CODE;
import static org.vigil.schemas.KnownIdentifierKind.TELECOM;

/**
 * Lists the identifiers of the people a FHIR note names: its subject Patient (with the Patient's contacts and
 * general practitioner), the patient's RelatedPersons, and the clinicians who wrote, signed or performed it or
 * took part in its encounter, wherever the reader can resolve them. Name prefixes and suffixes, state and
 * country are left out.
 */
final class FhirIdentifiers {

    /** Standard extension: the patient's place of birth, an Address. */
    static final String BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    private FhirIdentifiers() {
    }

    /**
     * Adds the identifiers of the people {@code note} names; {@code patient} is its resolved subject, if any,
     * and {@code resolver} resolves the note's references.
     */
    static void ofNote(Resource note, Reference subject, Optional<Patient> patient, Resolver resolver, IdentifierSet into) {
        patient.ifPresent(p -> {
            patient(p, into);
            for (Reference gp : p.getGeneralPractitioner()) {
                person(resolve(gp, p, resolver), resolver, into);
            }
        });
        for (Resource related : resolver.relatedPersons(subject, patient.map(Resource.class::cast))) {
            if (related instanceof RelatedPerson r) {
                relatedPerson(r, into);
            }
        }
        List<Reference> people = new ArrayList<>();
        Optional<Reference> encounter = Optional.empty();
        if (note instanceof DocumentReference doc) {
            people.addAll(doc.getAuthor());
            if (doc.hasAuthenticator()) {
                people.add(doc.getAuthenticator());
            }
            encounter = doc.getContext().getEncounter().stream().findFirst();
        } else if (note instanceof DiagnosticReport report) {
            people.addAll(report.getPerformer());
            people.addAll(report.getResultsInterpreter());
            encounter = report.hasEncounter() ? Optional.of(report.getEncounter()) : Optional.empty();
        } else if (note instanceof Composition composition) {
            people.addAll(composition.getAuthor());
            composition.getAttester().forEach(a -> people.add(a.getParty()));
            encounter = composition.hasEncounter() ? Optional.of(composition.getEncounter()) : Optional.empty();
        }
        encounter.flatMap(resolver::resolve).filter(Encounter.class::isInstance).map(Encounter.class::cast).ifPresent(e -> {
            for (Encounter.EncounterParticipantComponent participant : e.getParticipant()) {
                person(resolve(participant.getIndividual(), e, resolver), resolver, into);
            }
        });
        for (Reference reference : people) {
            person(resolver.resolve(reference), resolver, into);
        }
    }

    /**
     * A reference of {@code owner}, a resource the note refers to: relative to the owner (its own contained
     * resources, the Bundle, the index), else, for a resource contained in the note, to the note.
     */
    private static Optional<Resource> resolve(Reference reference, Resource owner, Resolver noteResolver) {
        return noteResolver.forOwner(owner).resolve(reference).or(() -> noteResolver.resolve(reference));
    }

    /** A person by type: a Practitioner (or a PractitionerRole's), RelatedPerson or Patient. */
    private static void person(Optional<Resource> resolved, Resolver resolver, IdentifierSet into) {
        if (resolved.isEmpty()) {
            return;
        }
        Resource r = resolved.get();
        if (r instanceof Practitioner p) {
            practitioner(p, into);
        } else if (r instanceof PractitionerRole role) {
            role.getTelecom().forEach(t -> telecom(t, PRACTITIONER, into));
            if (role.hasPractitioner()) {
                resolve(role.getPractitioner(), role, resolver).filter(Practitioner.class::isInstance)
                        .ifPresent(p -> practitioner((Practitioner) p, into));
            }
        } else if (r instanceof RelatedPerson related) {
            relatedPerson(related, into);
        } else if (r instanceof Patient p) {
            patient(p, into);
        }
    }

    static void patient(Patient p, IdentifierSet into) {
        p.getIdentifier().forEach(i -> identifier(i, PATIENT, into));
        p.getName().forEach(n -> name(n, PATIENT, into));
        p.getTelecom().forEach(t -> telecom(t, PATIENT, into));
        p.getAddress().forEach(a -> address(a, PATIENT, into));
        if (p.hasBirthDateElement()) {
            into.add(BIRTH_DATE, PATIENT, p.getBirthDateElement().getValueAsString());
        }
        for (Extension e : p.getExtensionsByUrl(BIRTH_PLACE)) {
            if (e.getValue() instanceof Address a) {
                address(a, PATIENT, into);
            }
        }
        for (Patient.ContactComponent contact : p.getContact()) {
            if (contact.hasName()) {
                name(contact.getName(), RELATED_PERSON, into);
            }
            contact.getTelecom().forEach(t -> telecom(t, RELATED_PERSON, into));
            if (contact.hasAddress()) {
                address(contact.getAddress(), RELATED_PERSON, into);
            }
        }
    }

    static void relatedPerson(RelatedPerson r, IdentifierSet into) {
        r.getIdentifier().forEach(i -> identifier(i, RELATED_PERSON, into));
        r.getName().forEach(n -> name(n, RELATED_PERSON, into));
        r.getTelecom().forEach(t -> telecom(t, RELATED_PERSON, into));
        r.getAddress().forEach(a -> address(a, RELATED_PERSON, into));
        if (r.hasBirthDateElement()) {
            into.add(BIRTH_DATE, RELATED_PERSON, r.getBirthDateElement().getValueAsString());
        }
    }

    static void practitioner(Practitioner p, IdentifierSet into) {
        p.getIdentifier().forEach(i -> identifier(i, PRACTITIONER, into));
        p.getName().forEach(n -> name(n, PRACTITIONER, into));
        p.getTelecom().forEach(t -> telecom(t, PRACTITIONER, into));
        p.getAddress().forEach(a -> address(a, PRACTITIONER, into));
        if (p.hasBirthDateElement()) {
            into.add(BIRTH_DATE, PRACTITIONER, p.getBirthDateElement().getValueAsString());
        }
    }

    private static void identifier(Identifier i, IdentifierHolder holder, IdentifierSet into) {
        into.add(IDENTIFIER, holder, i.getValue());
    }

    /** Family and each given name; the text only when the name has no parts (then it is not split, as OTHER). */
    private static void name(HumanName n, IdentifierHolder holder, IdentifierSet into) {
        into.add(FAMILY_NAME, holder, n.getFamily());
        for (StringType given : n.getGiven()) {
            into.add(GIVEN_NAME, holder, given.getValue());
        }
        if (!n.hasFamily() && !n.hasGiven()) {
            into.add(OTHER, holder, n.getText());
        }
    }

    private static void telecom(ContactPoint t, IdentifierHolder holder, IdentifierSet into) {
        into.add(TELECOM, holder, t.getValue());
    }

    /**
     * Lines, city, postal code, and district (a county: a Safe Harbor identifier with no kind of its own, so
     * OTHER); the text only when the address has no parts.
     */
    private static void address(Address a, IdentifierHolder holder, IdentifierSet into) {
        for (StringType line : a.getLine()) {
            into.add(ADDRESS_LINE, holder, line.getValue());
        }
        into.add(CITY, holder, a.getCity());
        into.add(POSTAL_CODE, holder, a.getPostalCode());
        into.add(OTHER, holder, a.getDistrict());
        if (!a.hasLine() && !a.hasCity() && !a.hasPostalCode() && !a.hasDistrict()) {
            into.add(ADDRESS_LINE, holder, a.getText());
        }
    }
}
