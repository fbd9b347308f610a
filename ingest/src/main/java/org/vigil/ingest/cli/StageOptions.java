package org.vigil.ingest.cli;

import org.vigil.ingest.IngestStage;
import org.vigil.ingest.IngestSettings;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Options every {@code vigil ingest} subcommand shares: where the configuration comes from, and overrides. */
public final class StageOptions {

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

    /** The stage configuration from file, environment and overrides, with this subcommand's own settings on top. */
    VigilConfig config(Map<String, String> subcommandSettings) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(subcommandSettings);
        if (sourceSystem != null) {
            merged.put(IngestSettings.SOURCE_SYSTEM, sourceSystem);
        }
        return new VigilConfig(IngestStage.definition(), ConfigSource.load(Optional.ofNullable(configFile), System.getenv(), merged));
    }

    Duration progressInterval() {
        return Duration.ofSeconds(Math.max(1, progressSeconds));
    }
}
