package org.vigil.ingest.fhir;

import org.vigil.ingest.NoteSource;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads one FHIR JSON or XML file (a resource or a Bundle) into notes. The file is parsed whole, as HAPI's
 * parser needs; large exports belong in NDJSON ({@link NdjsonNoteSource}), which streams.
 */
public final class FhirFileSource implements NoteSource {

    private final Iterator<SourceRecord> records;

    private FhirFileSource(List<SourceRecord> records) {
        this.records = records.iterator();
    }

    public static FhirFileSource open(Path file, FhirNoteReader reader, long maxBytes) throws IOException {
        SourceLocation name = SourceLocation.file(file.getFileName().toString());
        long size = Files.size(file);
        if (size > maxBytes) {
            return new FhirFileSource(List.of(SourceRecord.rejected(RejectReason.OVERSIZE,
                    "The file has " + size + " bytes, over the limit of " + maxBytes + " for one FHIR document; use NDJSON", name)));
        }
        TextDecoder.Decoding decoding = TextDecoder.decode(Files.readAllBytes(file));
        if (decoding instanceof TextDecoder.Undecodable u) {
            return new FhirFileSource(List.of(SourceRecord.rejected(RejectReason.INVALID_ENCODING, u.detail(), name)));
        }
        return new FhirFileSource(reader.read(((TextDecoder.Decoded) decoding).text(), name));
    }

    @Override
    public Optional<SourceRecord> next() {
        return records.hasNext() ? Optional.of(records.next()) : Optional.empty();
    }
}
