package org.vigil.launcher;

import org.vigil.ingest.cli.IngestCommand;
import org.vigil.sink.SinkEraseCommand;
import org.vigil.sink.SinkTokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command as deployed: runs one stage against a real cluster, prepares the cluster, checks
 * settings, issues tokens, erases a patient from the sink's store, ingests files and lists the dead letters. The development tools (demo, eval, bench, ...) add themselves to
 * {@link #commandLine()} from the tools module, which the production image does not carry.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Clinical notes to mental-health risk signals, over Apache Kafka.",
        subcommands = {RunCommand.class, SetupCommand.class, IngestCommand.class, SinkTokenCommand.class,
                SinkEraseCommand.class, DeadLettersCommand.class, ConfigCommand.class})
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
        System.exit(execute(commandLine(), args));
    }

    /** Runs {@code vigil} with {@code args} and returns its exit code. */
    public static int execute(CommandLine vigil, String[] args) {
        // The JDK's HTTP server (ingest, metrics, registry) reads this once: without it each answer waits ~40 ms
        // for Nagle's algorithm.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return vigil.execute(args);
    }
}
