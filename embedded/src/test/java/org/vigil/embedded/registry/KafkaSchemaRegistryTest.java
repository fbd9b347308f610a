package org.vigil.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.embedded.registry.SchemaRegistryClientTest.V1;
import static org.vigil.embedded.registry.SchemaRegistryClientTest.V2_WITHOUT_DEFAULT;
import static org.vigil.embedded.registry.SchemaRegistryClientTest.V2_WITH_DEFAULT;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.schemas.wire.SchemaRegistryException;

/** The registry keeping its schemas in a real embedded broker's {@code _schemas} topic, across restarts. */
class KafkaSchemaRegistryTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void keepsIdsVersionsAndLevelsAcrossRestart() throws Exception {
        int v1;
        int v2;
        try (SchemaRegistryServer registry = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0,
                (short) 1)) {
            registry.start();
            SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

            v1 = client.register("notes.raw-value", V1);
            assertThat(client.register("notes.raw-value", V1)).isEqualTo(v1);
            assertThat(client.register("notes.copy-value", V1)).isEqualTo(v1);
            assertThatThrownBy(() -> client.register("notes.raw-value", V2_WITHOUT_DEFAULT))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("subject 'notes.raw-value'")
                                .contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1: severity");
                    });
            v2 = client.register("notes.raw-value", V2_WITH_DEFAULT);
            assertThat(v2).isEqualTo(v1 + 1);
            assertThat(client.versions("notes.raw-value")).containsExactly(1, 2);
            client.setCompatibility("notes.copy-value", "NONE");
        }

        try (SchemaRegistryServer restarted = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0,
                (short) 1)) {
            restarted.start();
            SchemaRegistryClient fresh = new SchemaRegistryClient(restarted.url());

            // Another test in this class keeps its own subjects in the same topic.
            assertThat(fresh.subjects()).filteredOn(s -> s.startsWith("notes."))
                    .containsExactly("notes.copy-value", "notes.raw-value");
            assertThat(fresh.versions("notes.raw-value")).containsExactly(1, 2);
            assertThat(fresh.versions("notes.copy-value")).containsExactly(1);
            assertThat(fresh.schemaById(v1)).isEqualTo(V1);
            assertThat(fresh.schemaById(v2)).isEqualTo(V2_WITH_DEFAULT);
            assertThat(fresh.register("notes.raw-value", V2_WITH_DEFAULT)).isEqualTo(v2);
            assertThat(fresh.compatibility("notes.copy-value")).isEqualTo("NONE");
            assertThat(fresh.compatibility("notes.raw-value")).isEqualTo("BACKWARD");
            // Ids continue after the highest one replayed rather than starting again at 1.
            assertThat(fresh.register("notes.copy-value", V2_WITHOUT_DEFAULT)).isEqualTo(v2 + 1);
        }

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(topic.partitions()).hasSize(1);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void keepsSoftAndPermanentDeletesAcrossRestart() {
        Schema first = SchemaRegistryClientTest.parse("""
                {"type":"record","name":"Erasable","namespace":"org.vigil.test","fields":[
                  {"name":"noteId","type":"string"}]}""");
        Schema second = SchemaRegistryClientTest.parse("""
                {"type":"record","name":"Erasable","namespace":"org.vigil.test","fields":[
                  {"name":"noteId","type":"string"},{"name":"kind","type":"string","default":""}]}""");
        Schema hardOnly = SchemaRegistryClientTest.parse("""
                {"type":"record","name":"Erasable","namespace":"org.vigil.test","fields":[
                  {"name":"noteId","type":"string"},{"name":"mrn","type":"string","default":""}]}""");
        int firstId;
        int secondId;
        int hardOnlyId;
        try (SchemaRegistryServer registry = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0,
                (short) 1)) {
            registry.start();
            SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
            firstId = client.register("erase.soft-value", first);
            secondId = client.register("erase.soft-value", second);
            client.register("erase.hard-value", second);
            hardOnlyId = client.register("erase.hard-value", hardOnly);
            client.setCompatibility("erase.soft-value", "NONE");
            client.setCompatibility("erase.hard-value", "FULL");

            client.deleteVersion("erase.soft-value", 1, false);
            client.deleteSubject("erase.hard-value");
            client.deleteSubject("erase.hard-value", true);
        }

        try (SchemaRegistryServer restarted = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0,
                (short) 1)) {
            restarted.start();
            SchemaRegistryClient fresh = new SchemaRegistryClient(restarted.url());

            assertThat(fresh.subjects()).contains("erase.soft-value").doesNotContain("erase.hard-value");
            assertThat(fresh.versions("erase.soft-value")).containsExactly(2);
            assertThat(fresh.schemaById(firstId)).isEqualTo(first);
            assertThat(fresh.compatibility("erase.soft-value")).isEqualTo("NONE");
            assertThatThrownBy(() -> fresh.deleteVersion("erase.soft-value", 1, false))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(SchemaRegistryException.VERSION_SOFT_DELETED));
            // The tombstones replayed: the subject is gone even as a soft-deleted one, and so is the id only it used.
            assertThatThrownBy(() -> fresh.deleteSubject("erase.hard-value", true))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
            assertThat(fresh.compatibility("erase.hard-value")).isEqualTo("BACKWARD");
            assertThatThrownBy(() -> fresh.schemaById(hardOnlyId))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
            // Soft-deleted numbers stay taken after the restart.
            assertThat(fresh.register("erase.soft-value", first)).isEqualTo(firstId);
            assertThat(fresh.versions("erase.soft-value")).containsExactly(2, 3);
            assertThat(fresh.schemaById(secondId)).isEqualTo(second);
        }
    }
}
