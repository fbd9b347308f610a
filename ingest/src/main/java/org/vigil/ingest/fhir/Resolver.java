package org.vigil.ingest.fhir;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the resource a reference of one resource points at: among its contained resources, the other entries of
 * its Bundle (by {@code fullUrl}, {@code Type/id} or, for conditional references, identifier), or the export's
 * {@link PersonIndex}.
 */
final class Resolver {

    static final Pattern LOGICAL_ID = Pattern.compile(
            "(?:^|/)(Patient|Encounter|Practitioner|PractitionerRole|RelatedPerson)/([^/?]+)(?:/_history/.*)?$");
    private static final Pattern CONDITIONAL = Pattern.compile("^(?:.*/)?(Patient|Practitioner|PractitionerRole|RelatedPerson)\\?identifier=([^&]+)");
    private static final List<String> PERSON_TYPES = List.of("Practitioner", "RelatedPerson", "Patient", "PractitionerRole");

    private final Resource owner;
    private final Scope scope;
    private final PersonIndex index;

    Resolver(Resource owner, Scope scope, PersonIndex index) {
        this.owner = owner;
        this.scope = scope;
        this.index = index;
    }

    Resource owner() {
        return owner;
    }

    PersonIndex index() {
        return index;
    }

    Scope scope() {
        return scope;
    }

    /** A resolver for the references of {@code other}, a resource of the same Bundle or export. */
    Resolver forOwner(Resource other) {
        return new Resolver(other, scope, index);
    }

    Optional<Resource> resolve(Reference reference) {
        if (reference.getResource() instanceof Resource r) {
            return Optional.of(r); // HAPI links contained references while parsing
        }
        if (!reference.hasReference()) {
            return byIdentifier(reference);
        }
        String ref = reference.getReference();
        if (ref.startsWith("#") && owner instanceof DomainResource domain) {
            String id = ref.substring(1);
            return domain.getContained().stream().filter(c -> id.equals(c.getIdElement().getIdPart())
                    || ref.equals(c.getId())).findFirst();
        }
        if (scope.entries.containsKey(ref)) {
            return Optional.of(scope.entries.get(ref));
        }
        Matcher conditional = CONDITIONAL.matcher(ref);
        if (conditional.find()) {
            String key = conditional.group(1) + "?identifier=" + decoded(conditional.group(2));
            return Optional.ofNullable(scope.byIdentifier.get(key)).or(() -> index.byIdentifier(key));
        }
        Matcher m = LOGICAL_ID.matcher(ref);
        if (m.find()) {
            String key = m.group(1) + "/" + m.group(2);
            return Optional.ofNullable(scope.entries.get(key)).or(() -> index.get(key));
        }
        return Optional.empty();
    }

    /** A URL-encoded search parameter decoded; one with a broken escape as written (it then matches nothing). */
    private static String decoded(String parameter) {
        try {
            return URLDecoder.decode(parameter, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return parameter;
        }
    }

    /** A logical reference by identifier only ({@code Reference.identifier}, with or without {@code type}). */
    private Optional<Resource> byIdentifier(Reference reference) {
        if (!reference.hasIdentifier() || !reference.getIdentifier().hasValue()) {
            return Optional.empty();
        }
        List<String> types = reference.hasType() ? List.of(reference.getType()) : PERSON_TYPES;
        for (String type : types) {
            String key = type + "?identifier=" + identifierParameter(reference.getIdentifier());
            Optional<Resource> found = Optional.ofNullable(scope.byIdentifier.get(key)).or(() -> index.byIdentifier(key));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The {@code Type/id} a reference names, for references by logical id (relative or absolute URL). */
    static Optional<String> logicalKey(Reference reference) {
        if (!reference.hasReference()) {
            return Optional.empty();
        }
        Matcher m = LOGICAL_ID.matcher(reference.getReference());
        return m.find() ? Optional.of(m.group(1) + "/" + m.group(2)) : Optional.empty();
    }

    /** The conditional-reference keys of a person: {@code Type?identifier=system|value} and, without system, {@code =value}. */
    static List<String> identifierKeys(Resource resource) {
        List<Identifier> identifiers = resource instanceof Practitioner p ? p.getIdentifier()
                : resource instanceof RelatedPerson r ? r.getIdentifier()
                : resource instanceof Patient p ? p.getIdentifier()
                : resource instanceof PractitionerRole r ? r.getIdentifier() : List.of();
        List<String> keys = new ArrayList<>();
        for (Identifier i : identifiers) {
            if (i.hasValue()) {
                keys.add(resource.fhirType() + "?identifier=" + identifierParameter(i));
                if (i.hasSystem()) {
                    keys.add(resource.fhirType() + "?identifier=" + i.getValue());
                }
            }
        }
        return keys;
    }

    private static String identifierParameter(Identifier i) {
        return i.hasSystem() ? i.getSystem() + "|" + i.getValue() : i.getValue();
    }

    /**
     * The entries of one Bundle, by {@code fullUrl} and {@code Type/id}, its people by identifier, and its
     * RelatedPersons by the patient they relate to (the resource itself when it is an entry, else its key).
     */
    static final class Scope {
        static final Scope NONE = new Scope(Map.of(), Map.of(), Map.of(), Map.of());

        private final Map<String, Resource> entries;
        private final Map<String, Resource> byIdentifier;
        private final Map<Resource, List<RelatedPerson>> relatedByPatient;
        private final Map<String, List<RelatedPerson>> relatedByPatientKey;

        private Scope(Map<String, Resource> entries, Map<String, Resource> byIdentifier,
                      Map<Resource, List<RelatedPerson>> relatedByPatient, Map<String, List<RelatedPerson>> relatedByPatientKey) {
            this.entries = entries;
            this.byIdentifier = byIdentifier;
            this.relatedByPatient = relatedByPatient;
            this.relatedByPatientKey = relatedByPatientKey;
        }

        static Scope of(Bundle bundle, PersonIndex index) {
            Map<String, Resource> entries = new HashMap<>();
            Map<String, Resource> byIdentifier = new HashMap<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource r = entry.getResource();
                if (r != null) {
                    if (entry.hasFullUrl()) {
                        entries.put(entry.getFullUrl(), r);
                    }
                    if (r.getIdElement().hasIdPart()) {
                        entries.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
                    }
                    for (String key : identifierKeys(r)) {
                        byIdentifier.putIfAbsent(key, r);
                    }
                }
            }
            Map<Resource, List<RelatedPerson>> related = new IdentityHashMap<>();
            Map<String, List<RelatedPerson>> relatedByKey = new HashMap<>();
            Scope partial = new Scope(entries, byIdentifier, Map.of(), Map.of());
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() instanceof RelatedPerson person && person.hasPatient()) {
                    Optional<Resource> patient = new Resolver(person, partial, PersonIndex.EMPTY).resolve(person.getPatient());
                    if (patient.isPresent()) {
                        related.computeIfAbsent(patient.get(), k -> new ArrayList<>()).add(person);
                    } else {
                        logicalKey(person.getPatient()).ifPresent(key ->
                                relatedByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(person));
                    }
                }
            }
            return new Scope(entries, byIdentifier, related, relatedByKey);
        }
    }

    /**
     * The RelatedPersons of the patient {@code patient} (resolved from {@code subject}): contained in the owner,
     * entries of the Bundle, and those of the export's index.
     */
    List<Resource> relatedPersons(Reference subject, Optional<Resource> patient) {
        List<Resource> found = new ArrayList<>();
        Optional<String> key = logicalKey(subject).or(() -> patient.filter(p -> p.getIdElement().hasIdPart()
                && !p.getIdElement().getValue().startsWith("#") && !p.getIdElement().getValue().startsWith("urn:"))
                .map(p -> "Patient/" + p.getIdElement().getIdPart()));
        if (owner instanceof DomainResource domain) {
            for (Resource contained : domain.getContained()) {
                if (contained instanceof RelatedPerson person && person.hasPatient()) {
                    Optional<Resource> target = resolve(person.getPatient());
                    boolean same = patient.isPresent() && target.isPresent() && target.get() == patient.get()
                            || key.isPresent() && logicalKey(person.getPatient()).equals(key);
                    if (same) {
                        found.add(person);
                    }
                }
            }
        }
        patient.ifPresent(p -> found.addAll(scope.relatedByPatient.getOrDefault(p, List.of())));
        key.ifPresent(k -> {
            found.addAll(scope.relatedByPatientKey.getOrDefault(k, List.of()));
            found.addAll(index.relatedPersonsOf(k));
        });
        return found;
    }
}
