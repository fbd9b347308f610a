package org.vigil.ingest.fhir;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.vigil.ingest.BoundedLineReader;
import org.vigil.ingest.TextDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The people of a Bulk Data export (its Patient, RelatedPerson, Practitioner and PractitionerRole NDJSON files),
 * slimmed to what notes need (attributes, author roles, the identifiers {@link FhirIdentifiers} reads) and
 * kept as compact JSON, one string a person, so that an export of millions of patients fits in memory; a
 * lookup parses the one it needs. Keyed {@code Type/id}; RelatedPersons also by their patient, Practitioners
 * and RelatedPersons also by identifier (for conditional references such as Synthea's
 * {@code Practitioner?identifier=system|value}). Lines that do not parse are left out; the notes that refer to
 * them still flow.
 */
public final class PersonIndex {

    /** An index that knows nobody. */
    public static final PersonIndex EMPTY = new PersonIndex(Map.of(), Map.of(), Map.of());

    /** The resource types it keeps; the export's files of these types are worth loading. */
    public static final Set<String> TYPES = Set.of("Patient", "RelatedPerson", "Practitioner", "PractitionerRole");

    private final Map<String, String> slim;
    private final Map<String, List<String>> relatedByPatient;
    private final Map<String, String> byIdentifier;

    private PersonIndex(Map<String, String> slim, Map<String, List<String>> relatedByPatient, Map<String, String> byIdentifier) {
        this.slim = slim;
        this.relatedByPatient = relatedByPatient;
        this.byIdentifier = byIdentifier;
    }

    /** Reads the people in {@code files} (NDJSON, one resource a line; other resource types are skipped). */
    public static PersonIndex load(Iterable<Path> files, int maxLineChars) throws IOException {
        Map<String, String> slim = new HashMap<>();
        Map<String, List<String>> related = new HashMap<>();
        Map<String, String> byIdentifier = new HashMap<>();
        IParser parser = FhirNoteReader.parser(false);
        IParser writer = FhirNoteReader.context().newJsonParser();
        for (Path file : files) {
            try (BoundedLineReader lines = new BoundedLineReader(TextDecoder.reader(Files.newInputStream(file)).reader(), maxLineChars)) {
                for (Optional<BoundedLineReader.Line> line = lines.next(); line.isPresent(); line = lines.next()) {
                    if (line.get().text().isEmpty() || line.get().text().get().isBlank()) {
                        continue;
                    }
                    Resource resource;
                    try {
                        resource = parser.parseResource(line.get().text().get()) instanceof Resource r ? r : null;
                    } catch (RuntimeException e) {
                        continue; // a malformed line only costs its notes that person's attributes and identifiers
                    }
                    Optional<Resource> kept = resource == null || !resource.getIdElement().hasIdPart()
                            ? Optional.empty() : slim(resource);
                    if (kept.isEmpty()) {
                        continue;
                    }
                    String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                    slim.put(key, writer.encodeResourceToString(kept.get()));
                    if (resource instanceof RelatedPerson person) {
                        Resolver.logicalKey(person.getPatient()).ifPresent(patient ->
                                related.computeIfAbsent(patient, k -> new ArrayList<>(1)).add(key));
                    }
                    if (resource instanceof RelatedPerson || resource instanceof Practitioner) {
                        for (String conditional : Resolver.identifierKeys(resource)) {
                            byIdentifier.putIfAbsent(conditional, key);
                        }
                    }
                }
            }
        }
        related.replaceAll((k, v) -> List.copyOf(v));
        return new PersonIndex(slim, related, byIdentifier);
    }

    /** The person keyed {@code Type/id}, slimmed. */
    public Optional<Resource> get(String key) {
        String json = slim.get(key);
        // A parser is cheap to make and not thread-safe: one a lookup.
        return json == null ? Optional.empty() : Optional.of((Resource) FhirNoteReader.context().newJsonParser().parseResource(json));
    }

    /** The RelatedPersons whose patient is {@code patientKey} ({@code Patient/id}). */
    public List<Resource> relatedPersonsOf(String patientKey) {
        return relatedByPatient.getOrDefault(patientKey, List.of()).stream().flatMap(k -> get(k).stream()).toList();
    }

    /** The person a conditional reference {@code Type?identifier=system|value} (or {@code =value}) names. */
    public Optional<Resource> byIdentifier(String conditional) {
        return Optional.ofNullable(byIdentifier.get(conditional)).flatMap(this::get);
    }

    /** How many people it holds. */
    public int size() {
        return slim.size();
    }

    /** The parts of a person that notes use; empty for other resource types. */
    static Optional<Resource> slim(Resource resource) {
        if (resource instanceof Patient p) {
            Patient s = new Patient();
            s.setId(p.getIdElement().getIdPart());
            s.setGenderElement(p.getGenderElement());
            s.setBirthDateElement(p.getBirthDateElement());
            p.getIdentifier().forEach(i -> s.addIdentifier(identifier(i)));
            p.getName().forEach(n -> s.addName(name(n)));
            p.getTelecom().forEach(t -> s.addTelecom(telecom(t)));
            p.getAddress().forEach(a -> s.addAddress(address(a)));
            for (Patient.ContactComponent c : p.getContact()) {
                Patient.ContactComponent slimContact = s.addContact();
                if (c.hasName()) {
                    slimContact.setName(name(c.getName()));
                }
                c.getTelecom().forEach(t -> slimContact.addTelecom(telecom(t)));
                if (c.hasAddress()) {
                    slimContact.setAddress(address(c.getAddress()));
                }
            }
            p.getGeneralPractitioner().forEach(r -> s.addGeneralPractitioner(reference(r)));
            for (Extension e : p.getExtensionsByUrl(FhirIdentifiers.BIRTH_PLACE)) {
                if (e.getValue() instanceof Address a) {
                    s.addExtension(FhirIdentifiers.BIRTH_PLACE, address(a));
                }
            }
            return Optional.of(s);
        }
        if (resource instanceof RelatedPerson r) {
            RelatedPerson s = new RelatedPerson();
            s.setId(r.getIdElement().getIdPart());
            s.setPatient(reference(r.getPatient()));
            s.setBirthDateElement(r.getBirthDateElement());
            r.getIdentifier().forEach(i -> s.addIdentifier(identifier(i)));
            r.getName().forEach(n -> s.addName(name(n)));
            r.getTelecom().forEach(t -> s.addTelecom(telecom(t)));
            r.getAddress().forEach(a -> s.addAddress(address(a)));
            return Optional.of(s);
        }
        if (resource instanceof Practitioner p) {
            Practitioner s = new Practitioner();
            s.setId(p.getIdElement().getIdPart());
            s.setBirthDateElement(p.getBirthDateElement());
            p.getIdentifier().forEach(i -> s.addIdentifier(identifier(i)));
            p.getName().forEach(n -> s.addName(name(n)));
            p.getTelecom().forEach(t -> s.addTelecom(telecom(t)));
            p.getAddress().forEach(a -> s.addAddress(address(a)));
            if (p.hasQualification()) {
                s.addQualification().setCode(p.getQualificationFirstRep().getCode());
            }
            return Optional.of(s);
        }
        if (resource instanceof PractitionerRole r) {
            PractitionerRole s = new PractitionerRole();
            s.setId(r.getIdElement().getIdPart());
            if (r.hasPractitioner()) {
                s.setPractitioner(reference(r.getPractitioner()));
            }
            if (r.hasCode()) {
                s.addCode(r.getCodeFirstRep());
            }
            r.getTelecom().forEach(t -> s.addTelecom(telecom(t)));
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The value only: conditional-reference keys are taken from the full resource before it is slimmed. */
    private static Identifier identifier(Identifier i) {
        return new Identifier().setValue(i.getValue());
    }

    /** Prefixes and suffixes are not names; use and period do not matter here. */
    private static HumanName name(HumanName n) {
        HumanName s = new HumanName().setFamily(n.getFamily()).setText(n.getText());
        n.getGiven().forEach(g -> s.addGiven(g.getValue()));
        return s;
    }

    private static ContactPoint telecom(ContactPoint t) {
        return new ContactPoint().setValue(t.getValue());
    }

    /** State and country are not Safe Harbor identifiers and are not kept. */
    private static Address address(Address a) {
        Address s = new Address().setCity(a.getCity()).setDistrict(a.getDistrict()).setPostalCode(a.getPostalCode()).setText(a.getText());
        a.getLine().forEach(l -> s.addLine(l.getValue()));
        return s;
    }

    private static Reference reference(Reference r) {
        Reference s = new Reference();
        if (r.hasReference()) {
            s.setReference(r.getReference());
        }
        if (r.hasType()) {
            s.setType(r.getType());
        }
        if (r.hasIdentifier()) {
            s.setIdentifier(new Identifier().setSystem(r.getIdentifier().getSystem()).setValue(r.getIdentifier().getValue()));
        }
        return s;
    }
}
