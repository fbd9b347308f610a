package org.vigil.launcher;

import org.vigil.deidentify.DeidCommand;
import org.vigil.inference.cli.SignalsCommand;
import org.vigil.inference.cli.TrainCommand;
import org.vigil.ingest.cli.IngestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command: runs one stage, all of them embedded, or the offline tools. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Clinical notes to mental-health risk signals, over Apache Kafka.",
        subcommands = {DemoCommand.class, RunCommand.class, SetupCommand.class, IngestCommand.class, DeidCommand.class,
                SignalsCommand.class, TrainCommand.class, EvalCommand.class, GenerateCommand.class, BenchCommand.class,
                org.vigil.sink.SinkTokenCommand.class,
                ConfigCommand.class})
public final class VigilCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new VigilCommand());
    }

    public static void main(String[] args) {
        // The JDK's HTTP server (ingest, metrics, registry) reads this once: without it each answer waits ~40 ms
        // for Nagle's algorithm.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(commandLine().execute(args));
    }
}
