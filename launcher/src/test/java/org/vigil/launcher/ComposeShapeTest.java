package org.vigil.launcher;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.StageAccess;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file checked without Docker, against the code it deploys: every {@code VIGIL_*} variable a service
 * sets is a setting its stage defines, each stage logs in as the principal the ACLs were written for, the brokers
 * form a KRaft cluster of three, topics are replicated 3 with two in sync, every file it mounts exists, Prometheus
 * scrapes every stage and the Grafana dashboard only plots metrics the stages register. ComposeIT runs the real
 * thing where a Docker engine is.
 */
class ComposeShapeTest {

    private static final Path ROOT = Path.of("..");
    private static final Map<String, String> PRINCIPALS = Map.of("ingest", StageAccess.INGEST,
            "deidentify", StageAccess.DEIDENTIFY, "inference", StageAccess.INFERENCE, "sink", StageAccess.SINK);
    private static final Pattern JAAS_USER = Pattern.compile("username=\"([^\"]+)\"");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readCompose() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyStageServiceSetsOnlySettingsItsStageDefines() {
        List<String> stageServices = new ArrayList<>();
        services.forEach((name, service) -> {
            if (!(service.get("command") instanceof List<?> command) || command.isEmpty()) {
                return;
            }
            ConfigDef definition;
            if (command.get(0).equals("run")) {
                definition = StageKind.parse((String) command.get(1)).definition();
                stageServices.add(name);
            } else if (command.get(0).equals("setup")) {
                definition = VigilConfig.common();
            } else {
                return;
            }
            for (String variable : environment(service).keySet()) {
                if (!variable.startsWith("VIGIL_")) {
                    continue;
                }
                String setting = variable.substring("VIGIL_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                assertThat(setting.startsWith("kafka.") || definition.names().contains(setting))
                        .as("%s sets %s, which is no setting of its stage", name, variable).isTrue();
            }
        });
        assertThat(stageServices).contains("ingest", "deidentify", "inference", "sink", "inference-gpu");
    }

    @Test
    void eachStageLogsInAsThePrincipalItsAclsNameOverSaslSsl() {
        services.forEach((name, service) -> {
            if (service.get("command") instanceof List<?> command && command.size() == 2 && command.get(0).equals("run")) {
                Map<String, Object> env = environment(service);
                Matcher user = JAAS_USER.matcher(String.valueOf(env.get("VIGIL_KAFKA_SASL_JAAS_CONFIG")));
                assertThat(user.find()).as("%s has SCRAM credentials", name).isTrue();
                String stage = StageKind.parse((String) command.get(1)).cliName();
                assertThat(user.group(1)).as("principal of %s", name).isEqualTo(PRINCIPALS.get(stage));
                assertThat(env).containsEntry("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                        .containsEntry("VIGIL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            }
        });
    }

    @Test
    void theDashboardSpeaksHttpsWithAKeyStoreTheScriptMakesAndIsPublishedOnLoopback() throws IOException {
        Map<String, Object> env = environment(services.get("sink"));
        String keyStore = String.valueOf(env.get("VIGIL_SINK_TLS_KEYSTORE_FILE"));
        assertThat(keyStore).startsWith("/etc/vigil/certs/");
        // generate.sh writes <name>.p12 for each name of its loop; the sink's must be one of them.
        String name = keyStore.substring("/etc/vigil/certs/".length()).replace(".p12", "");
        Matcher loop = Pattern.compile("for broker in ([^;]+);").matcher(Files.readString(ROOT.resolve("deploy/certs/generate.sh")));
        assertThat(loop.find()).isTrue();
        assertThat(loop.group(1).split(" ")).contains(name);
        assertThat(env).containsKey("VIGIL_SINK_TLS_KEYSTORE_PASSWORD");
        assertThat((List<?>) services.get("sink").get("ports")).allSatisfy(port ->
                assertThat(String.valueOf(port)).as("sink port %s", port).startsWith("${SINK_PUBLISH_ADDRESS:-127.0.0.1}:"));
    }

    @Test
    void threeKraftBrokersAndTopicsReplicatedThreeWithTwoInSync() throws IOException {
        Set<String> nodeIds = new HashSet<>();
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            Map<String, Object> service = services.get(broker);
            assertThat((String) service.get("image")).startsWith("apache/kafka:");
            nodeIds.add(String.valueOf(environment(service).get("NODE_ID")));
        }
        assertThat(nodeIds).containsExactlyInAnyOrder("1", "2", "3");
        String startBroker = Files.readString(ROOT.resolve("deploy/kafka/start-broker.sh"));
        assertThat(startBroker).contains("process.roles=broker,controller", "SASL_SSL", "authorizer.class.name");
        Map<String, Object> setup = environment(services.get("setup"));
        assertThat(setup).containsEntry("VIGIL_TOPIC_REPLICATION_FACTOR", "3").containsEntry("VIGIL_TOPIC_MIN_INSYNC_REPLICAS", "2");
        assertThat((String) services.get("schema-registry").get("image")).startsWith("confluentinc/cp-schema-registry:");
    }

    @Test
    void everyMountedFileExistsInTheRepository() {
        services.forEach((name, service) -> {
            if (service.get("volumes") instanceof List<?> volumes) {
                for (Object volume : volumes) {
                    String source = String.valueOf(volume).split(":")[0];
                    // Written by deploy/certs/generate.sh and deploy/triton/prepare-models.sh, not committed.
                    if (source.startsWith("./") && !source.startsWith("./deploy/certs/generated")) {
                        assertThat(ROOT.resolve(source)).as("%s mounts %s", name, source).exists();
                    }
                }
            }
        });
        assertThat(ROOT.resolve("deploy/certs/generate.sh")).isExecutable();
        assertThat(ROOT.resolve("deploy/triton/prepare-models.sh")).isExecutable();
        assertThat(ROOT.resolve("deploy/triton/models/vigil-context-lr/config.pbtxt")).exists();
    }

    @Test
    void prometheusScrapesEveryStageAndTheDashboardPlotsOnlyRegisteredMetrics() throws IOException {
        String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        for (String stage : List.of("ingest", "deidentify", "inference", "sink", "inference-gpu")) {
            assertThat(prometheus).contains(stage);
        }
        assertThat(prometheus).contains("port: " + environment(services.get("ingest")).get("VIGIL_METRICS_PORT"));

        Set<String> registered = registeredMeterNames();
        Matcher metric = Pattern.compile("\\b(vigil_[a-z_]+)").matcher(Files.readString(ROOT.resolve("deploy/grafana/dashboards/vigil.json")));
        int plotted = 0;
        while (metric.find()) {
            String name = metric.group(1).replaceAll("_(total|seconds_count|seconds_sum|seconds_max|seconds)$", "");
            assertThat(registered).as("dashboard plots %s", metric.group(1)).contains(name);
            plotted++;
        }
        assertThat(plotted).isGreaterThan(10);
    }

    @Test
    void metricsAreOpenToTheComposeNetworkForPrometheusButPublishedNowhere() {
        services.forEach((name, service) -> {
            if (service.get("command") instanceof List<?> command && command.size() == 2 && command.get(0).equals("run")) {
                Map<String, Object> env = environment(service);
                // The default, loopback, is unreachable from Prometheus's container.
                assertThat(env).as("%s opens its metrics to the compose network", name).containsEntry("VIGIL_METRICS_HOST", "0.0.0.0");
                String port = String.valueOf(env.get("VIGIL_METRICS_PORT"));
                if (service.get("ports") instanceof List<?> ports) {
                    assertThat(ports).as("%s publishes its metrics port", name)
                            .noneMatch(p -> String.valueOf(p).endsWith(":" + port) || String.valueOf(p).equals(port));
                }
            }
        });
    }

    /** Meter names written in the stages' code ("vigil.sink.notes.written"), as Prometheus spells them. */
    private static Set<String> registeredMeterNames() throws IOException {
        Pattern literal = Pattern.compile("\"(vigil\\.[a-z.]+)\"");
        Set<String> names = new HashSet<>();
        for (String module : List.of("runtime", "ingest", "de-identify", "inference-worker", "sink")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = literal.matcher(Files.readString(file));
                    while (m.find()) {
                        names.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        return env instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
