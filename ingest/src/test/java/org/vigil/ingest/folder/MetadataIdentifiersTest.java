package org.vigil.ingest.folder;

import org.vigil.ingest.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
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

/** A note file's sidecar or manifest row lists the known identifiers of its people (invented here). */
class MetadataIdentifiersTest {

    @TempDir
    Path dir;

    private FolderNoteSource folder() {
        return new FolderNoteSource(dir, "*.txt", new Admission("clinic", 1_000, Clock.systemUTC()), new ClinicalTime(ZoneId.of("UTC")));
    }

    private static KnownIdentifier id(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        return KnownIdentifier.newBuilder().setKind(kind).setHolder(holder).setValue(value).build();
    }

    private static List<KnownIdentifier> identifiers(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note().getKnownIdentifiers();
    }

    @Test
    void readsTheSidecarsIdentifiersOfThePatientRelatedPersonsAndPractitioners() throws IOException {
        Path file = Files.writeString(dir.resolve("n-1.txt"), "Seen with her brother.");
        Files.writeString(dir.resolve("n-1.meta.json"), """
                {"patientId": "P-17", "birthDate": "1990-02-03",
                 "identifiers": {"givenName": ["Ana", "Lucia"], "familyName": "Ruiz", "identifier": ["MRN 123", 4455],
                   "addressLine": ["12 Calle Mayor"], "city": "Sevilla", "postalCode": "41001", "telecom": ["555-0100", " "],
                   "birthDate": "02/03/1990", "other": ["Finca La Loma"],
                   "relatedPersons": [{"givenName": "Luis", "familyName": "Ruiz", "telecom": "555-0101"}],
                   "practitioners": [{"givenName": "Eva", "familyName": "Soto", "identifier": "NPI 99"}]}}""");

        assertThat(identifiers(folder().read(file))).containsExactly(
                id(GIVEN_NAME, PATIENT, "Ana"), id(GIVEN_NAME, PATIENT, "Lucia"), id(FAMILY_NAME, PATIENT, "Ruiz"),
                id(IDENTIFIER, PATIENT, "MRN 123"), id(IDENTIFIER, PATIENT, "4455"), id(ADDRESS_LINE, PATIENT, "12 Calle Mayor"),
                id(CITY, PATIENT, "Sevilla"), id(POSTAL_CODE, PATIENT, "41001"), id(TELECOM, PATIENT, "555-0100"),
                id(BIRTH_DATE, PATIENT, "1990-02-03"), id(OTHER, PATIENT, "Finca La Loma"),
                id(GIVEN_NAME, RELATED_PERSON, "Luis"), id(FAMILY_NAME, RELATED_PERSON, "Ruiz"), id(TELECOM, RELATED_PERSON, "555-0101"),
                id(GIVEN_NAME, PRACTITIONER, "Eva"), id(FAMILY_NAME, PRACTITIONER, "Soto"), id(IDENTIFIER, PRACTITIONER, "NPI 99"));
    }

    @Test
    void theBirthDateAttributeIsAlsoThePatientsBirthDateIdentifier() throws IOException {
        Path file = Files.writeString(dir.resolve("n-2.txt"), "Text.");
        Files.writeString(dir.resolve("n-2.meta.json"), "{\"patientId\": \"P-1\", \"birthDate\": \"1984-02-29\"}");
        assertThat(identifiers(folder().read(file))).containsExactly(id(BIRTH_DATE, PATIENT, "1984-02-29"));
    }

    @Test
    void deadLettersAMisshapenIdentifiersObjectWithoutQuotingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("n-3.txt"), "Text.");
        Files.writeString(dir.resolve("n-3.meta.json"), "{\"patientId\": \"P-1\", \"identifiers\": {\"Ana Ruiz\": [\"x\"]}}");
        assertThat(folder().read(file)).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_METADATA,
                "The sidecar's identifiers has a field that is none of [addressLine, birthDate, city, familyName, givenName, "
                        + "identifier, other, postalCode, telecom] or relatedPersons, practitioners", SourceLocation.label("n-3.txt")));
        Files.writeString(dir.resolve("n-3.meta.json"), "{\"patientId\": \"P-1\", \"identifiers\": {\"givenName\": {\"first\": \"Ana\"}}}");
        assertThat(folder().read(file)).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_METADATA,
                "The sidecar's identifiers.givenName must be a string or a list of strings", SourceLocation.label("n-3.txt")));
        Files.writeString(dir.resolve("n-3.meta.json"), "{\"patientId\": \"P-1\", \"identifiers\": {\"practitioners\": {\"familyName\": \"Soto\"}}}");
        assertThat(folder().read(file)).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_METADATA,
                "The sidecar's identifiers.practitioners must be a list of objects", SourceLocation.label("n-3.txt")));
        Files.writeString(dir.resolve("n-3.meta.json"), "{\"patientId\": \"P-1\", \"identifiers\": [\"Ana\"]}");
        assertThat(folder().read(file)).isEqualTo(SourceRecord.rejected(RejectReason.MALFORMED_METADATA,
                "The sidecar's identifiers must be an object", SourceLocation.label("n-3.txt")));
    }

    @Test
    void readsTheManifestsIdentifierColumnsWithSeveralValuesInACell() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "Text a.");
        Files.writeString(dir.resolve("manifest.csv"), """
                file,patientId,givenName,familyName,birthDate,identifier,relatedPerson.givenName,practitioner.familyName
                a.txt,P-1,Ana|Lucia,Ruiz,19900203,MRN 123,Luis,Soto|Varga
                """);
        assertThat(identifiers(folder().read(file))).containsExactly(
                id(GIVEN_NAME, PATIENT, "Ana"), id(GIVEN_NAME, PATIENT, "Lucia"), id(FAMILY_NAME, PATIENT, "Ruiz"),
                id(BIRTH_DATE, PATIENT, "1990-02-03"), id(IDENTIFIER, PATIENT, "MRN 123"), id(GIVEN_NAME, RELATED_PERSON, "Luis"),
                id(FAMILY_NAME, PRACTITIONER, "Soto"), id(FAMILY_NAME, PRACTITIONER, "Varga"));
    }
}
