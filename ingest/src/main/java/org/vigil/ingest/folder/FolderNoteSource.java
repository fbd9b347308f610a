package org.vigil.ingest.folder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.NoteDraft;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a folder of text files into notes, one file a note. Metadata comes from a sidecar {@code <base>.meta.json}
 * next to the file, or else from the row of the folder's {@code manifest.csv} whose {@code file} column names
 * it (see ingest/README.md). The file's base name is the source note id unless the metadata gives one.
 */
public final class FolderNoteSource {

    public static final String ADAPTER = "folder";
    public static final String SIDECAR_SUFFIX = ".meta.json";
    public static final String MANIFEST = "manifest.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String glob;
    private final Admission admission;
    private final ClinicalTime time;
    private Map<String, NoteMetadata> manifest = Map.of();
    private FileTime manifestModified = FileTime.fromMillis(Long.MIN_VALUE);
    private Optional<String> manifestProblem = Optional.empty();

    public FolderNoteSource(Path dir, String glob, Admission admission, ClinicalTime time) {
        this.dir = dir;
        this.glob = glob;
        this.admission = admission;
        this.time = time;
    }

    public Path dir() {
        return dir;
    }

    /** The note files now in the folder (not its subfolders), sorted by name; hidden and .tmp files excluded. */
    public List<Path> noteFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                // Writers that create a note under a temporary name and rename it are never read half-written.
                if (!name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(SIDECAR_SUFFIX) && !name.equals(MANIFEST)
                        && Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        }
        files.sort(Path::compareTo);
        return files;
    }

    /** Reads one note file and its metadata; never throws for bad input, it becomes a rejection. */
    public SourceRecord read(Path file) {
        String name = file.getFileName().toString();
        SourceLocation location = SourceLocation.file(name);
        try {
            long size = Files.size(file);
            // UTF-8 spends at most 4 bytes a character: a larger file cannot be within the limit.
            if (size > 4L * admission.maxNoteChars()) {
                return SourceRecord.rejected(RejectReason.OVERSIZE,
                        "The file has " + size + " bytes, over the limit of " + admission.maxNoteChars() + " characters", location);
            }
            byte[] bytes = Files.readAllBytes(file);
            TextDecoder.Decoding decoding = TextDecoder.decode(bytes);
            if (decoding instanceof TextDecoder.Undecodable u) {
                return SourceRecord.rejected(RejectReason.INVALID_ENCODING, u.detail(), location);
            }
            TextDecoder.Decoded decoded = (TextDecoder.Decoded) decoding;
            NoteMetadata meta;
            try {
                meta = metadata(file);
            } catch (MetadataException e) {
                return SourceRecord.rejected(RejectReason.MALFORMED_METADATA, e.getMessage(), location);
            }
            String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            NoteDraft draft = new NoteDraft(ADAPTER, location)
                    .sourceSystem(meta.get("sourceSystem"))
                    .sourceNoteId(meta.get("sourceNoteId").isEmpty() ? base : meta.get("sourceNoteId"))
                    .patientId(meta.get("patientId"))
                    .encounterId(meta.get("encounterId"))
                    .noteType(meta.get("noteType"))
                    .authorRole(meta.get("authorRole"))
                    .text(decoded.text())
                    .contentType("text/plain")
                    .charset(decoded.charset().name())
                    .attribute("sex", meta.get("sex"))
                    .attribute("birthDate", meta.get("birthDate"))
                    .identifiers(meta.identifiers())
                    .identifier(KnownIdentifierKind.BIRTH_DATE, IdentifierHolder.PATIENT, meta.get("birthDate"));
            try {
                draft.authoredAt(time.parse(meta.get("authoredAt")));
            } catch (DateTimeParseException e) {
                return SourceRecord.rejected(RejectReason.INVALID_TIMESTAMP, "authoredAt matches no accepted format", location);
            }
            return admission.admit(draft);
        } catch (IOException | UncheckedIOException e) {
            return SourceRecord.rejected(RejectReason.UNREADABLE_SOURCE,
                    "The file cannot be read (" + e.getClass().getSimpleName() + ")", location);
        }
    }

    /** One pass over the files now in the folder, in name order. */
    public NoteSource pass() throws IOException {
        Iterator<Path> files = noteFiles().iterator();
        return () -> files.hasNext() ? Optional.of(read(files.next())) : Optional.empty();
    }

    private NoteMetadata metadata(Path file) throws IOException, MetadataException {
        String name = file.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        Path sidecar = file.resolveSibling(base + SIDECAR_SUFFIX);
        if (Files.exists(sidecar)) {
            return sidecar(sidecar);
        }
        refreshManifest();
        if (manifestProblem.isPresent()) {
            throw new MetadataException(manifestProblem.get());
        }
        return manifest.getOrDefault(name, NoteMetadata.NONE);
    }

    private static NoteMetadata sidecar(Path sidecar) throws IOException, MetadataException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(sidecar));
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending input; only its position is safe to report.
            throw new MetadataException("The sidecar is not valid JSON (line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MetadataException("The sidecar is not a JSON object");
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : NoteMetadata.FIELDS) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isValueNode()) {
                    throw new MetadataException("The sidecar field " + field + " must be a string or number");
                }
                fields.put(field, value.asText());
            }
        }
        try {
            return new NoteMetadata(fields, MetadataIdentifiers.fromJson(root.get("identifiers")));
        } catch (IllegalArgumentException e) {
            // The note's location names the file; the message names the field only, never a value.
            throw new MetadataException("The sidecar's " + e.getMessage());
        }
    }

    private void refreshManifest() throws IOException {
        Path path = dir.resolve(MANIFEST);
        if (!Files.exists(path)) {
            manifest = Map.of();
            manifestProblem = Optional.empty();
            return;
        }
        FileTime modified = Files.getLastModifiedTime(path);
        if (modified.equals(manifestModified)) {
            return;
        }
        manifestModified = modified;
        Map<String, NoteMetadata> rows = new HashMap<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = TextDecoder.reader(Files.newInputStream(path)).reader();
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            if (!parser.getHeaderNames().contains("file")) {
                manifestProblem = Optional.of("The folder's " + MANIFEST + " has no 'file' column");
                manifest = Map.of();
                return;
            }
            for (CSVRecord row : parser) {
                Map<String, String> fields = new HashMap<>();
                for (String field : NoteMetadata.FIELDS) {
                    if (row.isMapped(field) && row.isSet(field)) {
                        fields.put(field, row.get(field));
                    }
                }
                rows.put(row.get("file"), new NoteMetadata(fields, MetadataIdentifiers.fromManifestRow(parser.getHeaderNames(),
                        column -> row.isSet(column) ? row.get(column) : "")));
            }
            manifest = Map.copyOf(rows);
            manifestProblem = Optional.empty();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            manifestProblem = Optional.of("The folder's " + MANIFEST + " cannot be parsed (" + e.getClass().getSimpleName() + ")");
            manifest = Map.of();
        }
    }

    /** Metadata that exists but cannot be used; the message is free of note content. */
    private static final class MetadataException extends Exception {
        MetadataException(String message) {
            super(message);
        }
    }
}
