package org.vigil.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.schemas.wire.SchemaRegistryException;

/** The client's REST semantics against the registry server, in memory so each test starts empty. */
class SchemaRegistryClientTest {

    static final Schema V1 = parse("""
            {"type":"record","name":"Probe","namespace":"org.vigil.test","fields":[
              {"name":"noteId","type":"string"}]}""");
    static final Schema V2_WITH_DEFAULT = parse("""
            {"type":"record","name":"Probe","namespace":"org.vigil.test","fields":[
              {"name":"noteId","type":"string"},{"name":"score","type":"double","default":0.0}]}""");
    static final Schema V2_WITHOUT_DEFAULT = parse("""
            {"type":"record","name":"Probe","namespace":"org.vigil.test","fields":[
              {"name":"noteId","type":"string"},{"name":"severity","type":"int"}]}""");

    private SchemaRegistryServer registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void startRegistry() {
        registry = SchemaRegistryServer.inMemory("127.0.0.1", 0);
        registry.start();
        client = new SchemaRegistryClient(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void givesSameIdToSameSchemaUnderAnySubject() {
        int first = client.register("a-value", V1);
        SchemaRegistryClient uncached = new SchemaRegistryClient(registry.url());

        assertThat(first).isEqualTo(1);
        assertThat(uncached.register("a-value", V1)).isEqualTo(1);
        assertThat(uncached.register("b-value", V1)).isEqualTo(1);
        assertThat(uncached.register("b-value", V2_WITH_DEFAULT)).isEqualTo(2);
        assertThat(uncached.subjects()).containsExactly("a-value", "b-value");
        assertThat(uncached.versions("a-value")).containsExactly(1);
        assertThat(uncached.versions("b-value")).containsExactly(1, 2);
        assertThat(uncached.schemaById(2)).isEqualTo(V2_WITH_DEFAULT);
    }

    @Test
    void givesOneIdToConcurrentRegistrationsOfOneSchema() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                SchemaRegistryClient own = new SchemaRegistryClient(registry.url());
                String subject = "s" + (i % 4) + "-value";
                ids.add(threads.submit(() -> own.register(subject, V1)));
            }
            for (Future<Integer> id : ids) {
                assertThat(id.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(client.subjects()).containsExactly("s0-value", "s1-value", "s2-value", "s3-value");
        assertThat(client.versions("s3-value")).containsExactly(1);
    }

    @Test
    void refusesFieldWithoutDefaultUnderBackward() {
        client.register("notes.raw-value", V1);

        assertThat(client.isCompatible("notes.raw-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> client.register("notes.raw-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Cannot register a schema under subject 'notes.raw-value':"
                            + " schema is incompatible with the subject's earlier versions under its compatibility"
                            + " level (HTTP 409, error code 409): Schema being registered is incompatible with an"
                            + " earlier schema for subject \"notes.raw-value\" under compatibility level BACKWARD,"
                            + " details: [READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1: severity]");
                });
        assertThat(client.versions("notes.raw-value")).containsExactly(1);
    }

    @Test
    void acceptsAnyChangeUnderNone() {
        client.register("notes.raw-value", V1);
        client.setCompatibility("notes.raw-value", "NONE");

        assertThat(client.compatibility("notes.raw-value")).isEqualTo("NONE");
        assertThat(client.compatibility("other-value")).isEqualTo("BACKWARD");
        assertThat(client.register("notes.raw-value", V2_WITHOUT_DEFAULT)).isEqualTo(2);
    }

    @Test
    void forwardRefusesRemovingFieldWithoutDefault() {
        client.setCompatibility("s-value", "forward");
        client.register("s-value", V2_WITHOUT_DEFAULT);

        // Consumers on the old schema need "severity", which data written with V1 lacks.
        assertThat(client.isCompatible("s-value", V1)).isFalse();
        assertThat(client.isCompatible("s-value", V2_WITHOUT_DEFAULT)).isTrue();
    }

    @Test
    void fullTransitiveChecksEveryEarlierVersion() {
        client.setCompatibility("s-value", "NONE");
        client.register("s-value", V2_WITHOUT_DEFAULT);
        client.register("s-value", V1);
        client.setCompatibility("s-value", "FULL_TRANSITIVE");

        // Full with the latest (V1) but not with version 1, which has a required field V2_WITH_DEFAULT lacks.
        assertThat(client.isCompatible("s-value", V2_WITH_DEFAULT)).isFalse();
        client.setCompatibility("s-value", "FULL");
        assertThat(client.isCompatible("s-value", V2_WITH_DEFAULT)).isTrue();
    }

    @Test
    void answersCompatibleForSubjectWithoutVersions() {
        assertThat(client.isCompatible("fresh-value", V1)).isTrue();
    }

    @Test
    void reportsConfluentErrorCodes() {
        assertThatThrownBy(() -> client.versions("missing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                });
        assertThatThrownBy(() -> client.schemaById(77))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.setCompatibility("x-value", "SIDEWAYS"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
                });
    }

    @Test
    void refusesInvalidSchemaWith42201() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/x-value/versions"))
                        .header("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"recrd\\\"}\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).isEqualTo(
                "{\"error_code\":42201,\"message\":\"Invalid schema: it refers to an undefined type name\"}");
    }

    @Test
    void servesVersionDetailsAsConfluentDoes() throws Exception {
        client.register("a b/c-value", V1);
        client.register("a b/c-value", V2_WITH_DEFAULT);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> latest = http.send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/subjects/a%20b%2Fc-value/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/subjects/a%20b%2Fc-value/versions/3")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(client.subjects()).containsExactly("a b/c-value");
        assertThat(latest.body()).isEqualTo("{\"subject\":\"a b/c-value\",\"version\":2,\"id\":2,\"schema\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(V2_WITH_DEFAULT.toString())
                + "}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error_code\":40402,\"message\":\"Version 3 not found.\"}");
    }

    @Test
    void deletesSubjectSoftlyThenPermanently() {
        client.register("notes.raw-value", V1);
        client.register("notes.raw-value", V2_WITH_DEFAULT);

        assertThatThrownBy(() -> client.deleteSubject("notes.raw-value", true))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED);
                    assertThat(e.getMessage()).isEqualTo("Cannot delete subject 'notes.raw-value': subject must be"
                            + " soft-deleted before a permanent delete (HTTP 404, error code 40405): Subject"
                            + " 'notes.raw-value' was not deleted first before being permanently deleted");
                });
        assertThat(client.deleteSubject("notes.raw-value")).containsExactly(1, 2);
        assertThatThrownBy(() -> client.deleteSubject("notes.raw-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_SOFT_DELETED));
        assertThat(client.subjects()).isEmpty();
        // Soft-deleted ids stay readable by a fresh client (no cache to help it).
        assertThat(new SchemaRegistryClient(registry.url()).schemaById(2)).isEqualTo(V2_WITH_DEFAULT);

        assertThat(client.deleteSubject("notes.raw-value", true)).containsExactly(1, 2);
        assertThatThrownBy(() -> new SchemaRegistryClient(registry.url()).schemaById(2))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.deleteSubject("notes.raw-value", true))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void deletesVersionSoftlyThenPermanently() {
        client.register("notes.raw-value", V1);
        client.register("notes.raw-value", V2_WITH_DEFAULT);

        assertThatThrownBy(() -> client.deleteVersion("notes.raw-value", 2, true))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_SOFT_DELETED);
                    assertThat(e.getMessage()).startsWith("Cannot delete version 2 of subject 'notes.raw-value':"
                            + " version must be soft-deleted before a permanent delete (HTTP 404, error code 40407)");
                });
        assertThat(client.deleteVersion("notes.raw-value", 2, false)).isEqualTo(2);
        assertThatThrownBy(() -> client.deleteVersion("notes.raw-value", 2, false))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_SOFT_DELETED));
        assertThat(client.deleteVersion("notes.raw-value", 2, true)).isEqualTo(2);
        assertThat(client.versions("notes.raw-value")).containsExactly(1);
        assertThatThrownBy(() -> client.deleteVersion("notes.raw-value", 5, false))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
    }

    @Test
    void registersAgainAfterDeleteRatherThanAnsweringFromItsCache() {
        int id = client.register("notes.raw-value", V1);
        client.deleteSubject("notes.raw-value");

        // The registry keeps the id and gives the schema the next version number.
        assertThat(client.register("notes.raw-value", V1)).isEqualTo(id);
        assertThat(client.versions("notes.raw-value")).containsExactly(2);

        client.deleteVersion("notes.raw-value", 2, false);
        assertThat(client.register("notes.raw-value", V1)).isEqualTo(id);
        assertThat(client.versions("notes.raw-value")).containsExactly(3);
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
