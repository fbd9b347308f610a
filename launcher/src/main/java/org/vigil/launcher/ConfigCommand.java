package org.vigil.launcher;

import org.apache.kafka.common.config.ConfigDef;
import org.vigil.runtime.config.ConfigReference;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Prints the configuration reference, or checks a stage's configuration without starting it. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Prints the generated configuration reference (--reference) or validates a stage's settings (--check).")
public final class ConfigCommand implements Callable<Integer> {

    @Option(names = "--reference", description = "Print the Markdown reference of every stage's settings.")
    boolean reference;

    @Option(names = "--check", paramLabel = "STAGE", description = "Validate the settings of this stage and exit.")
    String check;

    @Option(names = "--config", description = "Properties file to validate with --check.")
    Optional<Path> configFile;

    @Option(names = "--set", description = "A setting, name=value; repeatable.")
    Map<String, String> overrides = Map.of();

    @Override
    public Integer call() {
        if (check != null) {
            StageKind kind = StageKind.parse(check);
            new VigilConfig(kind.definition(), ConfigSource.load(configFile, System.getenv(), overrides));
            System.out.printf("Configuration of stage %s is valid.%n", kind.cliName());
            return 0;
        }
        System.out.print(reference());
        return 0;
    }

    /** The reference as shipped in docs/configuration.md. */
    static String reference() {
        Map<String, ConfigDef> sections = new LinkedHashMap<>();
        for (StageKind kind : StageKind.values()) {
            sections.put(kind.cliName(), kind.definition());
        }
        return ConfigReference.markdown(sections);
    }
}
