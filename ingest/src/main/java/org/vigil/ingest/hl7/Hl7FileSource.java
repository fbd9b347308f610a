package org.vigil.ingest.hl7;

import org.vigil.ingest.BoundedLineReader;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads HL7 v2 messages from a file, streamed: a single message, several in a row, or a batch file wrapped in
 * FHS/BHS ... BTS/FTS. Segments may end in CR, LF or CR LF; MLLP framing bytes left in captured files are
 * ignored. Each message is located by the line of its MSH segment.
 */
public final class Hl7FileSource implements NoteSource {

    public static final String ADAPTER = "hl7-file";

    private final String fileName;
    private final BoundedLineReader lines;
    private final Hl7NoteReader reader;
    private final int maxMessageChars;
    private Optional<BoundedLineReader.Line> lookahead = Optional.empty();
    private boolean done;

    private Hl7FileSource(String fileName, BoundedLineReader lines, Hl7NoteReader reader, int maxMessageChars) {
        this.fileName = fileName;
        this.lines = lines;
        this.reader = reader;
        this.maxMessageChars = maxMessageChars;
    }

    public static Hl7FileSource open(Path file, Hl7NoteReader reader, int maxMessageChars) throws IOException {
        TextDecoder.StreamDecoding decoding = TextDecoder.reader(Files.newInputStream(file));
        return new Hl7FileSource(file.getFileName().toString(), new BoundedLineReader(decoding.reader(), maxMessageChars),
                reader, maxMessageChars);
    }

    @Override
    public Optional<SourceRecord> next() throws IOException {
        while (!done) {
            Optional<BoundedLineReader.Line> start = nextLine();
            if (start.isEmpty()) {
                done = true;
                return Optional.empty();
            }
            BoundedLineReader.Line first = start.get();
            String firstText = segment(first);
            if (firstText.isBlank() || isBatchSegment(firstText)) {
                continue;
            }
            SourceLocation where = SourceLocation.file(fileName, first.number());
            StringBuilder message = new StringBuilder(firstText);
            boolean oversize = first.text().isEmpty();
            while (true) {
                Optional<BoundedLineReader.Line> next = nextLine();
                if (next.isEmpty()) {
                    break;
                }
                String text = segment(next.get());
                if (text.startsWith("MSH") || isBatchSegment(text)) {
                    lookahead = next;
                    break;
                }
                if (next.get().text().isEmpty() || message.length() + text.length() > maxMessageChars) {
                    oversize = true;
                } else if (!text.isBlank()) {
                    message.append('\r').append(text);
                }
            }
            if (oversize) {
                return Optional.of(SourceRecord.rejected(RejectReason.OVERSIZE, "The message is over the size limit",
                        Hl7NoteReader.location(where, Hl7NoteReader.controlId(message.toString()))));
            }
            if (!firstText.startsWith("MSH")) {
                return Optional.of(SourceRecord.rejected(RejectReason.MALFORMED_HL7,
                        "Text before an MSH segment is not an HL7 v2 message", where));
            }
            if (message.indexOf(String.valueOf(TextDecoder.INVALID)) >= 0) {
                return Optional.of(SourceRecord.rejected(RejectReason.INVALID_ENCODING,
                        "The message holds bytes invalid in the file's encoding",
                        Hl7NoteReader.location(where, Hl7NoteReader.controlId(message.toString()))));
            }
            return Optional.of(reader.read(message.toString(), where).record());
        }
        return Optional.empty();
    }

    private Optional<BoundedLineReader.Line> nextLine() throws IOException {
        if (lookahead.isPresent()) {
            Optional<BoundedLineReader.Line> line = lookahead;
            lookahead = Optional.empty();
            return line;
        }
        return lines.next();
    }

    /** The segment text without MLLP framing bytes (VT, FS) left in captured streams. */
    private static String segment(BoundedLineReader.Line line) {
        return line.text().orElse("").replace("\u000b", "").replace("\u001c", "");
    }

    private static boolean isBatchSegment(String text) {
        return text.startsWith("FHS") || text.startsWith("BHS") || text.startsWith("BTS") || text.startsWith("FTS");
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
