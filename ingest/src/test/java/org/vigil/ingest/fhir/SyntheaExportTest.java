package org.vigil.ingest.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.Admission;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.IdentifierHolder.PATIENT;
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
 * The Synthea Bulk Data export in the shared material (10 synthetic patients, Apache-2.0), in {@code shared/corpora}
 * beside the checkout (the system property {@code vigil.corpora} names another folder; CI has it, so a missing
 * folder fails the test rather than skipping it): every
 * note carries exactly the identifiers of its patient, computed here from the Patient file with plain Jackson.
 */
class SyntheaExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    // Tests run in the module's folder: the shared material lies beside the checkout, two levels up.
    private final Path export = Path.of(System.getProperty("vigil.corpora", "../../shared/corpora")).resolve("synthea-10-patients");

    private record Expected(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
    }

    @Test
    void everyNoteCarriesItsPatientsNamePartsIdentifiersAddressTelecomAndBirthDate() throws IOException {
        assertThat(export).as("the shared Synthea export (../shared/corpora beside the checkout)").isDirectory();
        Path patients = export.resolve("Patient.000.ndjson");
        Map<String, Set<Expected>> expected = new HashMap<>();
        Set<String> notNames = new HashSet<>();
        for (String line : Files.readAllLines(patients)) {
            JsonNode p = JSON.readTree(line);
            Set<Expected> ids = new HashSet<>();
            p.path("identifier").forEach(i -> ids.add(new Expected(IDENTIFIER, PATIENT, i.path("value").asText())));
            p.path("name").forEach(n -> {
                name(n, PATIENT, ids);
                n.path("prefix").forEach(x -> notNames.add(x.asText()));
                n.path("suffix").forEach(x -> notNames.add(x.asText()));
            });
            p.path("telecom").forEach(t -> ids.add(new Expected(TELECOM, PATIENT, t.path("value").asText())));
            p.path("address").forEach(a -> address(a, PATIENT, ids, notNames));
            p.path("extension").forEach(e -> {
                if (e.path("url").asText().equals(BIRTH_PLACE)) {
                    address(e.path("valueAddress"), PATIENT, ids, notNames);
                }
            });
            p.path("contact").forEach(c -> {
                name(c.path("name"), RELATED_PERSON, ids);
                c.path("telecom").forEach(t -> ids.add(new Expected(TELECOM, RELATED_PERSON, t.path("value").asText())));
                address(c.path("address"), RELATED_PERSON, ids, notNames);
            });
            ids.add(new Expected(BIRTH_DATE, PATIENT, p.path("birthDate").asText()));
            expected.put(p.path("id").asText(), ids);
        }

        PersonIndex index = PersonIndex.load(List.of(patients), 10_000_000);
        List<SourceRecord> records;
        try (var source = NdjsonNoteSource.open(export.resolve("DocumentReference.000.ndjson"),
                new FhirNoteReader(new Admission("synthea", 200_000, Clock.systemUTC()), "ndjson", index), 10_000_000);
             var stream = source.stream()) {
            records = stream.toList();
        }

        assertThat(index.size()).isEqualTo(expected.size());
        assertThat(records).hasSize((int) Files.lines(export.resolve("DocumentReference.000.ndjson")).count())
                .allMatch(r -> r instanceof SourceRecord.Accepted);
        Set<String> patientsSeen = new HashSet<>();
        for (SourceRecord record : records) {
            RawNote note = ((SourceRecord.Accepted) record).note();
            patientsSeen.add(note.getPatientId());
            assertThat(note.getKnownIdentifiers().stream().map(SyntheaExportTest::expected).toList())
                    .as("identifiers of the note at %s", note.getIngest().getSourceLocation())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.get(note.getPatientId()));
            assertThat(note.getKnownIdentifiers()).extracting(KnownIdentifier::getValue).doesNotContainAnyElementsOf(notNames);
        }
        assertThat(patientsSeen).hasSizeGreaterThan(1);
        // Synthea's given names end in digits ("Marine542"): carried as the record holds them.
        assertThat(expected.values().stream().flatMap(Set::stream).filter(e -> e.kind() == GIVEN_NAME))
                .isNotEmpty().allMatch(e -> e.value().matches(".*\\d$"));
    }

    @Test
    void supersededDocumentsWithoutTheirReplacementAreEveryOneKeptAndFlagged() throws IOException {
        assertThat(export).as("the shared Synthea export (../shared/corpora beside the checkout)").isDirectory();
        Path documents = export.resolve("DocumentReference.000.ndjson");
        long superseded = 0;
        long replacing = 0;
        for (String line : Files.readAllLines(documents)) {
            JsonNode d = JSON.readTree(line);
            superseded += d.path("status").asText().equals("superseded") ? 1 : 0;
            for (JsonNode r : d.path("relatesTo")) {
                replacing += r.path("code").asText().equals("replaces") ? 1 : 0;
            }
        }
        List<SourceRecord> records;
        try (var source = NdjsonNoteSource.open(documents, new FhirNoteReader(new Admission("synthea", 200_000, Clock.systemUTC()),
                "ndjson", PersonIndex.EMPTY), 10_000_000);
             var stream = source.stream()) {
            records = stream.toList();
        }
        assertThat(superseded).as("the export marks documents superseded").isPositive();
        assertThat(replacing).as("and names no replacement for them").isZero();
        assertThat(records).allMatch(r -> r instanceof SourceRecord.Accepted);
        assertThat(records.stream().map(r -> ((SourceRecord.Accepted) r).note())
                .filter(n -> n.getLifecycle() == NoteLifecycle.SUPERSEDED)).hasSize((int) superseded);
        assertThat(records.stream().map(r -> ((SourceRecord.Accepted) r).note())
                .filter(n -> n.getLifecycle() == NoteLifecycle.CURRENT)).hasSize(records.size() - (int) superseded);
    }

    private static Expected expected(KnownIdentifier i) {
        return new Expected(i.getKind(), i.getHolder(), i.getValue());
    }

    private static void name(JsonNode n, IdentifierHolder holder, Set<Expected> ids) {
        if (n.has("family")) {
            ids.add(new Expected(FAMILY_NAME, holder, n.path("family").asText()));
        }
        n.path("given").forEach(g -> ids.add(new Expected(GIVEN_NAME, holder, g.asText())));
        if (!n.has("family") && !n.has("given") && n.has("text")) {
            ids.add(new Expected(OTHER, holder, n.path("text").asText()));
        }
    }

    /** Lines, city, postal code and district; state and country are no Safe Harbor identifiers. */
    private static void address(JsonNode a, IdentifierHolder holder, Set<Expected> ids, Set<String> notIdentifiers) {
        a.path("line").forEach(l -> ids.add(new Expected(ADDRESS_LINE, holder, l.asText())));
        if (a.has("city")) {
            ids.add(new Expected(CITY, holder, a.path("city").asText()));
        }
        if (a.has("postalCode")) {
            ids.add(new Expected(POSTAL_CODE, holder, a.path("postalCode").asText()));
        }
        if (a.has("district")) {
            ids.add(new Expected(OTHER, holder, a.path("district").asText()));
        }
        for (String field : List.of("state", "country")) {
            if (a.has(field)) {
                notIdentifiers.add(a.path(field).asText());
            }
        }
    }
}
