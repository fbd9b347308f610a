package org.vigil.inference.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.inference.NoteAssessor;
import org.vigil.inference.RiskTierPolicy;
import org.vigil.inference.backend.RulesBackend;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferenceTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");

    private SchemaRegistryServer registryServer;
    private TopologyTestDriver driver;
    private TestInputTopic<String, DeidentifiedNote> notes;
    private TestInputTopic<String, byte[]> rawNotes;
    private TestOutputTopic<String, RiskAssessment> assessments;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private SimpleMeterRegistry meters;

    /** The backend a test runs with; the rules unless a test replaces it before {@link #start}. */
    private org.vigil.inference.backend.InferenceBackend backend =
            new RulesBackend(new RuleBasedExtractor(RuleSet.standard()));

    @BeforeEach
    void start() {
        open(backend);
    }

    private void open(org.vigil.inference.backend.InferenceBackend chosen) {
        if (driver != null) {
            driver.close();
            registryServer.close();
        }
        registryServer = SchemaRegistryServer.inMemory();
        SchemaRegistryClient registry = new SchemaRegistryClient(registryServer.url());
        meters = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        NoteAssessor assessor = new NoteAssessor(chosen, new RiskTierPolicy(), clock);
        Properties props = new Properties();
        props.put("application.id", "inference-test");
        props.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(InferenceTopology.build(registry, assessor, meters, clock), props);
        notes = driver.createInputTopic(Topics.NOTES_DEIDENTIFIED.name(), Serdes.String().serializer(),
                Topics.NOTES_DEIDENTIFIED.valueSerde(registry).serializer());
        rawNotes = driver.createInputTopic(Topics.NOTES_DEIDENTIFIED.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        assessments = driver.createOutputTopic(Topics.RISK_ASSESSMENTS.name(), Serdes.String().deserializer(),
                Topics.RISK_ASSESSMENTS.valueSerde(registry).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.String().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registryServer.close();
        driver = null;
    }

    /** A backend that always fails with the given exception. */
    private static org.vigil.inference.backend.InferenceBackend failing(RuntimeException e) {
        return new org.vigil.inference.backend.InferenceBackend() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public java.util.List<java.util.List<org.vigil.schemas.RiskSignal>> extract(java.util.List<String> texts) {
                throw e;
            }
        };
    }

    @Test
    void aNoteTheBackendCannotAssessIsDeadLetteredWithoutItsText() {
        open(failing(new IllegalStateException("model exploded on: Passive SI")));
        notes.pipeInput("n1", note("n1", "Passive SI."));

        assertThat(assessments.isEmpty()).isTrue();
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReasonCode()).isEqualTo("INFERENCE_FAILED");
        assertThat(letter.getReason()).isEqualTo("assessment failed (IllegalStateException)");
        assertThat(letter.toString()).doesNotContain("Passive SI");
    }

    @Test
    void anUnavailableBackendFailsTheTaskInsteadOfDeadLetteringTheNote() {
        open(failing(new org.vigil.inference.backend.BackendUnavailableException("triton down")));

        assertThatThrownBy(() -> notes.pipeInput("n1", note("n1", "Passive SI.")))
                .hasRootCauseInstanceOf(org.vigil.inference.backend.BackendUnavailableException.class);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(assessments.isEmpty()).isTrue();
    }

    private static DeidentifiedNote note(String id, String text) {
        return DeidentifiedNote.newBuilder().setNoteId(id).setPatientPseudonym("p-" + id).setNoteType("psychiatry")
                .setText(text).setRulesetVersion("deid-1").build();
    }

    @Test
    void aReplacementCarriesItsLifecycleAndTheReplacedNoteOnTheAssessment() {
        DeidentifiedNote amended = note("n2", "Endorses SI with plan to overdose.");
        amended.setLifecycle(NoteLifecycle.REPLACES);
        amended.setReplacesNoteId("n1");
        notes.pipeInput("n2", amended);

        RiskAssessment out = assessments.readValue();
        assertThat(out.getNote().getLifecycle()).isEqualTo(NoteLifecycle.REPLACES);
        assertThat(out.getNote().getReplacesNoteId()).isEqualTo("n1");
        assertThat(out.getRiskTier()).isEqualTo(RiskTier.HIGH);
    }

    @Test
    void aWithdrawalPassesWithoutSignalsAndNeverReachesTheBackend() {
        open(failing(new IllegalStateException("the backend must not see a withdrawal")));
        DeidentifiedNote withdrawal = note("n1", "");
        withdrawal.setLifecycle(NoteLifecycle.WITHDRAWN);
        notes.pipeInput("n1", withdrawal);

        RiskAssessment out = assessments.readValue();
        assertThat(out.getNoteId()).isEqualTo("n1");
        assertThat(out.getNote().getLifecycle()).isEqualTo(NoteLifecycle.WITHDRAWN);
        assertThat(out.getSignals()).isEmpty();
        assertThat(out.getRiskTier()).isEqualTo(RiskTier.NONE);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void writesOneAssessmentPerNoteKeyedByNoteId() {
        notes.pipeInput("n1", note("n1", "Endorses SI with plan to overdose on her pills. Has access to a handgun at home."));
        notes.pipeInput("n2", note("n2", "Denies SI/HI. Mood good."));

        var records = assessments.readKeyValuesToList();
        assertThat(records).extracting(kv -> kv.key).containsExactly("n1", "n2");
        RiskAssessment first = records.get(0).value;
        assertThat(first.getNoteId()).isEqualTo("n1");
        assertThat(first.getNote().getText()).startsWith("Endorses SI");
        assertThat(first.getRiskTier()).isEqualTo(RiskTier.IMMINENT);
        assertThat(first.getTierReasons()).containsExactly("SUICIDE_PLAN AFFIRMED with FIREARM_ACCESS AFFIRMED");
        assertThat(first.getBackend()).isEqualTo("rules");
        assertThat(first.getAssessedAt()).isEqualTo(NOW);
        assertThat(first.getSignals()).extracting(s -> s.getKind() + " " + s.getAssertion()).containsExactly(
                "SUICIDAL_IDEATION AFFIRMED", "SUICIDE_PLAN AFFIRMED", "FIREARM_ACCESS AFFIRMED");
        RiskAssessment second = records.get(1).value;
        assertThat(second.getRiskTier()).isEqualTo(RiskTier.NONE);
        assertThat(second.getSignals()).extracting(s -> s.getKind() + " " + s.getAssertion()).containsExactly(
                "SUICIDAL_IDEATION NEGATED", "HOMICIDAL_IDEATION NEGATED");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(meters.counter("vigil.inference.signals", "kind", SignalKind.SUICIDE_PLAN.name(),
                "assertion", Assertion.AFFIRMED.name()).count()).isEqualTo(1.0);
    }

    @Test
    void poisonRecordGoesToDeadLettersAndTheStageKeepsGoing() {
        notes.pipeInput("n1", note("n1", "Passive SI."));
        rawNotes.pipeInput("bad", new byte[] {0, 0, 0, 0, 42, 1, 2, 3});
        rawNotes.pipeInput("empty", new byte[0]);
        notes.pipeInput("n3", note("n3", "Hx of OD in 2019."));

        assertThat(assessments.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("n1", "n3");
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(2);
        DeadLetter poison = letters.get(0);
        assertThat(poison.getStage()).isEqualTo("inference");
        assertThat(poison.getReasonCode()).isEqualTo("DESERIALIZATION_FAILED");
        assertThat(poison.getSourceTopic()).isEqualTo(Topics.NOTES_DEIDENTIFIED.name());
        assertThat(poison.getSourcePartition()).isEqualTo(0);
        assertThat(poison.getSourceOffset()).isEqualTo(1L);
        assertThat(poison.getSourceLocation()).isEqualTo(Topics.NOTES_DEIDENTIFIED.name() + "/0/1");
        assertThat(letters.get(1).getReasonCode()).isEqualTo("EMPTY_RECORD");
        assertThat(letters.get(1).getSourceOffset()).isEqualTo(2L);
        assertThat(meters.counter("vigil.inference.deadletters", "reason", "DESERIALIZATION_FAILED").count())
                .isEqualTo(1.0);
    }
}
