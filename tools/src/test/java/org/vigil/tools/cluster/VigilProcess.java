package org.vigil.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM child process started from the built tools jar and its lib folder, as a deployment starts a service: a
 * Kafka node ({@code kafka.Kafka}) or a {@code vigil} command. It can be killed with SIGKILL and started again with
 * the same command; its output goes to a log file under the test's folder.
 */
final class VigilProcess implements AutoCloseable {

    /** The packaged tools jar; its manifest names every library in target/lib. */
    static final Path TOOLS_JAR = Path.of("target", "vigil-tools.jar").toAbsolutePath();
    static final Path LIB = Path.of("target", "lib").toAbsolutePath();

    /** Every child started, so that a test JVM stopped by Maven or Ctrl-C takes its cluster with it. */
    private static final java.util.Set<Process> CHILDREN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly),
                "vigil-cluster-children"));
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int starts;

    private VigilProcess(String name, List<String> command, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.log = logDir.resolve(name + ".log");
    }

    /** {@code java <jvm options> -cp tools.jar:lib/* mainClass args}. */
    static VigilProcess java(String name, String heap, String mainClass, List<String> args,
                             Map<String, String> environment, Path logDir) {
        if (!Files.isRegularFile(TOOLS_JAR) || !Files.isDirectory(LIB)) {
            throw new IllegalStateException("Build the tools module first (mvn package): " + TOOLS_JAR + " missing");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC",
                "-cp", TOOLS_JAR + java.io.File.pathSeparator + LIB + java.io.File.separator + "*", mainClass));
        command.addAll(args);
        return new VigilProcess(name, List.copyOf(command), Map.copyOf(environment), logDir);
    }

    /** {@code vigil <args>} of the checkout (run, setup, ...). */
    static VigilProcess vigil(String name, List<String> args, Map<String, String> environment, Path logDir) {
        return java(name, "384m", "org.vigil.tools.VigilTools", args, environment, logDir);
    }

    String name() {
        return name;
    }

    VigilProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + (++starts) + " ----\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            CHILDREN.add(process);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die");
        }
    }

    /** CPU time (user and system, every thread) the running process has used since it started. */
    java.time.Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits for a command that ends (setup) and returns its exit code. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + seconds + " s; see " + log);
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    /**
     * SIGTERM, as an orchestrator stops a service, and up to {@code graceSeconds} for its shutdown hooks (a Kafka
     * node's controlled shutdown, a stage's last commit); then SIGKILL. Returns whether it stopped by itself.
     */
    boolean stop(long graceSeconds) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        stop(20);
    }
}
