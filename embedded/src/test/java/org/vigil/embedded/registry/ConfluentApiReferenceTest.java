package org.vigil.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry server answering the requests of Confluent's published "Schema Registry API Reference" with the
 * statuses, error codes, content type and bodies it documents, so that tooling written for Confluent's registry
 * works against ours. Requests go over plain HTTP, as curl would send them, not through Vigil's client.
 *
 * <p>Sources, transcribed by hand:
 * <ul>
 *   <li>API reference: https://docs.confluent.io/platform/7.2/schema-registry/develop/api.html (request and
 *       response examples, field lists, error codes 40401/40402/40403/42201/42202/42203, 409, the content type
 *       {@code application/vnd.schemaregistry.v1+json}, BACKWARD as the default level).</li>
 *   <li>Deletion: https://docs.confluent.io/platform/current/schema-registry/schema-deletion-guidelines.html
 *       (soft delete by default; {@code ?permanent=true} only after a soft delete; answers {@code [1]} and
 *       {@code 1}), https://docs.confluent.io/cloud/current/ccloud/delete-subject/ and
 *       https://docs.confluent.io/cloud/current/ccloud/delete-schema-version/ (a soft-deleted version keeps its
 *       id; deleting a subject drops its compatibility level). The codes and messages for deleting in the wrong
 *       order (40404 to 40407) are those of Confluent's {@code Errors} class (confluentinc/schema-registry,
 *       core/src/main/java/io/confluent/kafka/schemaregistry/rest/exceptions/Errors.java).</li>
 * </ul>
 * Where the reference's example disagrees with its own field list (the version example names the subject
 * "name"; the compatibility example quotes "true"), the field list and Confluent's server are followed.
 */
class ConfluentApiReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // The Accept header of every example request in the reference.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";

    // The reference's example schema (its line breaks inside the JSON string are layout, not content).
    private static final String TEST_RECORD = "{\"type\": \"record\", \"name\": \"test\", \"fields\": ["
            + "{\"type\": \"string\", \"name\": \"field1\"}, {\"type\": \"int\", \"name\": \"field2\"}]}";
    private static final String TEST_RECORD_BODY = "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\":"
            + " \\\"test\\\", \\\"fields\\\": [{\\\"type\\\": \\\"string\\\", \\\"name\\\": \\\"field1\\\"},"
            + " {\\\"type\\\": \\\"int\\\", \\\"name\\\": \\\"field2\\\"}]}\"}";
    private static final String STRING_SCHEMA = "{\"type\": \"string\"}";
    private static final String FIELD1_ONLY = "{\"type\": \"record\", \"name\": \"test\", \"fields\": ["
            + "{\"type\": \"string\", \"name\": \"field1\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private SchemaRegistryServer registry;

    @BeforeEach
    void startRegistry() {
        registry = SchemaRegistryServer.inMemory("127.0.0.1", 0);
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registersTheReferenceExampleAndAnswersItsId() throws Exception {
        // POST /subjects/test/versions with the reference's body; answer {"id":1}.
        Reply reply = send("POST", "/subjects/test/versions", TEST_RECORD_BODY);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(reply.body()).isEqualTo(json("{\"id\":1}"));
        // The same schema under another subject keeps its id; its version there is that subject's own.
        assertThat(send("POST", "/subjects/other/versions", TEST_RECORD_BODY).body()).isEqualTo(json("{\"id\":1}"));
        assertThat(send("GET", "/subjects/other/versions", null).body()).isEqualTo(json("[1]"));
    }

    @Test
    void servesASchemaById() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(STRING_SCHEMA));

        // GET /schemas/ids/1 answers {"schema": "{\"type\": \"string\"}"}: compared as Avro, since the
        // registry answers the schema's canonical text.
        Reply reply = send("GET", "/schemas/ids/1", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(reply.body().fieldNames()).toIterable().containsExactly("schema");
        assertThat(avro(reply.body().get("schema").textValue())).isEqualTo(avro(STRING_SCHEMA));
    }

    @Test
    void listsSubjectsAndVersions() throws Exception {
        send("POST", "/subjects/subject1/versions", schemaBody(STRING_SCHEMA));
        send("POST", "/subjects/subject2/versions", schemaBody(STRING_SCHEMA));
        registerFourVersionsOfTest();

        assertThat(send("GET", "/subjects", null).body()).isEqualTo(json("[\"subject1\", \"subject2\", \"test\"]"));
        Reply versions = send("GET", "/subjects/test/versions", null);
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.body()).isEqualTo(json("[1, 2, 3, 4]"));
    }

    @Test
    void servesAVersionByNumberAndLatest() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(STRING_SCHEMA));

        // Field list: subject, id, version, schema (the example's "name" is the subject).
        Reply first = send("GET", "/subjects/test/versions/1", null);
        Reply latest = send("GET", "/subjects/test/versions/latest", null);
        Reply raw = send("GET", "/subjects/test/versions/1/schema", null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().fieldNames()).toIterable().containsExactlyInAnyOrder("subject", "id", "version",
                "schema");
        assertThat(first.body().get("subject").textValue()).isEqualTo("test");
        assertThat(first.body().get("version").intValue()).isEqualTo(1);
        assertThat(first.body().get("id").intValue()).isEqualTo(1);
        assertThat(avro(first.body().get("schema").textValue())).isEqualTo(avro(STRING_SCHEMA));
        assertThat(latest.body()).isEqualTo(first.body());
        // .../schema answers the schema itself, unescaped.
        assertThat(avro(raw.body().toString())).isEqualTo(avro(STRING_SCHEMA));
    }

    @Test
    void looksUpASchemaUnderASubjectAsTheReferenceExampleAnswers() throws Exception {
        // The reference answers {"subject": "test", "id": 1, "version": 3, "schema": ...}: the schema got id 1
        // under another subject first, then became version 3 of "test".
        send("POST", "/subjects/other/versions", TEST_RECORD_BODY);
        send("POST", "/subjects/test/versions", schemaBody(FIELD1_ONLY));
        send("POST", "/subjects/test/versions", schemaBody(withField2Default()));
        send("POST", "/subjects/test/versions", TEST_RECORD_BODY);

        Reply reply = send("POST", "/subjects/test", TEST_RECORD_BODY);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("subject").textValue()).isEqualTo("test");
        assertThat(reply.body().get("id").intValue()).isEqualTo(1);
        assertThat(reply.body().get("version").intValue()).isEqualTo(3);
        assertThat(avro(reply.body().get("schema").textValue())).isEqualTo(avro(TEST_RECORD));
        assertError(send("POST", "/subjects/test", schemaBody(STRING_SCHEMA)), 404, 40403);
        assertError(send("POST", "/subjects/missing", TEST_RECORD_BODY), 404, 40401);
    }

    @Test
    void testsCompatibilityAgainstAVersion() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(FIELD1_ONLY));

        // Under the default BACKWARD, field2 without a default cannot read data written with version 1.
        Reply refused = send("POST", "/compatibility/subjects/test/versions/latest", TEST_RECORD_BODY);
        Reply accepted = send("POST", "/compatibility/subjects/test/versions/1", schemaBody(withField2Default()));

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body().get("is_compatible")).isEqualTo(json("false"));
        assertThat(accepted.body()).isEqualTo(json("{\"is_compatible\": true}"));
        assertError(send("POST", "/compatibility/subjects/test/versions/7", TEST_RECORD_BODY), 404, 40402);
        assertError(send("POST", "/compatibility/subjects/test/versions/abc", TEST_RECORD_BODY), 422, 42202);
    }

    @Test
    void refusesAnIncompatibleSchemaWith409() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(FIELD1_ONLY));

        Reply reply = send("POST", "/subjects/test/versions", TEST_RECORD_BODY);

        assertError(reply, 409, 409);
        assertThat(send("GET", "/subjects/test/versions", null).body()).isEqualTo(json("[1]"));
    }

    @Test
    void keepsBackwardAsDefaultAndUpdatesLevels() throws Exception {
        assertThat(send("GET", "/config", null).body()).isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));

        // PUT /config {"compatibility": "FULL"} answers the same body.
        Reply global = send("PUT", "/config", "{\"compatibility\": \"FULL\"}");
        Reply subject = send("PUT", "/config/test", "{\"compatibility\": \"NONE\"}");

        assertThat(global.status()).isEqualTo(200);
        assertThat(global.body()).isEqualTo(json("{\"compatibility\": \"FULL\"}"));
        assertThat(subject.body()).isEqualTo(json("{\"compatibility\": \"NONE\"}"));
        assertThat(send("GET", "/config", null).body()).isEqualTo(json("{\"compatibilityLevel\": \"FULL\"}"));
        assertThat(send("GET", "/config/test", null).body()).isEqualTo(json("{\"compatibilityLevel\": \"NONE\"}"));
        assertError(send("PUT", "/config", "{\"compatibility\": \"SIDEWAYS\"}"), 422, 42203);
    }

    @Test
    void answersNotFoundErrorsInConfluentsBodies() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(STRING_SCHEMA));

        assertThat(send("GET", "/subjects/missing/versions", null).body())
                .isEqualTo(json("{\"error_code\": 40401, \"message\": \"Subject 'missing' not found.\"}"));
        assertThat(send("GET", "/subjects/test/versions/9", null).body())
                .isEqualTo(json("{\"error_code\": 40402, \"message\": \"Version 9 not found.\"}"));
        assertThat(send("GET", "/schemas/ids/99", null).body())
                .isEqualTo(json("{\"error_code\": 40403, \"message\": \"Schema 99 not found\"}"));
        assertError(send("GET", "/subjects/missing/versions", null), 404, 40401);
        assertError(send("GET", "/subjects/test/versions/9", null), 404, 40402);
        assertError(send("GET", "/schemas/ids/99", null), 404, 40403);
        assertError(send("POST", "/subjects/test/versions", "{\"schema\": \"{\\\"type\\\": \\\"strin\\\"}\"}"),
                422, 42201);
    }

    @Test
    void softDeletesASubjectKeepingItsIds() throws Exception {
        int[] ids = registerFourVersionsOfTest();

        // DELETE /subjects/test answers the versions deleted.
        Reply deleted = send("DELETE", "/subjects/test", null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(deleted.body()).isEqualTo(json("[1, 2, 3, 4]"));
        assertThat(send("GET", "/subjects", null).body()).isEqualTo(json("[]"));
        assertThat(send("GET", "/subjects?deleted=true", null).body()).isEqualTo(json("[\"test\"]"));
        assertError(send("GET", "/subjects/test/versions", null), 404, 40401);
        assertError(send("GET", "/subjects/test/versions/1", null), 404, 40401);
        assertThat(send("GET", "/subjects/test/versions?deleted=true", null).body()).isEqualTo(json("[1, 2, 3, 4]"));
        assertThat(send("GET", "/subjects/test/versions/2?deleted=true", null).body().get("id").intValue())
                .isEqualTo(ids[1]);
        // The ids stay readable, so data written with them can still be read.
        for (int id : ids) {
            assertThat(send("GET", "/schemas/ids/" + id, null).status()).isEqualTo(200);
        }
    }

    @Test
    void deletesASubjectPermanentlyOnlyAfterASoftDelete() throws Exception {
        registerFourVersionsOfTest();

        Reply tooEarly = send("DELETE", "/subjects/test?permanent=true", null);
        send("DELETE", "/subjects/test", null);
        Reply again = send("DELETE", "/subjects/test", null);
        Reply permanent = send("DELETE", "/subjects/test?permanent=true", null);

        assertThat(tooEarly.status()).isEqualTo(404);
        assertThat(tooEarly.body()).isEqualTo(json("{\"error_code\": 40405, \"message\": \"Subject 'test' was not"
                + " deleted first before being permanently deleted\"}"));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).isEqualTo(json("{\"error_code\": 40404, \"message\": \"Subject 'test' was soft"
                + " deleted.Set permanent=true to delete permanently\"}"));
        assertThat(permanent.status()).isEqualTo(200);
        assertThat(permanent.body()).isEqualTo(json("[1, 2, 3, 4]"));
        // A hard delete removes everything, ids included.
        assertThat(send("GET", "/subjects?deleted=true", null).body()).isEqualTo(json("[]"));
        assertError(send("GET", "/schemas/ids/1", null), 404, 40403);
        assertError(send("DELETE", "/subjects/test", null), 404, 40401);
        assertError(send("DELETE", "/subjects/test?permanent=true", null), 404, 40401);
        // Registering again starts the subject afresh at version 1, with a new id.
        assertThat(send("POST", "/subjects/test/versions", schemaBody(FIELD1_ONLY)).body())
                .isEqualTo(json("{\"id\":5}"));
        assertThat(send("GET", "/subjects/test/versions", null).body()).isEqualTo(json("[1]"));
    }

    @Test
    void deletesAVersionSoftlyThenPermanently() throws Exception {
        int[] ids = registerFourVersionsOfTest();

        Reply soft = send("DELETE", "/subjects/test/versions/1", null);
        Reply tooEarly = send("DELETE", "/subjects/test/versions/2?permanent=true", null);
        Reply again = send("DELETE", "/subjects/test/versions/1", null);
        Reply permanent = send("DELETE", "/subjects/test/versions/1?permanent=true", null);
        Reply latest = send("DELETE", "/subjects/test/versions/latest", null);

        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.body()).isEqualTo(json("1"));
        assertThat(tooEarly.status()).isEqualTo(404);
        assertThat(tooEarly.body()).isEqualTo(json("{\"error_code\": 40407, \"message\": \"Subject 'test' Version 2"
                + " was not deleted first before being permanently deleted\"}"));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).isEqualTo(json("{\"error_code\": 40406, \"message\": \"Subject 'test' Version 1"
                + " was soft deleted.Set permanent=true to delete permanently\"}"));
        assertThat(permanent.body()).isEqualTo(json("1"));
        assertThat(latest.body()).isEqualTo(json("4"));
        assertThat(send("GET", "/subjects/test/versions", null).body()).isEqualTo(json("[2, 3]"));
        assertThat(send("GET", "/subjects/test/versions?deleted=true", null).body()).isEqualTo(json("[2, 3, 4]"));
        assertError(send("GET", "/subjects/test/versions/4", null), 404, 40402);
        assertError(send("GET", "/schemas/ids/" + ids[0], null), 404, 40403);
        assertThat(send("GET", "/schemas/ids/" + ids[3], null).status()).isEqualTo(200);
        assertError(send("DELETE", "/subjects/test/versions/9", null), 404, 40402);
        assertError(send("DELETE", "/subjects/test/versions/abc", null), 422, 42202);
        assertError(send("DELETE", "/subjects/missing/versions/1", null), 404, 40401);
    }

    @Test
    void reRegistersASoftDeletedSchemaAsANewVersionWithItsId() throws Exception {
        int[] ids = registerFourVersionsOfTest();
        send("DELETE", "/subjects/test/versions/4", null);

        Reply reply = send("POST", "/subjects/test/versions", schemaBody(fourFields()));

        assertThat(reply.body()).isEqualTo(json("{\"id\": " + ids[3] + "}"));
        // Soft-deleted numbers are not handed out again.
        assertThat(send("GET", "/subjects/test/versions", null).body()).isEqualTo(json("[1, 2, 3, 5]"));
    }

    @Test
    void leavesSoftDeletedVersionsOutOfCompatibilityChecks() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(FIELD1_ONLY));
        send("POST", "/subjects/test/versions", schemaBody(withField2Default()));
        // The reference's schema reads data of version 2 (which writes field2) but not of version 1.
        send("PUT", "/config/test", "{\"compatibility\": \"BACKWARD_TRANSITIVE\"}");
        assertError(send("POST", "/subjects/test/versions", TEST_RECORD_BODY), 409, 409);

        send("DELETE", "/subjects/test/versions/1", null);

        assertThat(send("POST", "/subjects/test/versions", TEST_RECORD_BODY).status()).isEqualTo(200);
        assertThat(send("GET", "/subjects/test/versions", null).body()).isEqualTo(json("[2, 3]"));
    }

    @Test
    void dropsTheSubjectsLevelWithTheSubject() throws Exception {
        send("POST", "/subjects/test/versions", schemaBody(FIELD1_ONLY));
        send("PUT", "/config/test", "{\"compatibility\": \"NONE\"}");

        send("DELETE", "/subjects/test", null);

        assertError(send("GET", "/config/test", null), 404, 40408);
        assertThat(send("GET", "/config/test?defaultToGlobal=true", null).body())
                .isEqualTo(json("{\"compatibilityLevel\": \"BACKWARD\"}"));
    }

    /** Registers four BACKWARD-compatible versions of "test" (each adds a field with a default); their ids. */
    private int[] registerFourVersionsOfTest() throws Exception {
        String[] schemas = {FIELD1_ONLY, withField2Default(), threeFields(), fourFields()};
        int[] ids = new int[schemas.length];
        for (int i = 0; i < schemas.length; i++) {
            Reply reply = send("POST", "/subjects/test/versions", schemaBody(schemas[i]));
            assertThat(reply.status()).isEqualTo(200);
            ids[i] = reply.body().get("id").intValue();
        }
        return ids;
    }

    private static String withField2Default() {
        return "{\"type\": \"record\", \"name\": \"test\", \"fields\": [{\"type\": \"string\", \"name\": \"field1\"},"
                + " {\"type\": \"int\", \"name\": \"field2\", \"default\": 0}]}";
    }

    private static String threeFields() {
        return "{\"type\": \"record\", \"name\": \"test\", \"fields\": [{\"type\": \"string\", \"name\": \"field1\"},"
                + " {\"type\": \"int\", \"name\": \"field2\", \"default\": 0},"
                + " {\"type\": \"string\", \"name\": \"field3\", \"default\": \"\"}]}";
    }

    private static String fourFields() {
        return "{\"type\": \"record\", \"name\": \"test\", \"fields\": [{\"type\": \"string\", \"name\": \"field1\"},"
                + " {\"type\": \"int\", \"name\": \"field2\", \"default\": 0},"
                + " {\"type\": \"string\", \"name\": \"field3\", \"default\": \"\"},"
                + " {\"type\": \"long\", \"name\": \"field4\", \"default\": 0}]}";
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).as("HTTP status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(reply.body().get("error_code").intValue()).isEqualTo(errorCode);
        assertThat(reply.body().get("message").isTextual()).isTrue();
    }

    private Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Accept", ACCEPT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                json(response.body()));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    private static Schema avro(String text) {
        return new Schema.Parser().parse(text);
    }

    private record Reply(int status, String contentType, JsonNode body) {
    }
}
