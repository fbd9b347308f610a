package org.vigil.tools.deid;

import org.vigil.corpus.I2b2Format;
import org.vigil.deidentify.DeidMode;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.DeidResult;
import org.vigil.deidentify.Deidentifier;
import org.vigil.deidentify.ReasonCode;
import org.vigil.deidentify.RecordIdentifier;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.operate.DeidKey;
import org.vigil.ingest.Admission;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.fhir.FhirExport;
import org.vigil.schemas.RawNote;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code vigil deid}: the de-identification engine offline over a folder of notes ({@code .txt}, or i2b2 XML whose
 * TEXT it reads), one de-identified {@code .txt} per input with the same base name; or over a FHIR export
 * ({@code --fhir}), read by ingest's own adapters, one {@code .txt} per note named by its resource id, with the
 * identifiers of each note's record removed too. A local tool: the names stay on the user's disk. A note that fails
 * closed gets no output file; the exit code is then the number of such notes (at most 125).
 */
@Command(name = "deid", mixinStandardHelpOptions = true,
        description = {"De-identify a folder of notes (.txt or i2b2 .xml), or a FHIR export (--fhir), into a folder of "
                + ".txt files."})
public final class DeidCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Where the notes come from: one of the two. */
    static final class Input {
        @Option(names = "--in", required = true, description = "Folder of .txt notes or i2b2 2014 .xml files.")
        Path in;

        @Option(names = "--fhir", required = true, paramLabel = "PATH",
                description = "A FHIR export: a Bulk Data folder (Patient, RelatedPerson, Practitioner and note "
                        + "NDJSON files), NDJSON, or Bundles in JSON or XML. One .txt per note, named by its resource id.")
        Path fhir;
    }

    @Option(names = "--no-record-identifiers",
            description = "With --fhir: de-identify each note on its text alone, ignoring the identifiers its record names.")
    boolean noRecordIdentifiers;

    @Option(names = "--out", required = true, description = "Folder for the de-identified .txt files (created).")
    Path out;

    @Option(names = "--mode", defaultValue = "surrogate", description = "surrogate (default) or tag ([NAME], [DATE]).")
    String mode;

    @Option(names = "--key-file", description = "De-identification key file (base64 or hex, >= 32 bytes).")
    Path keyFile;

    @Option(names = "--key-env", defaultValue = "DEID_KEY",
            description = "Environment variable holding the key when --key-file is not given (default: ${DEFAULT-VALUE}).")
    String keyEnv;

    @Option(names = "--safe-list", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "The residual check: also remove words in a name position that no vocabulary explains "
                    + "(default: on; --no-safe-list for the recognizers alone).")
    boolean safeList;

    @Option(names = "--timeout-ms", defaultValue = "5000", description = "Time budget per note (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--max-note-chars", defaultValue = "1000000", description = "Largest note accepted (default: ${DEFAULT-VALUE}).")
    int maxNoteChars;

    PrintWriter stdout = new PrintWriter(System.out, true);
    PrintWriter stderr = new PrintWriter(System.err, true);

    @Override
    public Integer call() throws IOException {
        DeidMode deidMode = DeidMode.parse(mode);
        DeidKey key;
        if (keyFile != null) {
            key = DeidKey.fromFile(keyFile);
        } else if (System.getenv(keyEnv) != null) {
            key = DeidKey.fromEnvironment(keyEnv, System.getenv());
        } else if (deidMode == DeidMode.TAG) {
            byte[] random = new byte[DeidKey.MIN_BYTES];
            new SecureRandom().nextBytes(random);
            key = DeidKey.of(random); // tags need no stable key
        } else {
            stderr.println("Surrogate mode needs a key: --key-file FILE or the environment variable " + keyEnv);
            return 2;
        }
        Deidentifier engine = new Deidentifier(Ruleset.standard(), key, DeidOptions.defaults().withMode(deidMode)
                .withSafeList(safeList).withTimeoutMillis(timeoutMillis).withMaxNoteChars(maxNoteChars));
        Files.createDirectories(out);
        if (input.fhir != null) {
            return fhir(engine, deidMode);
        }
        List<Path> inputs;
        try (Stream<Path> files = Files.list(input.in)) {
            inputs = files.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".txt") || n.endsWith(".xml"));
            }).sorted().toList();
        }
        int done = 0;
        int failed = 0;
        Map<String, Integer> residual = new LinkedHashMap<>();
        for (Path input : inputs) {
            String name = input.getFileName().toString();
            String base = name.substring(0, name.lastIndexOf('.'));
            DeidResult result = deidentify(engine, input, base);
            if (result instanceof DeidResult.Clean clean) {
                Files.writeString(out.resolve(base + ".txt"), clean.text(), StandardCharsets.UTF_8);
                residual.put(base, clean.residual());
                done++;
            } else {
                DeidResult.Failed f = (DeidResult.Failed) result;
                stderr.println(name + ": failed closed, " + f.code() + ": " + f.reason());
                failed++;
            }
        }
        stdout.printf(Locale.ROOT, "%d notes de-identified (%s mode, ruleset %s), %d failed closed%n", done,
                deidMode.name().toLowerCase(Locale.ROOT), engine.rulesetVersion(), failed);
        writeResidual(residual);
        return Math.min(failed, 125);
    }

    /**
     * Every note of the FHIR export, read as the ingest stage reads it (so each carries its record's identifiers),
     * de-identified with them unless {@code --no-record-identifiers}. Records ingest would dead-letter are counted.
     */
    private int fhir(Deidentifier engine, DeidMode deidMode) throws IOException {
        Admission admission = new Admission("fhir-export", maxNoteChars, Clock.systemUTC());
        // NDJSON lines and files as large as the largest note allows, base64 and UTF-8 included.
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 8, maxNoteChars * 6L + 65_536);
        FhirExport export = FhirExport.open(input.fhir, admission, maxLine, maxLine);
        int done = 0;
        int failed = 0;
        int rejected = 0;
        int withIdentifiers = 0;
        Map<String, Integer> residual = new LinkedHashMap<>();
        Set<String> written = new HashSet<>();
        List<Path> files = new ArrayList<>(export.ndjsonNoteFiles());
        files.addAll(export.resourceFiles());
        for (Path file : files) {
            try (NoteSource source = export.open(file)) {
                for (Optional<SourceRecord> next = source.next(); next.isPresent(); next = source.next()) {
                    if (!(next.get() instanceof SourceRecord.Accepted accepted)) {
                        rejected++;
                        continue;
                    }
                    RawNote note = accepted.note();
                    List<RecordIdentifier> known = noRecordIdentifiers ? List.of() : RecordIdentifier.of(note.getKnownIdentifiers());
                    withIdentifiers += known.isEmpty() ? 0 : 1;
                    int year = note.getAuthoredAt() == null ? Deidentifier.DEFAULT_REFERENCE_YEAR
                            : note.getAuthoredAt().atZone(ZoneOffset.UTC).getYear();
                    DeidResult result = engine.deidentify(note.getText(), note.getPatientId(), year, known);
                    String name = fileName(note.getSourceNoteId(), written);
                    if (result instanceof DeidResult.Clean clean) {
                        Files.writeString(out.resolve(name + ".txt"), clean.text(), StandardCharsets.UTF_8);
                        residual.put(name, clean.residual());
                        done++;
                    } else {
                        DeidResult.Failed f = (DeidResult.Failed) result;
                        stderr.println(name + ": failed closed, " + f.code() + ": " + f.reason());
                        failed++;
                    }
                }
            } catch (Exception e) {
                throw new IOException("Cannot read " + file.getFileName() + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        stdout.printf(Locale.ROOT, "%d notes de-identified (%s mode, ruleset %s, %s), %d failed closed, %d records "
                        + "ingest would dead-letter%n", done, deidMode.name().toLowerCase(Locale.ROOT),
                engine.rulesetVersion(), noRecordIdentifiers ? "text alone"
                        : withIdentifiers + " with their record's identifiers", failed, rejected);
        writeResidual(residual);
        return Math.min(failed, 125);
    }

    /**
     * The residual of each note (identifiers only the residual check found) to {@code residual.tsv} beside the notes,
     * and its sum on the console: a note with many is one to read.
     */
    private void writeResidual(Map<String, Integer> perNote) throws IOException {
        if (!safeList) {
            return;
        }
        List<String> lines = new ArrayList<>(perNote.size() + 1);
        lines.add("note\tresidual");
        perNote.forEach((note, n) -> lines.add(note + "\t" + n));
        Files.write(out.resolve("residual.tsv"), lines, StandardCharsets.UTF_8);
        int total = perNote.values().stream().mapToInt(Integer::intValue).sum();
        long notes = perNote.values().stream().filter(n -> n > 0).count();
        stdout.printf(Locale.ROOT, "residual check: %d identifiers in %d notes found by it alone (per note: %s)%n",
                total, notes, out.resolve("residual.tsv"));
    }

    /** The note's resource id as a file name: characters a file system may refuse become '_'; repeats get a suffix. */
    static String fileName(String sourceNoteId, Set<String> taken) {
        String id = sourceNoteId.substring(sourceNoteId.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        String name = id.isEmpty() || id.startsWith(".") ? "_" + id : id;
        for (int n = 2; !taken.add(name); n++) {
            name = id + "-" + n;
        }
        return name;
    }

    /** Reads one input strictly (malformed UTF-8 fails closed) and de-identifies it, keyed on its base name. */
    private static DeidResult deidentify(Deidentifier engine, Path input, String base) throws IOException {
        String text;
        if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
            try {
                text = I2b2Format.read(input).text();
            } catch (IllegalArgumentException e) {
                return new DeidResult.Failed(ReasonCode.UNSUPPORTED_INPUT, "not an i2b2 XML document");
            }
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(input))).toString();
            } catch (CharacterCodingException e) {
                return new DeidResult.Failed(ReasonCode.INVALID_ENCODING, "file is not valid UTF-8");
            }
        }
        return engine.deidentify(text, base);
    }
}
