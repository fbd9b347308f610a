package org.vigil.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil deadletters} against a real embedded broker and registry: dead letters written by the real
 * {@code vigil ingest csv}, a quarantined note and an inference dead letter built with the schema classes, and one
 * record that is not a DeadLetter at all.
 */
class DeadLettersCommandTest {

    private static final String HEADER = "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n";
    /** A file name that names someone: it must reach the output only as its keyed hash. */
    private static final String FILE_NAME = "OKAFOR_JENNIFER_MRN0048213.csv";
    /** Every note text in the input: none may reach the output, whether the note was published or dead-lettered. */
    private static final List<String> NOTE_TEXTS = List.of(
            "Pt denies SI, sleeping better.", "No subject on this row.", "Struck in error.", "Calm, eating well.",
            "Says she wants to end it all");
    private static final String EXPORT_NAME = "OKAFOR_JENNIFER_DocumentReference.ndjson";
    private static final Pattern HASHED_CSV_ROW = Pattern.compile("#[0-9a-f]{16}\\.csv:\\d+");

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;
    static SchemaRegistryServer registryServer;
    static Instant beforeLetters;

    @BeforeAll
    static void publishDeadLetters() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        registryServer = SchemaRegistryServer.inMemory();
        registryServer.start();
        VigilConfig config = new VigilConfig(VigilConfig.common(), cluster());
        try (Admin admin = Admin.create(ClientSettings.admin(config))) {
            Topics.create(admin, (short) 1, 1, Map.of());
        }
        Path csv = dir.resolve(FILE_NAME);
        Files.writeString(csv, HEADER + row(1, "101", "", NOTE_TEXTS.get(0)) + row(2, "", "", NOTE_TEXTS.get(1))
                + row(3, "103", "1", NOTE_TEXTS.get(2)) + row(4, "104", "", NOTE_TEXTS.get(3)) + row(5, "105", "", " "));
        // An NDJSON line cut off mid-resource: ingest dead-letters it as MALFORMED_FHIR at line 1.
        Path ndjson = Files.writeString(dir.resolve(EXPORT_NAME),
                "{\"resourceType\":\"DocumentReference\",\"description\":\"" + NOTE_TEXTS.get(4) + "\n");
        beforeLetters = Instant.now();
        int ingest = VigilCommand.execute(VigilCommand.commandLine(), new String[]{"ingest", "csv", csv.toString(),
                "-Dbootstrap.servers=" + broker.bootstrapServers(), "-Dschema.registry.url=" + registryServer.url(),
                "-Ddata.dir=" + dir.resolve("ingest-data")});
        assertThat(ingest).isZero();
        assertThat(VigilCommand.execute(VigilCommand.commandLine(), new String[]{"ingest", "ndjson", ndjson.toString(),
                "-Dbootstrap.servers=" + broker.bootstrapServers(), "-Dschema.registry.url=" + registryServer.url(),
                "-Ddata.dir=" + dir.resolve("ingest-data")})).isZero();

        SchemaRegistryClient registry = new SchemaRegistryClient(registryServer.url());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientSettings.producer(config, "test-letters"),
                new StringSerializer(), new ByteArraySerializer())) {
            var quarantine = Topics.NOTES_QUARANTINE.valueSerde(registry).serializer();
            var letters = Topics.DEAD_LETTERS.valueSerde(registry).serializer();
            producer.send(new ProducerRecord<>(Topics.NOTES_QUARANTINE.name(), "pseudonym-1", quarantine.serialize(
                    Topics.NOTES_QUARANTINE.name(), staged("deidentify", "RECOGNIZER_FAILED", Topics.NOTES_RAW.name(), 0, 41L))));
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), "pseudonym-2", letters.serialize(
                    Topics.DEAD_LETTERS.name(), staged("inference", "UNDESERIALIZABLE", Topics.NOTES_DEIDENTIFIED.name(), 0, 7L))));
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, "not a dead letter".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        registryServer.close();
        broker.close();
    }

    private static Map<String, Object> cluster() {
        return Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", registryServer.url().toString(),
                "data.dir", dir.resolve("data").toString());
    }

    private static String row(int id, String subject, String isError, String text) {
        return id + "," + subject + ",900" + id + ",2150-01-0" + id + ",,,Nursing,Progress,," + isError + ",\"" + text + "\"\n";
    }

    private static DeadLetter staged(String stage, String code, String topic, int partition, long offset) {
        return DeadLetter.newBuilder().setStage(stage).setReasonCode(code).setReason("The " + stage + " stage refused it")
                .setSourceLocation(topic + "/" + partition + "/" + offset).setSourceTopic(topic)
                .setSourcePartition(partition).setSourceOffset(offset).setOccurredAt(Instant.now()).build();
    }

    private static String deadletters(String... options) {
        List<String> args = new ArrayList<>(List.of("deadletters", "--set", "bootstrap.servers=" + broker.bootstrapServers(),
                "--set", "schema.registry.url=" + registryServer.url()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        var cli = VigilCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(VigilCommand.execute(cli, args.toArray(String[]::new))).isZero();
        return out.toString();
    }

    @Test
    void countsEveryRecordByTopicStageReasonAndSourceKind() {
        String out = deadletters();

        assertThat(out).contains("Dead-lettered and quarantined records: 7");
        assertThat(out.lines().map(l -> l.strip().replaceAll("\\s{2,}", " | ")))
                .contains("TOPIC | STAGE | REASON | SOURCE KIND | COUNT",
                        "vigil.deadletter | ingest | EMPTY_NOTE | csv | 1",
                        "vigil.deadletter | ingest | ENTERED_IN_ERROR | csv | 1",
                        "vigil.deadletter | ingest | MISSING_PATIENT | csv | 1",
                        "vigil.deadletter | ingest | MALFORMED_FHIR | ndjson | 1",
                        "vigil.deadletter | inference | UNDESERIALIZABLE | vigil.notes.deidentified | 1",
                        "vigil.deadletter | unknown | UNREADABLE_RECORD | unknown | 1",
                        "vigil.notes.quarantine | deidentify | RECOGNIZER_FAILED | vigil.notes.raw | 1");
        assertThat(out).contains("Latest 7:");
        assertThat(HASHED_CSV_ROW.matcher(out).results().map(r -> r.group().substring(r.group().indexOf(':'))).toList())
                .containsExactlyInAnyOrder(":3", ":4", ":6");
        assertThat(out).containsPattern("MALFORMED_FHIR\\s+ndjson\\s+#[0-9a-f]{16}:1\\R");
        assertThat(out).contains("vigil.notes.raw/0/41", "vigil.notes.deidentified/0/7", "vigil.deadletter/0/");
    }

    @Test
    void showsNoNoteTextNoRawFileNameAndNoFreeTextReason() {
        for (String out : List.of(deadletters(), deadletters("--json"), deadletters("--reason", "EMPTY_NOTE"))) {
            for (String text : NOTE_TEXTS) {
                assertThat(out).doesNotContain(text);
            }
            assertThat(out).doesNotContain("OKAFOR", "JENNIFER", "0048213", "DocumentReference.ndjson", "refused it", "The note has no text");
        }
    }

    @Test
    void filtersByReasonCodeAndLimitsTheLatestRows() {
        String out = deadletters("--reason", "missing_patient", "--limit", "1");

        assertThat(out).contains("Dead-lettered and quarantined records with reason MISSING_PATIENT: 1", "Latest 1:");
        assertThat(out).doesNotContain("EMPTY_NOTE", "RECOGNIZER_FAILED");
        assertThat(HASHED_CSV_ROW.matcher(out).results().map(r -> r.group().substring(r.group().indexOf(':'))).toList())
                .containsExactly(":3");
    }

    @Test
    void readsFromTheOffsetOfTheSinceTime() {
        assertThat(deadletters("--since", "2999-01-01")).contains("Dead-lettered and quarantined records since 2999-01-01 00:00:00Z: 0");
        String recent = deadletters("--since", beforeLetters.toString());
        assertThat(recent).contains(": 7");
    }

    @Test
    void printsTheSameReportAsJson() throws Exception {
        JsonNode report = new ObjectMapper().readTree(deadletters("--json", "--limit", "2"));

        assertThat(report.get("total").asInt()).isEqualTo(7);
        assertThat(report.get("counts")).hasSize(7);
        assertThat(report.get("latest")).hasSize(2);
        List<String> kinds = new ArrayList<>();
        report.get("counts").forEach(c -> kinds.add(c.get("topic").asText() + " " + c.get("reason").asText() + " "
                + c.get("sourceKind").asText() + " " + c.get("count").asInt()));
        assertThat(kinds).contains("vigil.deadletter MISSING_PATIENT csv 1",
                "vigil.notes.quarantine RECOGNIZER_FAILED vigil.notes.raw 1");
        report.get("latest").forEach(e -> assertThat(Instant.parse(e.get("time").asText())).isAfter(beforeLetters.minusSeconds(1)));
    }
}
