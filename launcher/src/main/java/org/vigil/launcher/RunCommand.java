package org.vigil.launcher;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.lifecycle.Pipeline;
import org.vigil.runtime.metrics.MetricsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs one stage against external Kafka, schema registry and PostgreSQL, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs one stage (ingest, deidentify, inference or sink) against the Kafka cluster, schema "
                + "registry and PostgreSQL named by its configuration, until SIGTERM or Ctrl-C; then stops gracefully.",
                "Settings: --config FILE, then VIGIL_<NAME> environment variables, then --set name=value. "
                        + "See `vigil config --reference`."})
public final class RunCommand implements Callable<Integer> {

    // Optional to picocli only so that a subcommand (the checkout's `vigil run registry`) parses; call() requires it.
    @Parameters(index = "0", arity = "0..1", description = "Stage: ingest, deidentify, inference or sink.")
    String stage;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "Properties file with the stage's settings.")
    Optional<Path> configFile;

    @Option(names = "--set", description = "A setting, name=value; repeatable.")
    Map<String, String> overrides = Map.of();

    @Override
    public Integer call() throws InterruptedException {
        if (stage == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: '<stage>'");
        }
        StageKind kind = StageKind.parse(stage);
        VigilConfig config = new VigilConfig(kind.definition(), ConfigSource.load(configFile, System.getenv(), overrides));
        PrometheusMeterRegistry meters = MetricsServer.newRegistry();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Pipeline pipeline = new Pipeline()) {
            pipeline.start(kind.create(config, meters));
            try (MetricsServer metrics = MetricsServer.start(meters, config, pipeline::health)) {
                System.out.printf("Stage %s running; metrics at %s%n", kind.cliName(), metrics.url());
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "vigil-shutdown"));
                stopped.await();
            }
        }
        return 0;
    }
}
