package org.vigil.deidentify.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.IngestMetadata;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RawNote;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.deidentify.DeidMode;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.FailClosedTest;
import org.vigil.deidentify.Found;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.operate.DeidKey;
import org.vigil.deidentify.operate.Pseudonyms;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class DeidentifyTopologyTest {

    static final String NOTE = "Patient: OKAFOR, JENNIFER  MRN: 0048213\n"
            + "92 yo F seen 03/14/2024 by Dr. Quaxley. Sister Hope (617-555-0134) visited. Denies SI.";

    private static SchemaRegistryServer registryServer;
    private static SchemaRegistryClient registry;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, DeidentifiedNote> clean;
    private TestOutputTopic<String, DeadLetter> quarantine;
    private SimpleMeterRegistry meters;

    @BeforeAll
    static void startRegistry() {
        registryServer = SchemaRegistryServer.inMemory();
        registryServer.start();
        registry = new SchemaRegistryClient(registryServer.url());
    }

    @AfterAll
    static void stopRegistry() {
        registryServer.close();
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void open(Deidentifier engine) {
        if (driver != null) {
            driver.close();
        }
        meters = new SimpleMeterRegistry();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deid-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(DeidentifyTopology.build(engine, registry, new DeidMetrics(meters)), props);
        raw = driver.createInputTopic(Topics.NOTES_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        clean = driver.createOutputTopic(Topics.NOTES_DEIDENTIFIED.name(), Serdes.String().deserializer(),
                Topics.NOTES_DEIDENTIFIED.valueSerde(registry).deserializer());
        quarantine = driver.createOutputTopic(Topics.NOTES_QUARANTINE.name(), Serdes.String().deserializer(),
                Topics.NOTES_QUARANTINE.valueSerde(registry).deserializer());
    }

    private static Deidentifier engine(Ruleset rules, DeidOptions options) {
        return new Deidentifier(rules, Found.KEY, options);
    }

    static RawNote rawNote(String noteKey, String patientId, String text) {
        return RawNote.newBuilder()
                .setNoteKey(noteKey).setSourceSystem("ehr").setSourceNoteId(noteKey.substring(noteKey.indexOf('|') + 1))
                .setPatientId(patientId).setEncounterId("E-" + patientId).setNoteType("psychiatry_progress")
                .setAuthorRole("psychiatrist").setAuthoredAt(Instant.parse("2024-03-14T10:00:00Z")).setText(text)
                .setAttributes(Map.of("sex", "F", "birthDate", "1931-05-02"))
                .setIngest(IngestMetadata.newBuilder().setAdapter("folder").setSourceLocation("notes/okafor.txt")
                        .setReceivedAt(Instant.parse("2024-03-15T00:00:00Z")).build())
                .build();
    }

    private static byte[] bytes(RawNote note) {
        return Topics.NOTES_RAW.valueSerde(registry).serializer().serialize(Topics.NOTES_RAW.name(), note);
    }

    @Test
    void replacementCarriesThePseudonymOfTheNoteItReplacesNeverItsRawId() {
        Deidentifier engine = engine(Ruleset.standard(), DeidOptions.defaults());
        open(engine);
        TestOutputTopic<String, byte[]> cleanBytes = driver.createOutputTopic(Topics.NOTES_DEIDENTIFIED.name(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        raw.pipeInput("ehr|DOC-ORIG-4471", bytes(rawNote("ehr|DOC-ORIG-4471", "MRN-0048213", "Denies SI.")));
        RawNote replacement = rawNote("ehr|DOC-NEW-5582", "MRN-0048213", "Amended: denies SI and HI.");
        replacement.setLifecycle(NoteLifecycle.REPLACES);
        replacement.setReplacesSourceNoteId("DOC-ORIG-4471");
        raw.pipeInput("ehr|DOC-NEW-5582", bytes(replacement));

        List<byte[]> written = cleanBytes.readValuesToList();
        assertThat(written).hasSize(2);
        var deserializer = Topics.NOTES_DEIDENTIFIED.valueSerde(registry).deserializer();
        DeidentifiedNote original = deserializer.deserialize(Topics.NOTES_DEIDENTIFIED.name(), written.get(0));
        DeidentifiedNote amended = deserializer.deserialize(Topics.NOTES_DEIDENTIFIED.name(), written.get(1));
        assertThat(original.getLifecycle()).isEqualTo(NoteLifecycle.CURRENT);
        assertThat(original.getReplacesNoteId()).isNull();
        assertThat(amended.getLifecycle()).isEqualTo(NoteLifecycle.REPLACES);
        assertThat(amended.getReplacesNoteId()).isEqualTo(original.getNoteId())
                .isEqualTo(engine.pseudonyms().note("ehr|DOC-ORIG-4471")).hasSize(64);
        for (byte[] value : written) {
            String text = new String(value, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("DOC-ORIG").doesNotContain("4471").doesNotContain("DOC-NEW");
        }
    }

    @Test
    void withdrawalKeepsTheNotesPseudonymousIdAndPassesWithoutText() {
        Deidentifier engine = engine(Ruleset.standard(), DeidOptions.defaults());
        open(engine);
        RawNote withdrawal = rawNote("ehr|n-9", "MRN-0048213", "");
        withdrawal.setLifecycle(NoteLifecycle.WITHDRAWN);
        raw.pipeInput("ehr|n-9", bytes(withdrawal));

        KeyValue<String, DeidentifiedNote> out = clean.readKeyValue();
        assertThat(out.key).isEqualTo(engine.pseudonyms().note("ehr|n-9"));
        assertThat(out.value.getLifecycle()).isEqualTo(NoteLifecycle.WITHDRAWN);
        assertThat(out.value.getText()).isEmpty();
        assertThat(quarantine.isEmpty()).isTrue();
    }

    @Test
    void supersededFlagPassesThrough() {
        Deidentifier engine = engine(Ruleset.standard(), DeidOptions.defaults());
        open(engine);
        RawNote old = rawNote("ehr|n-8", "MRN-0048213", "Denies SI.");
        old.setLifecycle(NoteLifecycle.SUPERSEDED);
        raw.pipeInput("ehr|n-8", bytes(old));
        assertThat(clean.readValue().getLifecycle()).isEqualTo(NoteLifecycle.SUPERSEDED);
    }

    @Test
    void deidentifiesANoteKeyedByItsPseudonymousId() {
        Deidentifier engine = engine(Ruleset.standard(), DeidOptions.defaults());
        open(engine);
        raw.pipeInput("ehr|n-1", bytes(rawNote("ehr|n-1", "MRN-0048213", NOTE)));

        KeyValue<String, DeidentifiedNote> out = clean.readKeyValue();
        DeidentifiedNote note = out.value;
        assertThat(out.key).isEqualTo(engine.pseudonyms().note("ehr|n-1")).isEqualTo(note.getNoteId()).hasSize(64);
        assertThat(note.getPatientPseudonym()).isEqualTo(engine.pseudonyms().patient("MRN-0048213"));
        assertThat(note.getEncounterPseudonym()).isEqualTo(engine.pseudonyms().encounter("E-MRN-0048213"));
        assertThat(note.getText()).doesNotContain("OKAFOR", "JENNIFER", "0048213", "03/14", "Quaxley", "Hope",
                "617", "555-0134").doesNotContainPattern("\\b92\\b").contains("Denies SI.");
        assertThat(note.getPhiCounts()).isEqualTo(Map.of("NAME", 3, "PROFESSION", 0, "LOCATION", 0, "AGE", 1,
                "DATE", 1, "CONTACT", 1, "ID", 1));
        assertThat(note.getRulesetVersion()).isEqualTo(Ruleset.standard().version());
        assertThat(note.getMode()).isEqualTo("SURROGATE");
        assertThat(note.getAttributes()).isEqualTo(Map.of("sex", "F", "ageBand", "90+"));
        assertThat(note.getNoteDate()).isEqualTo(Instant.parse("2024-03-14T10:00:00Z")
                .plus(java.time.Duration.ofDays(engine.shiftDays("MRN-0048213"))));
        assertThat(note.getSourceAdapter()).isEqualTo("folder");
        assertThat(quarantine.isEmpty()).isTrue();
        assertThat(meters.counter("vigil.deidentify.phi", "category", "NAME").count()).isEqualTo(3.0);
    }

    @Test
    void keepsKnownNoteTypeLabelsAndDeidentifiesUnknownOnes() {
        open(engine(Ruleset.standard(), DeidOptions.defaults().withMode(DeidMode.TAG)));
        RawNote mimic = rawNote("ehr|n-1", "p1", NOTE);
        mimic.setNoteType("Physician  / Psychiatry Progress Note");
        mimic.setAuthorRole("Attending physician");
        RawNote named = rawNote("ehr|n-2", "p1", NOTE);
        named.setNoteType("Progress note by Dr. Quaxley");
        raw.pipeInput("ehr|n-1", bytes(mimic));
        raw.pipeInput("ehr|n-2", bytes(named));

        List<DeidentifiedNote> out = clean.readValuesToList();
        assertThat(out.get(0).getNoteType()).isEqualTo("Physician  / Psychiatry Progress Note");
        assertThat(out.get(0).getAuthorRole()).isEqualTo("Attending physician");
        assertThat(out.get(1).getNoteType()).doesNotContain("Quaxley").contains("[NAME]");
    }

    @Test
    void quarantinesANoteWhenARecognizerThrowsAndTheNextNoteStillFlows() {
        open(engine(Ruleset.standard().with(new FailClosedTest.ThrowingRecognizer()), DeidOptions.defaults()));
        raw.pipeInput("ehr|n-1", bytes(rawNote("ehr|n-1", "p1", "TRIGGER " + NOTE)));
        raw.pipeInput("ehr|n-2", bytes(rawNote("ehr|n-2", "p1", NOTE)));

        List<KeyValue<String, DeadLetter>> dead = quarantine.readKeyValuesToList();
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0).value;
        assertThat(letter.getStage()).isEqualTo("deidentify");
        assertThat(letter.getReasonCode()).isEqualTo("RECOGNIZER_FAILED");
        assertThat(letter.getReason()).isEqualTo("throwing failed with IllegalStateException");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.NOTES_RAW.name());
        assertThat(letter.getSourcePartition()).isEqualTo(0);
        assertThat(letter.getSourceOffset()).isEqualTo(0L);
        assertThat(letter.getSourceLocation()).isEqualTo("vigil.notes.raw/0/0");
        assertThat(dead.get(0).key).isEqualTo(new Pseudonyms(Found.KEY.keyedHash()).note("ehr|n-1"));
        assertThat(letter.toString()).doesNotContain("OKAFOR", "ehr|n-1", "n-1", "TRIGGER");
        assertThat(clean.readValuesToList()).hasSize(1);
        assertThat(meters.counter("vigil.deidentify.quarantined", "reason", "RECOGNIZER_FAILED").count()).isEqualTo(1.0);
    }

    @Test
    void quarantinesANoteOverTheSizeLimit() {
        open(engine(Ruleset.standard(), DeidOptions.defaults().withMaxNoteChars(50)));
        raw.pipeInput("ehr|n-1", bytes(rawNote("ehr|n-1", "p1", NOTE)));
        raw.pipeInput("ehr|n-2", bytes(rawNote("ehr|n-2", "p1", "Denies SI.")));
        DeadLetter letter = quarantine.readValue();
        assertThat(letter.getReasonCode()).isEqualTo("OVERSIZE");
        assertThat(letter.getReason()).isEqualTo("note of " + NOTE.length() + " characters exceeds the limit of 50");
        assertThat(clean.readValue().getText()).isEqualTo("Denies SI.");
    }

    @Test
    void quarantinesANoteWhoseTextIsInvalidUtf8() {
        open(engine(Ruleset.standard(), DeidOptions.defaults()));
        byte[] payload = bytes(rawNote("ehr|n-1", "p1", "Seen today. @@@@ Denies SI."));
        byte[] marker = "@@@@".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(payload, marker);
        payload[at] = (byte) 0xC3;
        payload[at + 1] = (byte) 0x28;
        payload[at + 2] = (byte) 0xFF;
        payload[at + 3] = (byte) 0xFE;
        raw.pipeInput("ehr|n-1", payload);
        assertThat(quarantine.readValue().getReasonCode()).isEqualTo("INVALID_ENCODING");
        assertThat(clean.isEmpty()).isTrue();
    }

    @Test
    void quarantinesARawRecordThatIsNotARawNoteAndGoesOn() {
        open(engine(Ruleset.standard(), DeidOptions.defaults()));
        raw.pipeInput("ehr|n-1", "Jennifer Okafor, not avro".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput("ehr|n-2", (byte[]) null);
        raw.pipeInput("ehr|n-3", bytes(rawNote("ehr|n-3", "p1", "Denies SI.")));
        List<DeadLetter> dead = quarantine.readValuesToList();
        assertThat(dead).extracting(DeadLetter::getReasonCode).containsExactly("UNDESERIALIZABLE", "UNDESERIALIZABLE");
        assertThat(dead.get(0).getReason()).doesNotContain("Jennifer", "Okafor");
        assertThat(dead).extracting(DeadLetter::getSourceOffset).containsExactly(0L, 1L);
        assertThat(clean.readValue().getText()).isEqualTo("Denies SI.");
    }

    @Test
    void givesTheSameSurrogatesAndDatesAfterARestartOfTheStage() {
        open(engine(Ruleset.standard(), DeidOptions.defaults()));
        raw.pipeInput("ehr|n-1", bytes(rawNote("ehr|n-1", "p1", NOTE)));
        DeidentifiedNote before = clean.readValue();
        // A restart: a new engine from the same key, a new topology, no state carried over.
        open(new Deidentifier(Ruleset.standard(), DeidKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
                DeidOptions.defaults()));
        raw.pipeInput("ehr|n-1", bytes(rawNote("ehr|n-1", "p1", NOTE)));
        DeidentifiedNote after = clean.readValue();
        assertThat(after.getText()).isEqualTo(before.getText());
        assertThat(after.getNoteId()).isEqualTo(before.getNoteId());
        assertThat(after.getNoteDate()).isEqualTo(before.getNoteDate());
    }

    static final String RECORDED = "pt ana ruiz seen, dtr maria at bedside. DOB 2/3/90. MRN: 00123456. "
            + "dtr cell 555 123 4567, mail ana.r@mail.example. lives 12 elm st, santa rosa 95401. pt may go home.";

    /** The record's identifiers of {@link #RECORDED}, and whose they are (invented people). */
    static List<KnownIdentifier> recordOfRecorded() {
        return List.of(
                known(KnownIdentifierKind.GIVEN_NAME, IdentifierHolder.PATIENT, "Ana"),
                known(KnownIdentifierKind.GIVEN_NAME, IdentifierHolder.PATIENT, "May"),
                known(KnownIdentifierKind.FAMILY_NAME, IdentifierHolder.PATIENT, "Ruiz"),
                known(KnownIdentifierKind.BIRTH_DATE, IdentifierHolder.PATIENT, "1990-02-03"),
                known(KnownIdentifierKind.IDENTIFIER, IdentifierHolder.PATIENT, "MRN-00123456"),
                known(KnownIdentifierKind.ADDRESS_LINE, IdentifierHolder.PATIENT, "12 Elm Street"),
                known(KnownIdentifierKind.CITY, IdentifierHolder.PATIENT, "Santa Rosa"),
                known(KnownIdentifierKind.POSTAL_CODE, IdentifierHolder.PATIENT, "95401"),
                known(KnownIdentifierKind.TELECOM, IdentifierHolder.PATIENT, "Ana.R@mail.example"),
                known(KnownIdentifierKind.GIVEN_NAME, IdentifierHolder.RELATED_PERSON, "Maria"),
                known(KnownIdentifierKind.TELECOM, IdentifierHolder.RELATED_PERSON, "(555) 123-4567"));
    }

    static KnownIdentifier known(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        return KnownIdentifier.newBuilder().setKind(kind).setHolder(holder).setValue(value).build();
    }

    /** Every value of the record, and the forms the note writes them in. */
    static final List<String> RECORDED_VALUES = List.of("Ana", "Ruiz", "1990-02-03", "2/3/90", "MRN-00123456",
            "00123456", "12 Elm Street", "12 elm st", "Santa Rosa", "95401", "Ana.R@mail.example", "Maria",
            "(555) 123-4567", "555 123 4567");

    @Test
    void removesTheRecordsIdentifiersAndCarriesNoneOfTheirValuesDownstream() {
        open(engine(Ruleset.standard(), DeidOptions.defaults().withMode(DeidMode.TAG)));
        RawNote note = rawNote("ehr|n-1", "p1", RECORDED);
        note.setNoteType("note re ana");
        note.setKnownIdentifiers(recordOfRecorded());
        raw.pipeInput("ehr|n-1", bytes(note));

        DeidentifiedNote out = clean.readValue();
        assertThat(out.getText()).isEqualTo("pt [NAME] seen, dtr [NAME] at bedside. DOB [DATE]. MRN: [ID]. "
                + "dtr cell [CONTACT], mail [CONTACT]. lives [LOCATION], [LOCATION] [LOCATION]. pt may go home.");
        assertThat(out.getNoteType()).isEqualTo("note re [NAME]");
        byte[] wire = Topics.NOTES_DEIDENTIFIED.valueSerde(registry).serializer()
                .serialize(Topics.NOTES_DEIDENTIFIED.name(), out);
        String everything = (out.toString() + new String(wire, StandardCharsets.UTF_8)).toLowerCase(java.util.Locale.ROOT);
        for (String value : RECORDED_VALUES) {
            assertThat(everything).doesNotContain(value.toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().toString().toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("ana", "ruiz", "maria", "00123456", "95401"));
    }

    @Test
    void leavesToTheRulesAloneANoteWhoseRecordNamesNoIdentifiers() {
        open(engine(Ruleset.standard(), DeidOptions.defaults().withMode(DeidMode.TAG)));
        raw.pipeInput("ehr|n-1", bytes(rawNote("ehr|n-1", "p1", RECORDED)));
        // The rules alone find the relative after "dtr" but take the lower-case city for a name and the ZIP for an
        // id; the record types them as places (above).
        assertThat(clean.readValue().getText()).isEqualTo("pt [NAME] seen, dtr [NAME] at bedside. DOB [DATE]. "
                + "MRN: [ID]. dtr cell [CONTACT], mail [CONTACT]. lives [LOCATION], [NAME] [ID]. pt may go home.");
    }

    @Test
    void quarantinesANoteWithIdentifiersWithoutAnyOfTheirValues() {
        open(engine(Ruleset.standard(), DeidOptions.defaults().withMaxNoteChars(50)));
        RawNote note = rawNote("ehr|n-1", "p1", RECORDED);
        note.setKnownIdentifiers(recordOfRecorded());
        raw.pipeInput("ehr|n-1", bytes(note));
        DeadLetter letter = quarantine.readValue();
        assertThat(letter.getReasonCode()).isEqualTo("OVERSIZE");
        String all = letter.toString().toLowerCase(java.util.Locale.ROOT);
        for (String value : RECORDED_VALUES) {
            assertThat(all).doesNotContain(value.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("marker not found");
    }
}
