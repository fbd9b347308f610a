package org.vigil.ingest.cli;

import org.vigil.ingest.IngestSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
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
    @Command(name = "csv",
            description = "Read a CSV export once: MIMIC-III NOTEEVENTS or MIMIC-IV-Note out of the box, other shapes with --columns.")
    static final class Csv extends SourceCommand {
        @Parameters(paramLabel = "PATH", description = "A CSV file, or a directory of .csv files.")
        Path path;
        @Option(names = "--columns", paramLabel = "MAPPING",
                description = "Column mapping, e.g. sourceNoteId=id,patientId=mrn,text=body,authoredAt=written|date.")
        String columns;
        @Option(names = "--identifier-columns", paramLabel = "MAPPING",
                description = "Columns holding known identifiers, removed wherever the text mentions them, e.g. "
                        + "GIVEN_NAME=first_name,FAMILY_NAME=last_name,IDENTIFIER=mrn,BIRTH_DATE=dob "
                        + "(setting ingest.csv.identifier.columns; default none).")
        String identifierColumns;

        @Override
        Map<String, String> sourceSettings() {
            Map<String, String> s = source("csv", path);
            if (columns != null) {
                s.put(IngestSettings.CSV_COLUMNS, columns);
            }
            if (identifierColumns != null) {
                s.put(IngestSettings.CSV_IDENTIFIER_COLUMNS, identifierColumns);
            }
            return s;
        }
    }

    /** {@code vigil ingest folder}. */
    @Command(name = "folder",
            description = "Watch a folder of text files (metadata in <name>.meta.json or manifest.csv) until Ctrl-C; "
                    + "progress survives restarts.")
    static final class Folder extends SourceCommand {
        @Parameters(paramLabel = "DIR", description = "The folder to watch.")
        Path dir;
        @Option(names = "--glob", paramLabel = "GLOB", description = "Which files are notes (default *.txt).")
        String glob;
        @Option(names = "--once", description = "Stop after the files present now are published, instead of watching.")
        boolean once;

        @Override
        Map<String, String> sourceSettings() {
            Map<String, String> s = source("folder", dir);
            if (glob != null) {
                s.put(IngestSettings.FOLDER_GLOB, glob);
            }
            return s;
        }

        @Override
        boolean untilInterrupted() {
            return !once;
        }
    }

    /** {@code vigil ingest fhir}. */
    @Command(name = "fhir",
            description = "Read FHIR R4 JSON or XML files once (DocumentReference, DiagnosticReport, Composition, Bundles).")
    static final class Fhir extends SourceCommand {
        @Parameters(paramLabel = "PATH", description = "A .json/.xml file, or a directory of them.")
        Path path;

        @Override
        Map<String, String> sourceSettings() {
            return source("fhir", path);
        }
    }

    /** {@code vigil ingest ndjson}. */
    @Command(name = "ndjson",
            description = "Read a FHIR Bulk Data $export (NDJSON, streamed): a file, or the export directory "
                    + "(Patient, RelatedPerson and Practitioner files give attributes and known identifiers; DocumentReference, "
                    + "DiagnosticReport, Composition and Bundle files are read).")
    static final class Ndjson extends SourceCommand {
        @Parameters(paramLabel = "PATH", description = "An .ndjson file or an export directory.")
        Path path;

        @Override
        Map<String, String> sourceSettings() {
            return source("ndjson", path);
        }
    }

    /** {@code vigil ingest hl7}. */
    @Command(name = "hl7",
            description = "Read HL7 v2 files once (MDM, ORU^R01; single messages or FHS/BHS batches).")
    static final class Hl7 extends SourceCommand {
        @Parameters(paramLabel = "PATH", description = "A .hl7/.er7/.txt file, or a directory of them.")
        Path path;

        @Override
        Map<String, String> sourceSettings() {
            return source("hl7-file", path);
        }
    }

    /** {@code vigil ingest mllp}. */
    @Command(name = "mllp",
            description = "Listen for HL7 v2 over MLLP until Ctrl-C; AA only after the note is on Kafka.")
    static final class Mllp extends SourceCommand {
        @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ingest.mllp.port, 2575).")
        Integer port;

        @Override
        Map<String, String> sourceSettings() {
            Map<String, String> s = source("mllp", null);
            if (port != null) {
                s.put(IngestSettings.MLLP_PORT, port.toString());
            }
            return s;
        }

        @Override
        boolean untilInterrupted() {
            return true;
        }
    }

    /** {@code vigil ingest http}. */
    @Command(name = "http",
            description = "Serve POST /notes (text/plain, application/fhir+json, HL7 v2 ER7) until Ctrl-C; 202 only after "
                    + "the note is on Kafka; bearer token required.")
    static final class Http extends SourceCommand {
        @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: ingest.http.port, 8087).")
        Integer port;
        @Option(names = "--token-file", paramLabel = "FILE", required = true, description = "File holding the bearer token.")
        Path tokenFile;

        @Override
        Map<String, String> sourceSettings() {
            Map<String, String> s = source("http", null);
            s.put(IngestSettings.HTTP_TOKEN_FILE, tokenFile.toString());
            if (port != null) {
                s.put(IngestSettings.HTTP_PORT, port.toString());
            }
            return s;
        }

        @Override
        boolean untilInterrupted() {
            return true;
        }
    }
}
