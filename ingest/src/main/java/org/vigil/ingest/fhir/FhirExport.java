package org.vigil.ingest.fhir;

import org.vigil.ingest.Admission;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.PdfText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which files of a FHIR input hold notes and which hold the people they name: a Bulk Data export folder (its
 * {@code Patient*}, {@code RelatedPerson*}, {@code Practitioner*} NDJSON files indexed first, then the note types
 * read against that index), NDJSON files, or Bundles and single resources in JSON or XML. The ingest stage and
 * the offline {@code vigil deid --fhir} read a folder the same way through it.
 */
public final class FhirExport {

    private static final List<String> NOTE_FILES = List.of("DocumentReference", "DiagnosticReport", "Composition", "Bundle");

    private final List<Path> ndjsonNotes;
    private final List<Path> resourceFiles;
    private final FhirNoteReader ndjsonReader;
    private final FhirNoteReader resourceReader;
    private final int maxLineChars;
    private final long maxFileBytes;
    private final int people;

    private FhirExport(List<Path> ndjsonNotes, List<Path> resourceFiles, PersonIndex index, Admission admission,
                       PdfText pdf, int maxLineChars, long maxFileBytes) {
        this.ndjsonNotes = ndjsonNotes;
        this.resourceFiles = resourceFiles;
        this.ndjsonReader = new FhirNoteReader(admission, NdjsonNoteSource.ADAPTER, index, pdf);
        this.resourceReader = new FhirNoteReader(admission, FhirNoteReader.ADAPTER, PersonIndex.EMPTY, pdf);
        this.maxLineChars = maxLineChars;
        this.maxFileBytes = maxFileBytes;
        this.people = index.size();
    }

    /**
     * The notes of {@code path}, a folder or one file; NDJSON lines up to {@code maxLineChars}, JSON or XML files up
     * to {@code maxFileBytes}.
     */
    public static FhirExport open(Path path, Admission admission, int maxLineChars, long maxFileBytes) throws IOException {
        return open(path, admission, PdfText.defaults(admission), maxLineChars, maxFileBytes);
    }

    /** As above, reading PDF attachments with {@code pdf}'s limits. */
    public static FhirExport open(Path path, Admission admission, PdfText pdf, int maxLineChars, long maxFileBytes)
            throws IOException {
        if (!Files.isDirectory(path)) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean resource = name.endsWith(".json") || name.endsWith(".xml");
            // One file is read as what its name says; anything but JSON or XML as NDJSON, as the stage always has.
            return new FhirExport(resource ? List.of() : List.of(path), resource ? List.of(path) : List.of(),
                    PersonIndex.EMPTY, admission, pdf, maxLineChars, maxFileBytes);
        }
        List<Path> ndjson = files(path, ".ndjson");
        List<Path> peopleFiles = ndjson.stream().filter(f -> PersonIndex.TYPES.stream()
                .anyMatch(type -> f.getFileName().toString().startsWith(type))).toList();
        List<Path> notes = ndjson.stream().filter(f -> NOTE_FILES.stream()
                .anyMatch(prefix -> f.getFileName().toString().startsWith(prefix))).toList();
        List<Path> resources = new ArrayList<>(files(path, ".json"));
        resources.addAll(files(path, ".xml"));
        return new FhirExport(notes, resources, PersonIndex.load(peopleFiles, maxLineChars), admission, pdf, maxLineChars,
                maxFileBytes);
    }

    /** The NDJSON files of note types, in name order. */
    public List<Path> ndjsonNoteFiles() {
        return ndjsonNotes;
    }

    /** The JSON and XML files (Bundles, single resources), in name order. */
    public List<Path> resourceFiles() {
        return resourceFiles;
    }

    /** How many people (patients, related persons, practitioners) the export's people files hold. */
    public int people() {
        return people;
    }

    /** Opens one of {@link #ndjsonNoteFiles()} or {@link #resourceFiles()}. */
    public NoteSource open(Path file) throws IOException {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ndjson")
                ? NdjsonNoteSource.open(file, ndjsonReader, maxLineChars)
                : FhirFileSource.open(file, resourceReader, maxFileBytes);
    }

    /** The reader for NDJSON note lines, resolving people through the export's index. */
    public FhirNoteReader ndjsonReader() {
        return ndjsonReader;
    }

    private static List<Path> files(Path path, String extension) throws IOException {
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(extension)).sorted().toList();
        }
    }
}
