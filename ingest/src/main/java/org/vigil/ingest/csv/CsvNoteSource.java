package org.vigil.ingest.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.IdentifierSet;
import org.vigil.ingest.NoteDraft;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads notes from a CSV export, one row a note, streamed with Apache Commons CSV (RFC 4180, quoted multi-line
 * fields): MIMIC-III NOTEEVENTS and MIMIC-IV-Note shapes are recognised from the header, any other shape needs
 * a {@link CsvLayout} mapping. A bad row (wrong field count, bytes invalid in the file's encoding, missing
 * patient...) is rejected with its line and the next row still flows; broken quoting ends the file, since no
 * later row boundary can be trusted.
 */
public final class CsvNoteSource implements NoteSource {

    public static final String ADAPTER = "csv";

    private final String fileName;
    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final Optional<CsvLayout> layout;
    private final IdentifierColumns identifierColumns;
    private final List<String> missingIdentifierColumns;
    private final Map<String, Integer> header;
    private final Admission admission;
    private final ClinicalTime time;
    private final String charset;
    private Optional<SourceRecord> headerFailure = Optional.empty();
    private boolean finished;

    private CsvNoteSource(Path file, CSVParser parser, Optional<CsvLayout> layout, IdentifierColumns identifierColumns,
                          Admission admission, ClinicalTime time, String charset) {
        this.fileName = file.getFileName().toString();
        this.parser = parser;
        this.rows = parser.iterator();
        this.layout = layout;
        this.identifierColumns = identifierColumns;
        this.header = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.header.putAll(parser.getHeaderMap());
        this.missingIdentifierColumns = identifierColumns.missingFrom(header.keySet());
        this.admission = admission;
        this.time = time;
        this.charset = charset;
    }

    /**
     * Opens {@code file}; with an empty {@code layout} the header must be a built-in shape, otherwise the first
     * record is a rejection naming the missing columns.
     */
    public static CsvNoteSource open(Path file, Optional<CsvLayout> layout, Admission admission, ClinicalTime time)
            throws IOException {
        return open(file, layout, IdentifierColumns.NONE, admission, time);
    }

    /**
     * As {@link #open(Path, Optional, Admission, ClinicalTime)}, reading known identifiers from
     * {@code identifierColumns}; a header that lacks one of them makes the first record a rejection naming it
     * (notes without the identifiers they were meant to carry would leak them).
     */
    public static CsvNoteSource open(Path file, Optional<CsvLayout> layout, IdentifierColumns identifierColumns,
                                     Admission admission, ClinicalTime time) throws IOException {
        TextDecoder.StreamDecoding decoding = TextDecoder.reader(Files.newInputStream(file));
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true)
                .setIgnoreEmptyLines(true)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(decoding.reader()).setFormat(format).get();
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            decoding.reader().close();
            return unreadableHeader(file, e);
        }
        Optional<CsvLayout> chosen = layout.isPresent() ? layout : CsvLayout.detect(parser.getHeaderNames());
        return new CsvNoteSource(file, parser, chosen, identifierColumns, admission, time, decoding.charset().name());
    }

    private static CsvNoteSource unreadableHeader(Path file, Exception e) throws IOException {
        // Represented as a source whose only record is the rejection, so callers handle it like any other row.
        CSVParser empty = CSVParser.parse("", CSVFormat.RFC4180);
        CsvNoteSource source = new CsvNoteSource(file, empty, Optional.empty(), IdentifierColumns.NONE, null, null, "");
        source.headerFailure = Optional.of(SourceRecord.rejected(
                RejectReason.MALFORMED_CSV,
                "The CSV header cannot be read (" + e.getClass().getSimpleName() + ")", SourceLocation.file(file.getFileName().toString(), 1)));
        return source;
    }

    @Override
    public Optional<SourceRecord> next() {
        if (finished) {
            return Optional.empty();
        }
        if (headerFailure.isPresent()) {
            finished = true;
            return headerFailure;
        }
        if (layout.isEmpty()) {
            finished = true;
            return Optional.of(SourceRecord.rejected(RejectReason.MALFORMED_CSV,
                    "The CSV header matches neither MIMIC-III NOTEEVENTS nor MIMIC-IV-Note and no column mapping is configured",
                    SourceLocation.file(fileName, 1)));
        }
        if (!missingIdentifierColumns.isEmpty()) {
            finished = true;
            return Optional.of(SourceRecord.rejected(RejectReason.MALFORMED_CSV,
                    "The CSV header lacks the identifier columns " + missingIdentifierColumns + " named in ingest.csv.identifier.columns",
                    SourceLocation.file(fileName, 1)));
        }
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord row;
        try {
            if (!rows.hasNext()) {
                finished = true;
                return Optional.empty();
            }
            row = rows.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            finished = true;
            return Optional.of(SourceRecord.rejected(RejectReason.MALFORMED_CSV,
                    "The CSV cannot be parsed past this line (unbalanced quotes); the rest of the file is not read",
                    SourceLocation.file(fileName, line)));
        }
        return Optional.of(toRecord(row, SourceLocation.file(fileName, line)));
    }

    private SourceRecord toRecord(CSVRecord row, SourceLocation location) {
        if (!row.isConsistent()) {
            return SourceRecord.rejected(RejectReason.MALFORMED_CSV,
                    "The row has " + row.size() + " fields; the header has " + header.size(), location);
        }
        for (String field : row) {
            if (field.indexOf(TextDecoder.INVALID) >= 0) {
                return SourceRecord.rejected(RejectReason.INVALID_ENCODING,
                        "The row holds bytes invalid in the file's encoding (" + charset + ")", location);
            }
        }
        CsvLayout l = layout.orElseThrow();
        String inError = first(row, l.columnsFor(NoteField.IN_ERROR));
        if (inError.equals("1") || inError.equals("1.0") || inError.equalsIgnoreCase("true")) {
            return SourceRecord.rejected(RejectReason.ENTERED_IN_ERROR, "The source marks the note as entered in error", location);
        }
        // The text keeps its whitespace: offsets downstream refer to it as sent.
        String text = l.columnsFor(NoteField.TEXT).stream().map(c -> raw(row, c)).filter(v -> !v.isBlank())
                .findFirst().orElse("");
        if (TextDecoder.looksBinary(text)) {
            return SourceRecord.rejected(RejectReason.INVALID_ENCODING,
                    "The note text holds control characters (binary content)", location);
        }
        NoteDraft draft = new NoteDraft(ADAPTER, location)
                .sourceNoteId(first(row, l.columnsFor(NoteField.SOURCE_NOTE_ID)))
                .patientId(first(row, l.columnsFor(NoteField.PATIENT_ID)))
                .encounterId(first(row, l.columnsFor(NoteField.ENCOUNTER_ID)))
                .noteType(l.columnsFor(NoteField.NOTE_TYPE).stream().map(c -> value(row, c))
                        .filter(v -> !v.isEmpty()).map(l::noteTypeName).distinct().collect(Collectors.joining(" / ")))
                .authorRole(first(row, l.columnsFor(NoteField.AUTHOR_ROLE)))
                .text(text)
                .contentType("text/csv")
                .charset(charset)
                .attribute("sex", first(row, l.columnsFor(NoteField.SEX)))
                .attribute("birthDate", first(row, l.columnsFor(NoteField.BIRTH_DATE)));
        IdentifierSet identifiers = new IdentifierSet();
        identifierColumns.read(column -> value(row, column), identifiers);
        // The birth date attribute is also the patient's birth date identifier, as in every other adapter.
        identifiers.add(KnownIdentifierKind.BIRTH_DATE, IdentifierHolder.PATIENT, first(row, l.columnsFor(NoteField.BIRTH_DATE)));
        draft.identifiers(identifiers.toList());
        try {
            draft.authoredAt(time.parse(first(row, l.columnsFor(NoteField.AUTHORED_AT))));
        } catch (DateTimeParseException e) {
            return SourceRecord.rejected(RejectReason.INVALID_TIMESTAMP,
                    "The note's time matches no accepted format (column " + String.join("|", l.columnsFor(NoteField.AUTHORED_AT)) + ")",
                    location);
        }
        return admission.admit(draft);
    }

    private String first(CSVRecord row, List<String> columns) {
        for (String column : columns) {
            String v = value(row, column);
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private String value(CSVRecord row, String column) {
        return raw(row, column).strip();
    }

    private String raw(CSVRecord row, String column) {
        Integer index = header.get(column);
        return index == null || index >= row.size() ? "" : row.get(index);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
