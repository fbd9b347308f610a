package org.vigil.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Prepares a Kafka cluster for Vigil, as its administrator: the catalogue's topics and the per-stage ACLs. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Creates the pipeline's topics (topic.partitions, topic.replication.factor, "
                + "topic.min.insync.replicas) and, unless --no-acls, the ACLs that give each stage its own principal "
                + "(User:vigil-ingest, vigil-deidentify, vigil-inference, vigil-sink, vigil-registry) with only the "
                + "topics it needs. Run it with administrator credentials (kafka.sasl.jaas.config). Idempotent."})
public final class SetupCommand implements Callable<Integer> {

    @Option(names = "--config", description = "Properties file with the cluster settings.")
    Optional<Path> configFile;

    @Option(names = "--set", description = "A setting, name=value; repeatable.")
    Map<String, String> overrides = Map.of();

    @Option(names = "--no-acls", description = "Create the topics only (for a cluster without an authorizer).")
    boolean noAcls;

    @Override
    public Integer call() throws Exception {
        VigilConfig config = new VigilConfig(VigilConfig.common(), ConfigSource.load(configFile, System.getenv(), overrides));
        try (Admin admin = Admin.create(ClientSettings.admin(config))) {
            Topics.create(admin, config.getShort(VigilConfig.TOPIC_REPLICATION_FACTOR),
                    config.getInt(VigilConfig.TOPIC_PARTITIONS),
                    Map.of("min.insync.replicas", String.valueOf(config.getInt(VigilConfig.TOPIC_MIN_INSYNC_REPLICAS))));
            System.out.printf("Topics ready: %d%n", Topics.ALL.size());
            if (!noAcls) {
                admin.createAcls(StageAccess.bindings()).all().get();
                System.out.printf("ACLs applied: %d bindings%n", StageAccess.bindings().size());
            }
        }
        return 0;
    }
}
