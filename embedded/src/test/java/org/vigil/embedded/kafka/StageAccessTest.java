package org.vigil.embedded.kafka;

import org.vigil.runtime.kafka.StageAccess;
import org.vigil.runtime.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compose cluster's ACLs on a real secured broker: who may touch the raw topic, the one carrying PHI. */
class StageAccessTest {

    @TempDir
    static Path dataDir;

    static EmbeddedKafkaBroker broker;
    static EmbeddedKafkaBroker.ScramUsers users = new EmbeddedKafkaBroker.ScramUsers("admin", Map.of(
            "admin", "admin-secret", StageAccess.INGEST, "i-secret", StageAccess.DEIDENTIFY, "d-secret",
            StageAccess.INFERENCE, "n-secret", StageAccess.SINK, "s-secret"));

    @BeforeAll
    static void startSecuredBrokerWithStageAcls() throws Exception {
        broker = EmbeddedKafkaBroker.startSecured(dataDir, users);
        try (Admin admin = Admin.create(settings("admin"))) {
            Topics.create(admin, (short) 1, 1, Map.of());
            admin.createAcls(StageAccess.bindings()).all().get();
        }
        // ACLs reach the authorizer through the metadata log; give the broker a moment to apply them.
        Thread.sleep(1500);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Map<String, Object> settings(String user) {
        Map<String, Object> s = new HashMap<>(users.clientSettings(user));
        s.put("bootstrap.servers", broker.bootstrapServers());
        return s;
    }

    @Test
    void ingestWritesTheRawTopicAndDeidentifyReadsIt() throws Exception {
        try (var producer = producer(StageAccess.INGEST)) {
            producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), "k", "v")).get();
        }
        try (var consumer = consumer(StageAccess.DEIDENTIFY, StageAccess.DEIDENTIFY + "-test")) {
            consumer.subscribe(List.of(Topics.NOTES_RAW.name()));
            int seen = 0;
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen == 0 && System.currentTimeMillis() < deadline) {
                seen += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(seen).isEqualTo(1);
        }
    }

    @Test
    void sinkAndInferencePrincipalsAreRefusedOnTheRawTopic() {
        for (String principal : List.of(StageAccess.SINK, StageAccess.INFERENCE)) {
            try (var consumer = consumer(principal, principal + "-raw")) {
                consumer.subscribe(List.of(Topics.NOTES_RAW.name()));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                        .as("%s reading raw", principal)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
            try (var producer = producer(principal)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), "k", "v")).get())
                        .as("%s writing raw", principal)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void deidentifyPrincipalCannotWriteTheRawTopicNorReadAnotherStagesGroup() {
        try (var producer = producer(StageAccess.DEIDENTIFY)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), "k", "v")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (var consumer = consumer(StageAccess.DEIDENTIFY, StageAccess.SINK)) {
            consumer.subscribe(List.of(Topics.NOTES_RAW.name()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> s = settings(user);
        s.put("max.block.ms", 10_000);
        s.put("delivery.timeout.ms", 10_000);
        s.put("request.timeout.ms", 5_000);
        return new KafkaProducer<>(s, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> s = settings(user);
        s.put("group.id", group);
        s.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(s, new StringDeserializer(), new StringDeserializer());
    }
}
