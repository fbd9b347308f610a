package org.vigil.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationReferenceTest {

    @Test
    void shippedReferenceMatchesTheStagesDefinitions() throws Exception {
        Path shipped = Path.of("..", "docs", "configuration.md");
        assertThat(Files.readString(shipped))
                .as("docs/configuration.md is stale: run ./vigil config --reference > docs/configuration.md")
                .isEqualTo(ConfigCommand.reference());
    }

    @Test
    void theDeployedCommandHasOnlyTheProductionSubcommandsEachWithHelp() {
        var cli = VigilCommand.commandLine();
        assertThat(cli.getSubcommands()).containsOnlyKeys("run", "setup", "ingest", "token", "erase", "deadletters", "config");
        for (String sub : cli.getSubcommands().keySet()) {
            assertThat(cli.getSubcommands().get(sub).getUsageMessage()).contains("Usage: vigil " + sub);
        }
        assertThat(cli.execute("run", "nonsense")).isNotZero();
    }
}
