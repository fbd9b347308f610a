package org.vigil.ingest.csv;

import org.vigil.ingest.SourceLocation;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.IngestSettings;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceRecord;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.schemas.KnownIdentifierKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.schemas.IdentifierHolder.PATIENT;
import static org.vigil.schemas.IdentifierHolder.PRACTITIONER;
import static org.vigil.schemas.KnownIdentifierKind.BIRTH_DATE;
import static org.vigil.schemas.KnownIdentifierKind.FAMILY_NAME;
import static org.vigil.schemas.KnownIdentifierKind.GIVEN_NAME;
import static org.vigil.schemas.KnownIdentifierKind.IDENTIFIER;

class IdentifierColumnsTest {

    private static final String MAPPING =
            "GIVEN_NAME=first_name|middle_name, family_name=last_name, IDENTIFIER=mrn, BIRTH_DATE=dob, practitioner.FAMILY_NAME=author";

    @TempDir
    Path dir;

    private static KnownIdentifier id(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        return KnownIdentifier.newBuilder().setKind(kind).setHolder(holder).setValue(value).build();
    }

    private List<SourceRecord> read(String csv, IdentifierColumns columns) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.csv"), csv);
        try (var source = CsvNoteSource.open(file, Optional.of(CsvLayout.parse("sourceNoteId=id,patientId=mrn,text=body")),
                columns, new Admission("clinic", 10_000, Clock.systemUTC()), new ClinicalTime(ZoneId.of("UTC")));
             var stream = source.stream()) {
            return stream.toList();
        }
    }

    private static List<KnownIdentifier> identifiers(SourceRecord record) {
        assertThat(record).isInstanceOf(SourceRecord.Accepted.class);
        return ((SourceRecord.Accepted) record).note().getKnownIdentifiers();
    }

    @Test
    void parsesKindsHoldersAndSeveralColumnsCaseInsensitively() {
        assertThat(IdentifierColumns.parse(MAPPING).entries()).containsExactly(
                new IdentifierColumns.Entry(GIVEN_NAME, PATIENT, List.of("first_name", "middle_name")),
                new IdentifierColumns.Entry(FAMILY_NAME, PATIENT, List.of("last_name")),
                new IdentifierColumns.Entry(IDENTIFIER, PATIENT, List.of("mrn")),
                new IdentifierColumns.Entry(BIRTH_DATE, PATIENT, List.of("dob")),
                new IdentifierColumns.Entry(FAMILY_NAME, PRACTITIONER, List.of("author")));
        assertThat(IdentifierColumns.parse(" ").entries()).isEmpty();
    }

    @Test
    void refusesMalformedEntriesNamingThem() {
        assertThatThrownBy(() -> IdentifierColumns.parse("GIVEN_NAME"))
                .hasMessage("Identifier column entry 'GIVEN_NAME' is not KIND=COLUMN");
        assertThatThrownBy(() -> IdentifierColumns.parse("NICKNAME=nick"))
                .hasMessage("Identifier column entry 'NICKNAME=nick': 'NICKNAME' is not one of "
                        + "[GIVEN_NAME, FAMILY_NAME, IDENTIFIER, ADDRESS_LINE, CITY, POSTAL_CODE, TELECOM, BIRTH_DATE, OTHER]");
        assertThatThrownBy(() -> IdentifierColumns.parse("NURSE.GIVEN_NAME=x"))
                .hasMessage("Identifier column entry 'NURSE.GIVEN_NAME=x': 'NURSE' is not one of [PATIENT, RELATED_PERSON, PRACTITIONER, OTHER]");
        assertThatThrownBy(() -> IdentifierColumns.parse("GIVEN_NAME= | "))
                .hasMessage("Identifier column entry 'GIVEN_NAME= |' names no column");
    }

    @Test
    void aMalformedSettingFailsTheStageConfigurationAtStart() {
        assertThatThrownBy(() -> new VigilConfig(IngestSettings.definition(),
                Map.of(IngestSettings.CSV_IDENTIFIER_COLUMNS, "GIVEN_NAME=first_name,NICKNAME=nick")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.csv.identifier.columns").hasMessageContaining("'NICKNAME' is not one of");
        assertThat(new VigilConfig(IngestSettings.definition(), Map.of()).getString(IngestSettings.CSV_IDENTIFIER_COLUMNS)).isEmpty();
    }

    @Test
    void readsEachMappedCellAsAnIdentifierWithBirthDatesInIsoAndUnreadableOnesDropped() throws IOException {
        List<SourceRecord> records = read("id,mrn,first_name,middle_name,last_name,dob,author,body\n"
                + "n1,MRN-1,Ana,Lucia,Ruiz,02/03/1990,Okafor,Seen today.\n"
                + "n2,MRN-2, Tomas ,,Ruiz,19851130,,Seen today.\n"
                + "n3,MRN-3,Eva,,Soto,sometime in 1990,,Seen today.\n", IdentifierColumns.parse(MAPPING));

        assertThat(identifiers(records.get(0))).containsExactly(
                id(GIVEN_NAME, PATIENT, "Ana"), id(GIVEN_NAME, PATIENT, "Lucia"), id(FAMILY_NAME, PATIENT, "Ruiz"),
                id(IDENTIFIER, PATIENT, "MRN-1"), id(BIRTH_DATE, PATIENT, "1990-02-03"), id(FAMILY_NAME, PRACTITIONER, "Okafor"));
        assertThat(identifiers(records.get(1))).containsExactly(
                id(GIVEN_NAME, PATIENT, "Tomas"), id(FAMILY_NAME, PATIENT, "Ruiz"), id(IDENTIFIER, PATIENT, "MRN-2"),
                id(BIRTH_DATE, PATIENT, "1985-11-30"));
        assertThat(identifiers(records.get(2))).containsExactly(
                id(GIVEN_NAME, PATIENT, "Eva"), id(FAMILY_NAME, PATIENT, "Soto"), id(IDENTIFIER, PATIENT, "MRN-3"));
    }

    @Test
    void theLayoutsBirthDateFieldIsAlsoThePatientsBirthDateIdentifier() throws IOException {
        Path file = Files.writeString(dir.resolve("dob.csv"), "id,mrn,dob,body\nn1,MRN-1,1990-02-03,Seen today.\n");
        try (var source = CsvNoteSource.open(file, Optional.of(CsvLayout.parse("sourceNoteId=id,patientId=mrn,text=body,birthDate=dob")),
                new Admission("clinic", 10_000, Clock.systemUTC()), new ClinicalTime(ZoneId.of("UTC")));
             var stream = source.stream()) {
            assertThat(identifiers(stream.toList().get(0))).containsExactly(id(BIRTH_DATE, PATIENT, "1990-02-03"));
        }
    }

    @Test
    void carriesNoIdentifiersByDefault() throws IOException {
        List<SourceRecord> records = read("id,mrn,first_name,body\nn1,MRN-1,Ana,Seen today.\n", IdentifierColumns.NONE);
        assertThat(identifiers(records.get(0))).isEmpty();
    }

    @Test
    void deadLettersAFileThatLacksAMappedIdentifierColumnWithoutReadingIt() throws IOException {
        List<SourceRecord> records = read("id,mrn,first_name,body\nn1,MRN-1,Ana,Seen today.\n", IdentifierColumns.parse(MAPPING));
        assertThat(records).containsExactly(SourceRecord.rejected(RejectReason.MALFORMED_CSV,
                "The CSV header lacks the identifier columns [middle_name, last_name, dob, author] named in ingest.csv.identifier.columns",
                SourceLocation.label("notes.csv:1")));
    }
}
