package org.vigil.tools;

import org.junit.jupiter.api.Test;
import org.vigil.launcher.VigilCommand;

import static org.assertj.core.api.Assertions.assertThat;

class VigilToolsTest {

    @Test
    void theDevelopersCommandAddsTheToolsToTheDeployedOnes() {
        var cli = VigilTools.commandLine();
        assertThat(cli.getSubcommands().keySet())
                .containsAll(VigilCommand.commandLine().getSubcommands().keySet())
                .contains("demo", "generate", "eval", "bench", "deid", "signals", "train");
        for (String sub : cli.getSubcommands().keySet()) {
            assertThat(cli.getSubcommands().get(sub).getUsageMessage()).contains("Usage: vigil " + sub);
        }
        assertThat(cli.getSubcommands().get("bench").getSubcommands()).containsKeys("ingest", "deid", "signals", "sink");
        assertThat(cli.getSubcommands().get("eval").getSubcommands()).containsOnlyKeys("deid", "signals", "assertion");
    }
}
