package org.vigil.ingest.fhir;

import org.vigil.ingest.BoundedLineReader;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads a FHIR Bulk Data {@code $export} NDJSON file, one resource a line, streamed: one line is in memory at a
 * time, and a line over the limit is skipped without being held. Each line is parsed on its own, so a malformed
 * line is dead-lettered with its line number and the next line still flows.
 */
public final class NdjsonNoteSource implements NoteSource {

    public static final String ADAPTER = "ndjson";

    private final String fileName;
    private final BoundedLineReader lines;
    private final FhirNoteReader reader;
    private final Deque<SourceRecord> pending = new ArrayDeque<>();

    private NdjsonNoteSource(String fileName, BoundedLineReader lines, FhirNoteReader reader) {
        this.fileName = fileName;
        this.lines = lines;
        this.reader = reader;
    }

    /**
     * Opens {@code file}; lines longer than {@code maxLineChars} are dead-lettered as OVERSIZE (inline base64
     * attachments make a line about 4/3 of the note's bytes).
     */
    public static NdjsonNoteSource open(Path file, FhirNoteReader reader, int maxLineChars) throws IOException {
        TextDecoder.StreamDecoding decoding = TextDecoder.reader(Files.newInputStream(file));
        return new NdjsonNoteSource(file.getFileName().toString(), new BoundedLineReader(decoding.reader(), maxLineChars), reader);
    }

    @Override
    public Optional<SourceRecord> next() throws IOException {
        while (pending.isEmpty()) {
            Optional<BoundedLineReader.Line> next = lines.next();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            BoundedLineReader.Line line = next.get();
            SourceLocation location = SourceLocation.file(fileName, line.number());
            if (line.text().isEmpty()) {
                pending.add(SourceRecord.rejected(RejectReason.OVERSIZE,
                        "The line has " + line.length() + " characters, over the line limit", location));
            } else if (line.text().get().indexOf(TextDecoder.INVALID) >= 0) {
                pending.add(SourceRecord.rejected(RejectReason.INVALID_ENCODING,
                        "The line holds bytes invalid in the file's encoding", location));
            } else if (!line.text().get().isBlank()) {
                pending.addAll(reader.read(line.text().get(), location));
            }
        }
        return Optional.of(pending.poll());
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
