package org.vigil.tools.registry;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Vigil's schema registry as its own process against the cluster, with the same client settings (SASL/SCRAM
 * over TLS) as the stages. It lives in tools, not in the deployed launcher, because the registry server is part of
 * the embedded module, which no production classpath may carry; a hospital runs Confluent's registry instead.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = {"Runs Vigil's schema registry (Confluent's REST API, schemas in the compacted _schemas topic) "
                + "against the Kafka cluster named by its configuration, until SIGTERM or Ctrl-C. For clusters "
                + "where Confluent's registry cannot be had (tests, a checkout).",
                "Settings: --config FILE, then VIGIL_<NAME> environment variables, then --set name=value."})
public final class RunRegistryCommand implements Callable<Integer> {

    public static final String HTTP_HOST = "registry.http.host";
    public static final String HTTP_PORT = "registry.http.port";

    @Option(names = "--config", description = "Properties file with the registry's settings.")
    Optional<Path> configFile;

    @Option(names = "--set", description = "A setting, name=value; repeatable.")
    Map<String, String> overrides = Map.of();

    /** The cluster settings every stage has, plus where the registry answers HTTP. */
    public static ConfigDef definition() {
        return VigilConfig.common()
                .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Address the registry's HTTP API listens on.")
                .define(HTTP_PORT, Type.INT, 8081, Range.between(0, 65535), Importance.MEDIUM,
                        "Port of the registry's HTTP API (8081, as Confluent's).");
    }

    @Override
    public Integer call() throws InterruptedException {
        VigilConfig config = new VigilConfig(definition(), ConfigSource.load(configFile, System.getenv(), overrides));
        CountDownLatch stopped = new CountDownLatch(1);
        try (SchemaRegistryServer registry = new SchemaRegistryServer(ClientSettings.admin(config),
                config.getString(HTTP_HOST), config.getInt(HTTP_PORT),
                config.getShort(VigilConfig.TOPIC_REPLICATION_FACTOR))) {
            registry.start();
            System.out.printf("Schema registry running at %s%n", registry.url());
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "vigil-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
