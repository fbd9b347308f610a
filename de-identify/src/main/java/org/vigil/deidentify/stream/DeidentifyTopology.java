package org.vigil.deidentify.stream;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.avro.specific.SpecificRecord;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.NoteLifecycle;
import org.vigil.schemas.RawNote;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.deidentify.DeidResult;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.ReasonCode;
import org.vigil.deidentify.RecordIdentifier;
import org.vigil.deidentify.operate.Pseudonyms;
import org.vigil.deidentify.text.PhiCategory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The de-identify stage as a pure Kafka Streams topology: raw notes in; de-identified notes, keyed by their
 * pseudonymous note id, out; and every note that cannot be proven clean, including raw records that cannot even be
 * read, to the quarantine topic as a {@link DeadLetter} with a reason code and the raw topic/partition/offset,
 * never with text. Raw values are read as bytes and deserialized inside the processor, so a bad record is
 * quarantined and the stage goes on to the next.
 */
public final class DeidentifyTopology {

    public static final String STAGE = "deidentify";
    static final String SOURCE = "raw-notes";
    static final String PROCESSOR = "deidentify";
    static final String DEIDENTIFIED = "deidentified-notes";
    static final String QUARANTINE = "quarantine";
    private static final NoteLabels LABELS = NoteLabels.standard();

    private DeidentifyTopology() {
    }

    public static Topology build(Deidentifier engine, SchemaRegistryClient registry, DeidMetrics metrics) {
        Deserializer<RawNote> raw = Topics.NOTES_RAW.valueSerde(registry).deserializer();
        Serializer<DeidentifiedNote> clean = Topics.NOTES_DEIDENTIFIED.valueSerde(registry).serializer();
        Serializer<DeadLetter> dead = Topics.NOTES_QUARANTINE.valueSerde(registry).serializer();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.NOTES_RAW.name());
        topology.addProcessor(PROCESSOR, () -> new NoteProcessor(engine, raw, metrics), SOURCE);
        topology.addSink(DEIDENTIFIED, Topics.NOTES_DEIDENTIFIED.name(), Serdes.String().serializer(), clean, PROCESSOR);
        topology.addSink(QUARANTINE, Topics.NOTES_QUARANTINE.name(), Serdes.String().serializer(), dead, PROCESSOR);
        return topology;
    }

    /** De-identifies one raw record, or quarantines it. Never throws for anything about the record itself. */
    static final class NoteProcessor implements Processor<String, byte[], String, SpecificRecord> {

        private final Deidentifier engine;
        private final Deserializer<RawNote> rawDeserializer;
        private final DeidMetrics metrics;
        private ProcessorContext<String, SpecificRecord> context;

        NoteProcessor(Deidentifier engine, Deserializer<RawNote> rawDeserializer, DeidMetrics metrics) {
            this.engine = engine;
            this.rawDeserializer = rawDeserializer;
            this.metrics = metrics;
        }

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Optional<RecordMetadata> where = context.recordMetadata();
            String topic = where.map(RecordMetadata::topic).orElse(Topics.NOTES_RAW.name());
            if (record.value() == null || record.value().length == 0) {
                quarantine(record, ReasonCode.UNDESERIALIZABLE, "raw record has no value", where);
                return;
            }
            RawNote note;
            try {
                note = rawDeserializer.deserialize(topic, record.value());
            } catch (RuntimeException e) {
                quarantine(record, ReasonCode.UNDESERIALIZABLE, "raw value is not a RawNote in Confluent Avro wire format ("
                        + e.getClass().getSimpleName() + ")", where);
                return;
            }
            long began = System.nanoTime();
            Optional<Instant> authored = Optional.ofNullable(note.getAuthoredAt());
            int year = authored.map(i -> i.atZone(ZoneOffset.UTC).getYear()).orElse(Deidentifier.DEFAULT_REFERENCE_YEAR);
            List<RecordIdentifier> known = recordIdentifiers(note);
            DeidResult result = engine.deidentify(note.getText(), note.getPatientId(), year, known);
            if (result instanceof DeidResult.Failed failed) {
                quarantine(record, failed.code(), failed.reason(), where);
                return;
            }
            DeidResult.Clean cleaned = (DeidResult.Clean) result;
            DeidentifiedNote out;
            try {
                out = deidentified(note, cleaned, authored, year, known);
            } catch (RuntimeException e) {
                quarantine(record, ReasonCode.PROCESSING_FAILED, "building the de-identified note failed ("
                        + e.getClass().getSimpleName() + ")", where);
                return;
            }
            metrics.deidentified(cleaned.counts(), cleaned.residual(), Duration.ofNanos(System.nanoTime() - began));
            context.forward(new Record<String, SpecificRecord>(out.getNoteId(), out, record.timestamp()), DEIDENTIFIED);
        }

        private DeidentifiedNote deidentified(RawNote note, DeidResult.Clean cleaned, Optional<Instant> authored, int year,
                List<RecordIdentifier> known) {
            Pseudonyms pseudonyms = engine.pseudonyms();
            Map<String, Integer> counts = new TreeMap<>();
            for (PhiCategory category : PhiCategory.values()) {
                counts.put(category.name(), cleaned.counts().getOrDefault(category, 0));
            }
            int shift = engine.shiftDays(note.getPatientId());
            return DeidentifiedNote.newBuilder()
                    .setNoteId(pseudonyms.note(note.getNoteKey()))
                    .setPatientPseudonym(pseudonyms.patient(note.getPatientId()))
                    .setEncounterPseudonym(note.getEncounterId() == null ? null : pseudonyms.encounter(note.getEncounterId()))
                    .setNoteType(label(note.getNoteType(), note.getPatientId(), year, known))
                    .setAuthorRole(note.getAuthorRole() == null ? null
                            : label(note.getAuthorRole(), note.getPatientId(), year, known))
                    .setNoteDate(authored.map(i -> i.plus(Duration.ofDays(shift))).orElse(null))
                    .setText(cleaned.text())
                    .setPhiCounts(counts)
                    .setRulesetVersion(engine.rulesetVersion())
                    .setMode(engine.options().mode().name())
                    .setAttributes(CohortAttributes.of(note.getAttributes(), authored))
                    .setSourceAdapter(note.getIngest() == null ? "unknown" : note.getIngest().getAdapter())
                    .setLifecycle(note.getLifecycle())
                    .setReplacesNoteId(replacedNoteId(note, pseudonyms))
                    .build();
        }

        /**
         * The pseudonym of the note a replacement supersedes: the same keyed hash as every note id, over the key the
         * replaced note had (RawNote.noteKey is sourceSystem|sourceNoteId), so the sink finds it without the raw id.
         */
        private static String replacedNoteId(RawNote note, Pseudonyms pseudonyms) {
            if (note.getLifecycle() != NoteLifecycle.REPLACES || note.getReplacesSourceNoteId() == null
                    || note.getReplacesSourceNoteId().isBlank()) {
                return null;
            }
            return pseudonyms.note(note.getSourceSystem() + "|" + note.getReplacesSourceNoteId());
        }

        /**
         * Short labels (note type, author role): a known label passes as it is; any other goes through the same
         * engine, since a free-text field is never trusted.
         */
        private String label(String value, String patientKey, int year, List<RecordIdentifier> known) {
            if (LABELS.isKnown(value)) {
                return value;
            }
            DeidResult r = engine.deidentify(value, patientKey, year, known);
            if (r instanceof DeidResult.Clean c) {
                return c.text();
            }
            throw new IllegalStateException("label could not be de-identified");
        }

        /**
         * The record's identifiers in the engine's terms. They stay in this method's caller: never in the output
         * note, a dead letter, a metric or a log line.
         */
        static List<RecordIdentifier> recordIdentifiers(RawNote note) {
            return RecordIdentifier.of(note.getKnownIdentifiers());
        }

        private void quarantine(Record<String, byte[]> record, ReasonCode code, String reason, Optional<RecordMetadata> where) {
            metrics.quarantined(code);
            String topic = where.map(RecordMetadata::topic).orElse(Topics.NOTES_RAW.name());
            Integer partition = where.map(RecordMetadata::partition).orElse(null);
            Long offset = where.map(RecordMetadata::offset).orElse(null);
            DeadLetter letter = DeadLetter.newBuilder()
                    .setStage(STAGE)
                    .setReasonCode(code.name())
                    .setReason(reason)
                    .setSourceLocation(topic + "/" + partition + "/" + offset)
                    .setSourceTopic(topic)
                    .setSourcePartition(partition)
                    .setSourceOffset(offset)
                    .setOccurredAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                    .build();
            // The raw key names the source note: only its pseudonym may leave the raw topic.
            String key = record.key() == null ? topic + "/" + partition + "/" + offset : engine.pseudonyms().note(record.key());
            context.forward(new Record<String, SpecificRecord>(key, letter, record.timestamp()), QUARANTINE);
        }
    }
}
