package org.vigil.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's requests and its reading of answers, checked against Confluent's published examples rather than
 * against Vigil's own registry server (which the embedded module tests with this client): a server that answers
 * each documented request with the documented body, byte for byte, and records what the client sent. Confluent's
 * registry itself is not on Maven Central, so it cannot run here.
 *
 * <p>Sources: https://docs.confluent.io/platform/7.2/schema-registry/develop/api.html (Schema Registry API
 * Reference: example requests and responses), https://docs.confluent.io/platform/current/schema-registry/schema-deletion-guidelines.html
 * (soft and permanent deletes), and the messages of Confluent's {@code Errors} class
 * (confluentinc/schema-registry, core/src/main/java/io/confluent/kafka/schemaregistry/rest/exceptions/Errors.java).
 */
class ConfluentAnswersTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** Documented answers by "METHOD path[?query]": HTTP status and body as printed in the reference. */
    private static final Map<String, Answer> ANSWERS = Map.ofEntries(
            Map.entry("POST /subjects/test/versions", new Answer(200, "{\"id\":1}")),
            Map.entry("GET /schemas/ids/1", new Answer(200, "{\n  \"schema\": \"{\\\"type\\\": \\\"string\\\"}\"\n}")),
            Map.entry("GET /subjects", new Answer(200, "[\"subject1\", \"subject2\"]")),
            Map.entry("GET /subjects/test/versions", new Answer(200, "[\n  1, 2, 3, 4\n]")),
            Map.entry("DELETE /subjects/test", new Answer(200, "[\n  1, 2, 3, 4\n]")),
            Map.entry("DELETE /subjects/test?permanent=true", new Answer(200, "[\n  1, 2, 3, 4\n]")),
            Map.entry("DELETE /subjects/test/versions/1", new Answer(200, "1")),
            Map.entry("DELETE /subjects/test/versions/1?permanent=true", new Answer(200, "1")),
            Map.entry("POST /compatibility/subjects/test/versions/latest",
                    new Answer(200, "{\n  \"is_compatible\": true\n}")),
            Map.entry("DELETE /subjects/live?permanent=true", new Answer(404, "{\"error_code\":40405,\"message\":"
                    + "\"Subject 'live' was not deleted first before being permanently deleted\"}")),
            Map.entry("DELETE /subjects/gone", new Answer(404, "{\"error_code\":40404,\"message\":"
                    + "\"Subject 'gone' was soft deleted.Set permanent=true to delete permanently\"}")),
            Map.entry("DELETE /subjects/live/versions/2?permanent=true", new Answer(404, "{\"error_code\":40407,"
                    + "\"message\":\"Subject 'live' Version 2 was not deleted first before being permanently"
                    + " deleted\"}")),
            Map.entry("DELETE /subjects/gone/versions/2", new Answer(404, "{\"error_code\":40406,\"message\":"
                    + "\"Subject 'gone' Version 2 was soft deleted.Set permanent=true to delete permanently\"}")),
            Map.entry("DELETE /subjects/live/versions/9", new Answer(404,
                    "{\"error_code\":40402,\"message\":\"Version 9 not found.\"}")),
            Map.entry("GET /schemas/ids/99", new Answer(404,
                    "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}")),
            Map.entry("GET /subjects/missing/versions", new Answer(404,
                    "{\"error_code\":40401,\"message\":\"Subject 'missing' not found.\"}")));

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            String request = exchange.getRequestMethod() + " " + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(request + " | " + exchange.getRequestHeaders().getFirst("Content-Type") + " | " + body);
            Answer answer = ANSWERS.getOrDefault(request, new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        client = SchemaRegistryClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .retries(0, Duration.ZERO).build();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void registersWithTheDocumentedRequest() {
        Schema string = Schema.create(Schema.Type.STRING);

        assertThat(client.register("test", string)).isEqualTo(1);
        assertThat(received).containsExactly(
                "POST /subjects/test/versions | " + CONTENT_TYPE + " | {\"schema\":\"\\\"string\\\"\"}");
    }

    @Test
    void readsTheDocumentedAnswers() {
        assertThat(client.schemaById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(client.subjects()).containsExactly("subject1", "subject2");
        assertThat(client.versions("test")).containsExactly(1, 2, 3, 4);
        assertThat(client.isCompatible("test", Schema.create(Schema.Type.STRING))).isTrue();
    }

    @Test
    void deletesWithTheDocumentedRequests() {
        assertThat(client.deleteSubject("test")).containsExactly(1, 2, 3, 4);
        assertThat(client.deleteSubject("test", true)).containsExactly(1, 2, 3, 4);
        assertThat(client.deleteVersion("test", 1, false)).isEqualTo(1);
        assertThat(client.deleteVersion("test", 1, true)).isEqualTo(1);

        assertThat(received).containsExactly(
                "DELETE /subjects/test | null | ",
                "DELETE /subjects/test?permanent=true | null | ",
                "DELETE /subjects/test/versions/1 | null | ",
                "DELETE /subjects/test/versions/1?permanent=true | null | ");
    }

    @Test
    void namesEachDocumentedErrorCode() {
        assertRefused(() -> client.deleteSubject("live", true), 40405,
                "Cannot delete subject 'live': subject must be soft-deleted before a permanent delete (HTTP 404,"
                        + " error code 40405): Subject 'live' was not deleted first before being permanently deleted");
        assertRefused(() -> client.deleteSubject("gone"), 40404,
                "Cannot delete subject 'gone': subject already soft-deleted (a permanent delete is the next step)"
                        + " (HTTP 404, error code 40404): Subject 'gone' was soft deleted.Set permanent=true to"
                        + " delete permanently");
        assertRefused(() -> client.deleteVersion("live", 2, true), 40407,
                "Cannot delete version 2 of subject 'live': version must be soft-deleted before a permanent delete"
                        + " (HTTP 404, error code 40407): Subject 'live' Version 2 was not deleted first before"
                        + " being permanently deleted");
        assertRefused(() -> client.deleteVersion("gone", 2, false), 40406,
                "Cannot delete version 2 of subject 'gone': version already soft-deleted (a permanent delete is"
                        + " the next step) (HTTP 404, error code 40406): Subject 'gone' Version 2 was soft"
                        + " deleted.Set permanent=true to delete permanently");
        assertRefused(() -> client.deleteVersion("live", 9, false), 40402,
                "Cannot delete version 9 of subject 'live': version not found (HTTP 404, error code 40402):"
                        + " Version 9 not found.");
        assertRefused(() -> client.schemaById(99), 40403,
                "Cannot fetch schema id 99: schema not found (HTTP 404, error code 40403): Schema 99 not found");
        assertRefused(() -> client.versions("missing"), 40401,
                "Cannot list versions of subject 'missing': subject not found (HTTP 404, error code 40401):"
                        + " Subject 'missing' not found.");
    }

    private static void assertRefused(Runnable call, int errorCode, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(errorCode);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private record Answer(int status, String body) {
    }
}
