package org.vigil.inference.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.vigil.inference.NoteAssessor;
import org.vigil.inference.backend.BackendUnavailableException;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The inference stage as a pure topology: NOTES_DEIDENTIFIED -> RISK_ASSESSMENTS keyed by note id. A record that
 * cannot be deserialized or assessed becomes a DeadLetter (stage "inference") on DEAD_LETTERS with its source
 * coordinates, and the stage goes on with the next record.
 */
public final class InferenceTopology {

    public static final String STAGE = "inference";
    private static final Logger LOG = LoggerFactory.getLogger(InferenceTopology.class);

    private InferenceTopology() {
    }

    /** What became of one input record. */
    sealed interface Outcome permits Assessed, Failed {
    }

    record Assessed(RiskAssessment assessment) implements Outcome {
    }

    record Failed(DeadLetter deadLetter) implements Outcome {
    }

    public static Topology build(SchemaRegistryClient registry, NoteAssessor assessor, MeterRegistry meters, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        Deserializer<DeidentifiedNote> notes = Topics.NOTES_DEIDENTIFIED.valueSerde(registry).deserializer();
        KStream<String, Outcome> outcomes = builder
                .stream(Topics.NOTES_DEIDENTIFIED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new AssessProcessor(notes, assessor, meters, clock));
        outcomes.filter((k, v) -> v instanceof Assessed)
                .mapValues(v -> ((Assessed) v).assessment())
                .to(Topics.RISK_ASSESSMENTS.name(), Produced.with(Topics.RISK_ASSESSMENTS.keySerde(),
                        Topics.RISK_ASSESSMENTS.valueSerde(registry)));
        outcomes.filter((k, v) -> v instanceof Failed)
                .mapValues(v -> ((Failed) v).deadLetter())
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(),
                        Topics.DEAD_LETTERS.valueSerde(registry)));
        return builder.build();
    }

    /** Deserializes and assesses one record; never throws, so one bad record cannot stop the stage. */
    static final class AssessProcessor implements Processor<String, byte[], String, Outcome> {
        private final Deserializer<DeidentifiedNote> notes;
        private final NoteAssessor assessor;
        private final MeterRegistry meters;
        private final Clock clock;
        // Looked up once per tag combination: a registry lookup per signal was 6% of the stage's CPU.
        private final Map<String, Counter> notesByBackend = new HashMap<>();
        private final Counter[] notesByTier = new Counter[RiskTier.values().length];
        private final Counter[][] signalsByKind = new Counter[SignalKind.values().length][Assertion.values().length];
        private ProcessorContext<String, Outcome> context;

        AssessProcessor(Deserializer<DeidentifiedNote> notes, NoteAssessor assessor, MeterRegistry meters, Clock clock) {
            this.notes = notes;
            this.assessor = assessor;
            this.meters = meters;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, Outcome> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Optional<RecordMetadata> where = context.recordMetadata();
            if (record.value() == null || record.value().length == 0) {
                fail(record, where, "EMPTY_RECORD", "record has no value");
                return;
            }
            DeidentifiedNote note;
            try {
                note = notes.deserialize(Topics.NOTES_DEIDENTIFIED.name(), record.value());
            } catch (RuntimeException e) {
                fail(record, where, "DESERIALIZATION_FAILED",
                        "cannot read a DeidentifiedNote from the record (" + e.getClass().getSimpleName() + ")");
                return;
            }
            RiskAssessment assessment;
            try {
                assessment = assessor.assess(note);
            } catch (BackendUnavailableException e) {
                // Not the note's fault: fail the task so the transaction aborts and the note is read again.
                throw e;
            } catch (RuntimeException e) {
                // The exception message may quote the note; only its type is logged and written.
                LOG.warn("inference failed at {}: {}", location(where), e.getClass().getName());
                fail(record, where, "INFERENCE_FAILED", "assessment failed (" + e.getClass().getSimpleName() + ")");
                return;
            }
            notesByBackend.computeIfAbsent(assessment.getBackend(),
                    b -> meters.counter("vigil.inference.notes", "backend", b)).increment();
            RiskTier tier = assessment.getRiskTier();
            if (notesByTier[tier.ordinal()] == null) {
                notesByTier[tier.ordinal()] = meters.counter("vigil.inference.tier", "tier", tier.name());
            }
            notesByTier[tier.ordinal()].increment();
            for (RiskSignal s : assessment.getSignals()) {
                Counter[] byAssertion = signalsByKind[s.getKind().ordinal()];
                Assertion a = s.getAssertion();
                if (byAssertion[a.ordinal()] == null) {
                    byAssertion[a.ordinal()] = meters.counter("vigil.inference.signals", "kind", s.getKind().name(),
                            "assertion", a.name());
                }
                byAssertion[a.ordinal()].increment();
            }
            context.forward(record.withKey(assessment.getNoteId()).withValue(new Assessed(assessment)));
        }

        private void fail(Record<String, byte[]> record, Optional<RecordMetadata> where, String code, String reason) {
            meters.counter("vigil.inference.deadletters", "reason", code).increment();
            DeadLetter letter = DeadLetter.newBuilder()
                    .setStage(STAGE)
                    .setReasonCode(code)
                    .setReason(reason)
                    .setSourceLocation(location(where))
                    .setSourceTopic(where.map(RecordMetadata::topic).orElse(null))
                    .setSourcePartition(where.map(RecordMetadata::partition).orElse(null))
                    .setSourceOffset(where.map(RecordMetadata::offset).orElse(null))
                    .setOccurredAt(clock.instant())
                    .build();
            context.forward(record.withValue(new Failed(letter)));
        }

        private static String location(Optional<RecordMetadata> where) {
            return where.map(m -> m.topic() + "/" + m.partition() + "/" + m.offset()).orElse("unknown");
        }
    }
}
