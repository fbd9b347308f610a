package org.vigil.tools.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three KRaft nodes, each a separate JVM running Kafka's own {@code kafka.Kafka} with combined broker and
 * controller roles, secured as deploy/kafka/start-broker.sh secures the compose cluster: clients and brokers speak
 * SASL/SCRAM-SHA-512 over TLS, controllers mutual TLS, the StandardAuthorizer denies what no ACL allows, and the
 * admin and each stage's principal are SCRAM users written when the storage is formatted.
 */
final class KafkaNodes implements AutoCloseable {

    static final String ADMIN = "admin";
    static final List<String> USERS = List.of(ADMIN, StageAccess.INGEST, StageAccess.DEIDENTIFY,
            StageAccess.INFERENCE, StageAccess.SINK, StageAccess.REGISTRY);

    private final Path dir;
    private final TlsMaterial tls;
    private final Map<String, String> passwords = new HashMap<>();
    private final int[] clientPorts = new int[3];
    private final int[] controllerPorts = new int[3];
    private final List<VigilProcess> nodes = new ArrayList<>();
    private Admin admin;

    private KafkaNodes(Path dir) throws Exception {
        this.dir = dir;
        this.tls = TlsMaterial.generate(dir.resolve("certs"));
        for (String user : USERS) {
            passwords.put(user, Uuid.randomUuid().toString().replace("-", ""));
        }
        for (int i = 0; i < 3; i++) {
            clientPorts[i] = freePort();
            controllerPorts[i] = freePort();
        }
    }

    /** Formats three nodes' storage, starts them, and waits until all three brokers are registered. */
    static KafkaNodes start(Path dir) throws Exception {
        KafkaNodes cluster = new KafkaNodes(dir);
        String clusterId = Uuid.randomUuid().toString();
        for (int node = 1; node <= 3; node++) {
            Path properties = cluster.writeProperties(node);
            List<String> format = new ArrayList<>(List.of("format", "--config", properties.toString(),
                    "--cluster-id", clusterId, "--ignore-formatted"));
            for (String user : USERS) {
                format.add("--add-scram");
                format.add("SCRAM-SHA-512=[name=" + user + ",password=" + cluster.passwords.get(user) + "]");
            }
            VigilProcess formatter = VigilProcess.java("format-" + node, "256m", "kafka.tools.StorageTool", format,
                    Map.of(), dir.resolve("logs"));
            int exit = formatter.start().await(120);
            if (exit != 0) {
                throw new IllegalStateException("Formatting node " + node + " failed:\n" + formatter.logText());
            }
            cluster.nodes.add(VigilProcess.java("kafka-" + node, "512m", "kafka.Kafka", List.of(properties.toString()),
                    Map.of(), dir.resolve("logs")));
        }
        cluster.nodes.forEach(VigilProcess::start);
        cluster.awaitBrokers(3, Duration.ofMinutes(3));
        return cluster;
    }

    private Path writeProperties(int node) throws IOException {
        String voters = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i]).collect(Collectors.joining(","));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "SASL_SSL://localhost:" + clientPorts[node - 1] + ",CONTROLLER://localhost:" + controllerPorts[node - 1]);
        p.put("advertised.listeners", "SASL_SSL://localhost:" + clientPorts[node - 1]);
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", tls.keystore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.put("ssl.principal.mapping.rules", "RULE:^CN=([a-zA-Z0-9.-]*).*$/$1/L,DEFAULT");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN + ";User:" + TlsMaterial.NODE_CN);
        p.put("log.dirs", dir.resolve("kafka-" + node).toString());
        p.put("num.partitions", "6");
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("auto.create.topics.enable", "false");
        p.put("unclean.leader.election.enable", "false");
        // Shortened for a two-core test machine: fewer internal partitions, no wait before the first rebalance.
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("group.initial.rebalance.delay.ms", "0");
        Path file = dir.resolve("kafka-" + node + ".properties");
        Files.createDirectories(dir);
        Files.writeString(file, p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    String bootstrapServers() {
        return java.util.Arrays.stream(clientPorts).mapToObj(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + passwords.get(user) + "\";";
    }

    /** Kafka client settings of {@code user}: SASL/SCRAM-SHA-512 over TLS, trusting the cluster's certificate. */
    Map<String, Object> clientSettings(String user) {
        Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", bootstrapServers());
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", "SCRAM-SHA-512");
        s.put("sasl.jaas.config", jaas(user));
        s.put("ssl.truststore.type", "PKCS12");
        s.put("ssl.truststore.location", tls.truststore().toString());
        s.put("ssl.truststore.password", tls.password());
        return s;
    }

    /** The same settings as Vigil's {@code --set kafka.<name>=value} arguments, with the cluster's address. */
    List<String> vigilSettings(String user) {
        List<String> args = new ArrayList<>(List.of("--set", "bootstrap.servers=" + bootstrapServers()));
        clientSettings(user).forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                args.add("--set");
                args.add("kafka." + k + "=" + v);
            }
        });
        return args;
    }

    VigilProcess node(int id) {
        return nodes.get(id - 1);
    }

    /** The node leading {@code partition} of {@code topic}. */
    int leaderOf(String topic, int partition) throws Exception {
        return leaders(topic).get(partition);
    }

    /** Partition to the id of the node leading it (-1 while none does). */
    Map<Integer, Integer> leaders(String topic) throws Exception {
        Map<Integer, Integer> leaders = new java.util.TreeMap<>();
        for (TopicPartitionInfo p : admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions()) {
            leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id());
        }
        return leaders;
    }

    /**
     * Waits until every partition of every topic, the internal ones included (consumer offsets, transaction state),
     * has its full replica set in sync: after a node restarts, the next one may go down only then.
     */
    void awaitFullIsr(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var names = admin().listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(30, TimeUnit.SECONDS);
            boolean inSync = admin().describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.isr().size() == p.replicas().size());
            if (inSync) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Topics not fully in sync within " + timeout);
    }

    void awaitBrokers(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(clientSettings(ADMIN))) {
                if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= count) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException(count + " brokers not up within " + timeout + "; node 1 log:\n"
                + tail(nodes.get(0).logText()), last);
    }

    /** What the group coordinator says of a consumer group (a Streams application's too). */
    record Group(GroupState state, int members, boolean everyMemberAssigned) {

        /** Stable with {@code expected} members, each owning partitions: a rebalance is over. */
        boolean settledWith(int expected) {
            return state == GroupState.STABLE && members == expected && everyMemberAssigned;
        }
    }

    Group group(String groupId) throws Exception {
        ConsumerGroupDescription d = admin().describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)
                .get(30, TimeUnit.SECONDS);
        return new Group(d.groupState(), d.members().size(),
                d.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty()));
    }

    /**
     * Whether ingest has published at least {@code notes} records and de-identify, inference and the sink have
     * consumed everything committed to their input topics. The last offset of a transactional topic may be a commit
     * marker that a consumer never commits past, hence one offset of slack on the topics the Streams stages write.
     */
    boolean pipelineDrained(long notes) throws Exception {
        record Input(String group, String topic, int slack) {
        }
        List<Input> inputs = List.of(new Input(StageAccess.DEIDENTIFY, Topics.NOTES_RAW.name(), 0),
                new Input(StageAccess.INFERENCE, Topics.NOTES_DEIDENTIFIED.name(), 1),
                new Input(StageAccess.SINK, Topics.RISK_ASSESSMENTS.name(), 1));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin().describeTopics(inputs.stream().map(Input::topic).toList()).allTopicNames().get(30, TimeUnit.SECONDS)
                .forEach((topic, d) -> d.partitions().forEach(p ->
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        long raw = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.NOTES_RAW.name()))
                .mapToLong(Map.Entry::getValue).sum();
        if (raw < notes) {
            return false;
        }
        for (Input input : inputs) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(input.group())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getKey().topic().equals(input.topic()) && end.getValue() > 0
                        && (at == null || at.offset() < end.getValue() - input.slack())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One admin client for the questions asked while a test runs (often, while a rebalance is timed). */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientSettings(ADMIN));
        }
        return admin;
    }

    static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        for (VigilProcess node : nodes) {
            node.close();
        }
    }

    /** A key pair and self-signed certificate every node presents, and the truststore clients use, from keytool. */
    record TlsMaterial(Path keystore, Path truststore, String password) {

        static final String NODE_CN = "kafka-node";

        static TlsMaterial generate(Path dir) throws Exception {
            Files.createDirectories(dir);
            String password = Uuid.randomUuid().toString().replace("-", "");
            Path keystore = dir.resolve("node.p12");
            Path certificate = dir.resolve("node.crt");
            Path truststore = dir.resolve("truststore.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(dir, keytool, "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=" + NODE_CN, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
            run(dir, keytool, "-exportcert", "-rfc", "-alias", "node", "-keystore", keystore.toString(),
                    "-storepass", password, "-file", certificate.toString());
            run(dir, keytool, "-importcert", "-noprompt", "-alias", "node", "-file", certificate.toString(),
                    "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
            return new TlsMaterial(keystore, truststore, password);
        }

        private static void run(Path dir, String... command) throws Exception {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        }
    }
}
