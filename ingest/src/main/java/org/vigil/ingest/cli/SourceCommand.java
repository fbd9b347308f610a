package org.vigil.ingest.cli;

import org.vigil.ingest.IngestSettings;
import org.vigil.ingest.IngestStage;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** A {@code vigil ingest} subcommand: the options every source shares, and the run of the stage with the source's own settings. */
@Command(mixinStandardHelpOptions = true)
abstract class SourceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with settings (bootstrap.servers, schema.registry.url, ingest.*); "
                    + "VIGIL_* environment variables and -D override it.")
    Path configFile;

    @Option(names = "-D", paramLabel = "SETTING=VALUE", description = "Override one setting, e.g. -Dbootstrap.servers=kafka:9092.")
    Map<String, String> overrides = new HashMap<>();

    @Option(names = "--source-system", paramLabel = "NAME",
            description = "Name of the sending system, part of every note key (setting ingest.source.system).")
    String sourceSystem;

    @Option(names = "--progress-seconds", paramLabel = "SECONDS", defaultValue = "5",
            description = "How often to print progress (default ${DEFAULT-VALUE}).")
    long progressSeconds;

    /** This source's settings: {@code ingest.source} and whatever its own options set. */
    abstract Map<String, String> sourceSettings();

    /** Listeners and the folder watch run until Ctrl-C; the file sources stop once their input is read. */
    boolean untilInterrupted() {
        return false;
    }

    @Override
    public final Integer call() throws InterruptedException {
        VigilConfig config = new VigilConfig(IngestStage.definition(),
                ConfigSource.load(Optional.ofNullable(configFile), System.getenv(), commandLineSettings()));
        return StageRunner.run(config, untilInterrupted(), progressInterval(), spec.commandLine().getOut());
    }

    /** The settings given on the command line; this source's own options win over a -D for the same setting. */
    final Map<String, String> commandLineSettings() {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(sourceSettings());
        if (sourceSystem != null) {
            merged.put(IngestSettings.SOURCE_SYSTEM, sourceSystem);
        }
        return merged;
    }

    final Duration progressInterval() {
        return Duration.ofSeconds(Math.max(1, progressSeconds));
    }

    /** The settings of a source named {@code source}, reading {@code path} when it has one. */
    static Map<String, String> source(String source, Path path) {
        Map<String, String> s = new HashMap<>();
        s.put(IngestSettings.SOURCE, source);
        if (path != null) {
            s.put(IngestSettings.PATH, path.toString());
        }
        return s;
    }
}
