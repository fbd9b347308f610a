package org.vigil.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw topic keeps records of every released RawNote schema: today's must read them, and they today's. */
class SchemaEvolutionTest {

    private static Schema released(String name) throws Exception {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/org/vigil/schemas/released/" + name)) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void rawNoteWithKnownIdentifiersStaysCompatibleWithTheFirstRelease() throws Exception {
        Schema first = released("RawNote-1.avsc");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(RawNote.getClassSchema(), first).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(first, RawNote.getClassSchema()).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aRecordWrittenByTheFirstReleaseReadsWithNoKnownIdentifiers() throws Exception {
        Schema first = released("RawNote-1.avsc");
        GenericRecord ingest = new GenericData.Record(first.getField("ingest").schema());
        ingest.put("adapter", "csv");
        ingest.put("sourceLocation", "row 1");
        ingest.put("receivedAt", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        GenericRecord old = new GenericData.Record(first);
        old.put("noteKey", "s|1");
        old.put("sourceSystem", "s");
        old.put("sourceNoteId", "1");
        old.put("patientId", "p");
        old.put("noteType", "progress");
        old.put("text", "note");
        old.put("attributes", Map.of());
        old.put("ingest", ingest);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(first).write(old, encoder);
        encoder.flush();

        RawNote read = new SpecificDatumReader<RawNote>(first, RawNote.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read.getText()).isEqualTo("note");
        assertThat(read.getKnownIdentifiers()).isEmpty();
        assertThat(read.getLifecycle()).isEqualTo(NoteLifecycle.CURRENT);
        assertThat(read.getReplacesSourceNoteId()).isNull();
    }

    @Test
    void deidentifiedNoteWithLifecycleStaysCompatibleBothWays() throws Exception {
        Schema first = released("DeidentifiedNote-1.avsc");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(DeidentifiedNote.getClassSchema(), first).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(first, DeidentifiedNote.getClassSchema()).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aReplacementReadByTheFirstReleaseIsAnOrdinaryNote() throws Exception {
        RawNote replacement = RawNote.newBuilder()
                .setNoteKey("s|2").setSourceSystem("s").setSourceNoteId("2").setPatientId("p").setNoteType("progress")
                .setText("amended note")
                .setIngest(org.vigil.schemas.IngestMetadata.newBuilder().setAdapter("hl7").setSourceLocation("m 1")
                        .setReceivedAt(Instant.parse("2026-01-01T00:00:00Z")).build())
                .setLifecycle(NoteLifecycle.REPLACES).setReplacesSourceNoteId("1")
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.specific.SpecificDatumWriter<RawNote>(RawNote.getClassSchema()).write(replacement, encoder);
        encoder.flush();

        GenericRecord old = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(RawNote.getClassSchema(),
                released("RawNote-1.avsc")).read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(old.get("noteKey").toString()).isEqualTo("s|2");
        assertThat(old.getSchema().getField("lifecycle")).isNull();
    }
}
