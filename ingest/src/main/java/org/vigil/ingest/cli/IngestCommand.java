package org.vigil.ingest.cli;

import org.vigil.ingest.IngestSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil ingest}: reads notes from one source into the raw notes topic of an external Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Read clinical notes from a source into Kafka (raw notes topic; bad input to the dead letters).",
        subcommands = {IngestCommand.Fhir.class, IngestCommand.Ndjson.class, IngestCommand.Hl7.class, IngestCommand.Csv.class,
                IngestCommand.Folder.class, IngestCommand.Http.class, IngestCommand.Mllp.class})
public final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** {@code vigil ingest csv}. */
    @Command(name = "csv", mixinStandardHelpOptions = true,
            description = "Read a CSV export once: MIMIC-III NOTEEVENTS or MIMIC-IV-Note out of the box, other shapes with --columns.")
    static final class Csv implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Parameters(paramLabel = "PATH", description = "A CSV file, or a directory of .csv files.")
        Path path;
        @Option(names = "--columns", paramLabel = "MAPPING",
                description = "Column mapping, e.g. sourceNoteId=id,patientId=mrn,text=body,authoredAt=written|date.")
        String columns;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> s = new HashMap<>();
            s.put(IngestSettings.SOURCE, "csv");
            s.put(IngestSettings.PATH, path.toString());
            if (columns != null) {
                s.put(IngestSettings.CSV_COLUMNS, columns);
            }
            return StageRunner.run(options.config(s), false, options.progressInterval(), spec.commandLine().getOut());
        }
    }

    /** {@code vigil ingest folder}. */
    @Command(name = "folder", mixinStandardHelpOptions = true,
            description = "Watch a folder of text files (metadata in <name>.meta.json or manifest.csv) until Ctrl-C; "
                    + "progress survives restarts.")
    static final class Folder implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Parameters(paramLabel = "DIR", description = "The folder to watch.")
        Path dir;
        @Option(names = "--glob", paramLabel = "GLOB", description = "Which files are notes (default *.txt).")
        String glob;
        @Option(names = "--once", description = "Stop after the files present now are published, instead of watching.")
        boolean once;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> s = new HashMap<>();
            s.put(IngestSettings.SOURCE, "folder");
            s.put(IngestSettings.PATH, dir.toString());
            if (glob != null) {
                s.put(IngestSettings.FOLDER_GLOB, glob);
            }
            return StageRunner.run(options.config(s), !once, options.progressInterval(), spec.commandLine().getOut());
        }
    }

    private static Map<String, String> source(String source, Path path) {
        Map<String, String> s = new HashMap<>();
        s.put(IngestSettings.SOURCE, source);
        if (path != null) {
            s.put(IngestSettings.PATH, path.toString());
        }
        return s;
    }

    /** {@code vigil ingest fhir}. */
    @Command(name = "fhir", mixinStandardHelpOptions = true,
            description = "Read FHIR R4 JSON or XML files once (DocumentReference, DiagnosticReport, Composition, Bundles).")
    static final class Fhir implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Parameters(paramLabel = "PATH", description = "A .json/.xml file, or a directory of them.")
        Path path;

        @Override
        public Integer call() throws InterruptedException {
            return StageRunner.run(options.config(source("fhir", path)), false, options.progressInterval(), spec.commandLine().getOut());
        }
    }

    /** {@code vigil ingest ndjson}. */
    @Command(name = "ndjson", mixinStandardHelpOptions = true,
            description = "Read a FHIR Bulk Data $export (NDJSON, streamed): a file, or the export directory "
                    + "(Patient files give patient attributes; DocumentReference, DiagnosticReport, Composition and Bundle files are read).")
    static final class Ndjson implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Parameters(paramLabel = "PATH", description = "An .ndjson file or an export directory.")
        Path path;

        @Override
        public Integer call() throws InterruptedException {
            return StageRunner.run(options.config(source("ndjson", path)), false, options.progressInterval(), spec.commandLine().getOut());
        }
    }

    /** {@code vigil ingest hl7}. */
    @Command(name = "hl7", mixinStandardHelpOptions = true,
            description = "Read HL7 v2 files once (MDM, ORU^R01; single messages or FHS/BHS batches).")
    static final class Hl7 implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Parameters(paramLabel = "PATH", description = "A .hl7/.er7/.txt file, or a directory of them.")
        Path path;

        @Override
        public Integer call() throws InterruptedException {
            return StageRunner.run(options.config(source("hl7-file", path)), false, options.progressInterval(), spec.commandLine().getOut());
        }
    }

    /** {@code vigil ingest mllp}. */
    @Command(name = "mllp", mixinStandardHelpOptions = true,
            description = "Listen for HL7 v2 over MLLP until Ctrl-C; AA only after the note is on Kafka.")
    static final class Mllp implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ingest.mllp.port, 2575).")
        Integer port;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> s = source("mllp", null);
            if (port != null) {
                s.put(IngestSettings.MLLP_PORT, port.toString());
            }
            return StageRunner.run(options.config(s), true, options.progressInterval(), spec.commandLine().getOut());
        }
    }

    /** {@code vigil ingest http}. */
    @Command(name = "http", mixinStandardHelpOptions = true,
            description = "Serve POST /notes (text/plain, application/fhir+json, HL7 v2 ER7) until Ctrl-C; 202 only after "
                    + "the note is on Kafka; bearer token required.")
    static final class Http implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StageOptions options;
        @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ingest.http.port, 8087).")
        Integer port;
        @Option(names = "--token-file", paramLabel = "FILE", required = true, description = "File holding the bearer token.")
        Path tokenFile;

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> s = source("http", null);
            s.put(IngestSettings.HTTP_TOKEN_FILE, tokenFile.toString());
            if (port != null) {
                s.put(IngestSettings.HTTP_PORT, port.toString());
            }
            return StageRunner.run(options.config(s), true, options.progressInterval(), spec.commandLine().getOut());
        }
    }
}
