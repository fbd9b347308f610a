package org.vigil.deidentify.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.DeidentifiedNote;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage on a real embedded broker with exactly_once_v2, then restarted with the same key. */
class DeidentifyStageIT {

    @TempDir
    Path dir;

    @Test
    void deidentifiesAndQuarantinesOnARealBrokerAndGivesTheSameOutputAfterARestart() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
             SchemaRegistryServer registryServer = SchemaRegistryServer.inMemory()) {
            registryServer.start();
            Path key = dir.resolve("deid.key");
            Files.writeString(key, Base64.getEncoder().encodeToString("an integration-test key, 32 bytes".getBytes(StandardCharsets.US_ASCII)));
            Map<String, Object> values = new HashMap<>();
            values.put("bootstrap.servers", broker.bootstrapServers());
            values.put("schema.registry.url", registryServer.url().toString());
            values.put("data.dir", dir.resolve("data").toString());
            values.put("deid.key.file", key.toString());
            VigilConfig config = new VigilConfig(DeidentifyStage.definition(), values);
            try (Admin admin = Admin.create(ClientSettings.admin(config))) {
                Topics.create(admin, (short) 1, 1, Map.of());
            }
            SchemaRegistryClient registry = new SchemaRegistryClient(registryServer.url());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    ClientSettings.producer(config, "it-producer"), new StringSerializer(), new ByteArraySerializer())) {
                var serializer = Topics.NOTES_RAW.valueSerde(registry).serializer();
                producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), "ehr|n-1", serializer.serialize(
                        Topics.NOTES_RAW.name(), DeidentifyTopologyTest.rawNote("ehr|n-1", "p1", DeidentifyTopologyTest.NOTE))));
                producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), "ehr|n-2", "not avro".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(Topics.NOTES_RAW.name(), "ehr|n-3", serializer.serialize(
                        Topics.NOTES_RAW.name(), DeidentifyTopologyTest.rawNote("ehr|n-3", "p1", "Denies SI."))));
                producer.flush();
            }

            List<DeidentifiedNote> first = run(config, registry, 2);

            values.put("deid.application.id", "vigil-deidentify-rerun");
            List<DeidentifiedNote> again = run(new VigilConfig(DeidentifyStage.definition(), values), registry, 4);
            assertThat(again.subList(2, 4)).extracting(DeidentifiedNote::getText)
                    .containsExactlyElementsOf(first.stream().map(DeidentifiedNote::getText).toList());
            assertThat(again.subList(2, 4)).extracting(DeidentifiedNote::getNoteId)
                    .containsExactlyElementsOf(first.stream().map(DeidentifiedNote::getNoteId).toList());
            assertThat(first.get(0).getText()).doesNotContain("OKAFOR", "JENNIFER", "Quaxley", "0048213");

            List<DeadLetter> dead = read(config, registry, Topics.NOTES_QUARANTINE.name(), 2, DeadLetter.class);
            assertThat(dead).extracting(DeadLetter::getReasonCode).containsExactly("UNDESERIALIZABLE", "UNDESERIALIZABLE");
        }
    }

    /** Runs the stage until {@code expected} de-identified notes are on the topic, then stops it. */
    private List<DeidentifiedNote> run(VigilConfig config, SchemaRegistryClient registry, int expected) throws Exception {
        DeidentifyStage stage = new DeidentifyStage(config, new SimpleMeterRegistry());
        stage.start();
        try {
            assertThat(stage.healthy()).isTrue();
            return read(config, registry, Topics.NOTES_DEIDENTIFIED.name(), expected, DeidentifiedNote.class);
        } finally {
            stage.close();
        }
    }

    private static <T> List<T> read(VigilConfig config, SchemaRegistryClient registry, String topic, int expected, Class<T> type) {
        List<T> values = new ArrayList<>();
        Map<String, Object> props = ClientSettings.consumer(config, "it-reader-" + System.nanoTime());
        var deserializer = topic.equals(Topics.NOTES_QUARANTINE.name())
                ? Topics.NOTES_QUARANTINE.valueSerde(registry).deserializer()
                : Topics.NOTES_DEIDENTIFIED.valueSerde(registry).deserializer();
        try (KafkaConsumer<String, ?> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ?> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(type.cast(r.value()));
                }
            }
        }
        assertThat(values).hasSize(expected);
        return values;
    }
}
