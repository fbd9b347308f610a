package org.vigil.tools;

import org.vigil.launcher.VigilCommand;
import org.vigil.tools.bench.BenchCommand;
import org.vigil.tools.deid.DeidCommand;
import org.vigil.tools.demo.DemoCommand;
import org.vigil.tools.registry.RunRegistryCommand;
import org.vigil.tools.signals.SignalsCommand;
import org.vigil.tools.signals.TrainCommand;
import picocli.CommandLine;

/**
 * The {@code vigil} command of a developer's checkout (the {@code ./vigil} script): the deployed commands plus the
 * tools that need the embedded platform or the corpus (demo, generate, eval, bench, deid, signals, train).
 */
public final class VigilTools {

    private VigilTools() {
    }

    public static CommandLine commandLine() {
        CommandLine vigil = VigilCommand.commandLine();
        for (Object tool : new Object[] {new DemoCommand(), new DeidCommand(), new SignalsCommand(), new TrainCommand(),
                new EvalCommand(), new GenerateCommand(), new BenchCommand()}) {
            vigil.addSubcommand(tool);
        }
        // `vigil run registry`: the registry is embedded code, so only the checkout's vigil can run it.
        vigil.getSubcommands().get("run").addSubcommand(new RunRegistryCommand());
        return vigil;
    }

    public static void main(String[] args) {
        System.exit(VigilCommand.execute(commandLine(), args));
    }
}
