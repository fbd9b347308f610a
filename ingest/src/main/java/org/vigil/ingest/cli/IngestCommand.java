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
        subcommands = {IngestCommand.Csv.class, IngestCommand.Folder.class})
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
}
