package org.vigil.deidentify.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.FailClosedTest;
import org.vigil.deidentify.Found;
import org.vigil.deidentify.Ruleset;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs notes full of distinctive PHI through every path, failing ones included, and searches the logs for it. */
class PhiLogCanaryTest {

    private static final List<String> CANARIES = List.of("Zebulon", "Quaxworthy", "88231907", "617-555-0199",
            "zq.canary@example.com", "1919 Wexley Lane", "TRIGGER-Xanthe");

    private static final String NOTE = "Patient: QUAXWORTHY, ZEBULON  MRN: 88231907\n"
            + "Lives at 1919 Wexley Lane. Call 617-555-0199 or zq.canary@example.com. Seen 04/02/2024.";

    @Test
    void logsNoPhiOnAnyPath() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        try (SchemaRegistryServer server = SchemaRegistryServer.inMemory()) {
            server.start();
            SchemaRegistryClient registry = new SchemaRegistryClient(server.url());
            Deidentifier engine = new Deidentifier(Ruleset.standard().with(new FailClosedTest.ThrowingRecognizer()),
                    Found.KEY, DeidOptions.defaults().withMaxNoteChars(400));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "canary");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            try (TopologyTestDriver driver = new TopologyTestDriver(
                    DeidentifyTopology.build(engine, registry, new DeidMetrics(new SimpleMeterRegistry())), props)) {
                TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.NOTES_RAW.name(),
                        new StringSerializer(), new ByteArraySerializer());
                var serializer = Topics.NOTES_RAW.valueSerde(registry).serializer();
                raw.pipeInput("ehr|Zebulon-1", serializer.serialize("t", DeidentifyTopologyTest.rawNote("ehr|Zebulon-1", "88231907", NOTE)));
                raw.pipeInput("ehr|Zebulon-2", serializer.serialize("t",
                        DeidentifyTopologyTest.rawNote("ehr|Zebulon-2", "88231907", "TRIGGER-Xanthe " + NOTE)));
                raw.pipeInput("ehr|Zebulon-3", serializer.serialize("t",
                        DeidentifyTopologyTest.rawNote("ehr|Zebulon-3", "88231907", NOTE.repeat(5))));
                raw.pipeInput("ehr|Zebulon-4", (NOTE + " not avro").getBytes(StandardCharsets.UTF_8));
                // The record's identifiers, on the clean, failing and oversize paths.
                for (String text : List.of(NOTE, "TRIGGER-Xanthe " + NOTE, NOTE.repeat(5))) {
                    var note = DeidentifyTopologyTest.rawNote("ehr|Zebulon-5", "88231907", text);
                    note.setKnownIdentifiers(List.of(
                            DeidentifyTopologyTest.known(KnownIdentifierKind.GIVEN_NAME, IdentifierHolder.PATIENT, "Zebulon"),
                            DeidentifyTopologyTest.known(KnownIdentifierKind.FAMILY_NAME, IdentifierHolder.PATIENT, "Quaxworthy"),
                            DeidentifyTopologyTest.known(KnownIdentifierKind.IDENTIFIER, IdentifierHolder.PATIENT, "88231907"),
                            DeidentifyTopologyTest.known(KnownIdentifierKind.TELECOM, IdentifierHolder.PATIENT, "617-555-0199"),
                            DeidentifyTopologyTest.known(KnownIdentifierKind.TELECOM, IdentifierHolder.PATIENT, "zq.canary@example.com"),
                            DeidentifyTopologyTest.known(KnownIdentifierKind.ADDRESS_LINE, IdentifierHolder.PATIENT, "1919 Wexley Lane")));
                    raw.pipeInput("ehr|Zebulon-5", serializer.serialize("t", note));
                }
            }
            // A stage that cannot start because its key is missing says so without echoing anything else.
            VigilConfig config = new VigilConfig(DeidentifyStage.definition(), Map.of("deid.key.env", "ZEBULON_KEY"));
            assertThatThrownBy(() -> new DeidentifyStage(config, new SimpleMeterRegistry(), Map.of()).start())
                    .hasMessageContaining("No de-identification key");
            System.err.println("canary run finished");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("canary run finished");
        for (String canary : CANARIES) {
            assertThat(logs).as("logs must not contain PHI").doesNotContainIgnoringCase(canary);
        }
    }
}
