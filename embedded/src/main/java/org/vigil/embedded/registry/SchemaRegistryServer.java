package org.vigil.embedded.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry speaking the REST API of Confluent's Schema Registry (the subset Vigil's
 * {@code SchemaRegistryClient} and Confluent's own clients use), keeping its schemas in the compacted Kafka
 * topic {@code _schemas} so that ids and versions survive restarts.
 *
 * <p>Written by hand because Confluent's registry is not published on Maven Central. Ids are global: a schema
 * already registered under any subject keeps its id. Compatibility is decided by Avro's
 * {@link org.apache.avro.SchemaCompatibility}; the global default level is BACKWARD. One server is the only
 * writer of its topic (Confluent elects a leader among several; the embedded default runs one). Logs subject
 * names, never schema content.
 *
 * <p>Endpoints: {@code GET /subjects}; {@code POST|GET /subjects/{s}/versions};
 * {@code GET /subjects/{s}/versions/{v|latest}[/schema]}; {@code POST /subjects/{s}} (look up);
 * {@code DELETE /subjects/{s}} and {@code DELETE /subjects/{s}/versions/{v|latest}} (soft, or permanent with
 * {@code ?permanent=true} once soft-deleted); {@code GET /schemas/ids/{id}}; {@code GET /schemas/types};
 * {@code POST /compatibility/subjects/{s}/versions/{v|latest}}; {@code GET|PUT /config[/{s}]}. The listings,
 * version reads and look-ups take Confluent's {@code ?deleted=true} to include soft-deleted versions.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int HTTP_THREADS = 4;
    // Confluent's codes for deleting in the wrong order (its Errors class; all answered with HTTP 404).
    private static final int SUBJECT_SOFT_DELETED = 40404;
    private static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    private static final int VERSION_SOFT_DELETED = 40406;
    private static final int VERSION_NOT_SOFT_DELETED = 40407;

    private final Supplier<SchemaLog> logFactory;
    private final String host;
    private final int requestedPort;
    private final SchemaStore store = new SchemaStore();
    private final Object lock = new Object();

    private SchemaLog log;
    private HttpServer http;
    private ExecutorService executor;

    /**
     * A registry on {@code host:port} (port 0 picks a free one) keeping its schemas in the {@code _schemas}
     * topic of the cluster at {@code bootstrapServers}, created compacted with {@code replicationFactor}
     * replicas if absent.
     */
    public SchemaRegistryServer(String bootstrapServers, String host, int port, short replicationFactor) {
        this(java.util.Map.of("bootstrap.servers", bootstrapServers), host, port, replicationFactor);
    }

    /**
     * A registry as above whose Kafka clients take {@code clientSettings}: {@code bootstrap.servers} plus what a
     * secured cluster asks (security.protocol, sasl.*, ssl.*), as the stages' clients do.
     */
    public SchemaRegistryServer(java.util.Map<String, Object> clientSettings, String host, int port,
                                short replicationFactor) {
        this(() -> new KafkaSchemaLog(clientSettings, replicationFactor), host, port);
    }

    private SchemaRegistryServer(Supplier<SchemaLog> logFactory, String host, int port) {
        this.logFactory = logFactory;
        this.host = host;
        this.requestedPort = port;
    }

    /**
     * A registry that keeps its schemas in memory only and forgets them when closed: the same server and REST
     * API without a broker, for tests (TopologyTestDriver) and tools that need no durability.
     */
    public static SchemaRegistryServer inMemory(String host, int port) {
        return new SchemaRegistryServer(SchemaLog::none, host, port);
    }

    /** An in-memory registry on a free loopback port, started. */
    public static SchemaRegistryServer inMemory() {
        SchemaRegistryServer server = inMemory("127.0.0.1", 0);
        server.start();
        return server;
    }

    /** Reads the schemas topic to its end, then starts answering HTTP requests. */
    public void start() {
        if (http != null) {
            return; // already running, as inMemory() returns it
        }
        log = logFactory.get();
        try {
            synchronized (lock) {
                log.replay(store::apply);
            }
            http = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
        } catch (IOException e) {
            log.close();
            throw new UncheckedIOException("Cannot listen on " + host + ":" + requestedPort, e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        LOG.info("Schema registry listening at {} with {} subjects", url(), store.subjects(false).size());
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public URI url() {
        if (http == null) {
            throw new IllegalStateException("Schema registry not started");
        }
        InetSocketAddress address = http.getAddress();
        InetAddress ip = address.getAddress();
        String shown = ip.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : ip.getHostAddress();
        if (shown.contains(":")) {
            shown = "[" + shown + "]";
        }
        return URI.create("http://" + shown + ":" + address.getPort());
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http = null;
        }
        if (log != null) {
            log.close();
            log = null;
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                        exchange.getRequestURI().getRawQuery(), exchange);
            } catch (RegistryError e) {
                answer = new Answer(e.status, error(e.code, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Schema registry request {} {} failed", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                answer = new Answer(500, error(50001, "Error in the backend data store: " + e.getClass().getSimpleName()));
            }
            send(exchange, answer);
        } catch (IOException e) {
            LOG.warn("Could not answer a schema registry request: {}", e.toString());
        }
    }

    private Answer route(String method, List<String> path, String query, HttpExchange exchange) throws IOException {
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        if (n == 0) {
            return ok(JSON.createObjectNode());
        }
        boolean deleted = flag(query, "deleted");
        if (first.equals("subjects")) {
            if (n == 1 && method.equals("GET")) {
                return ok(JSON.valueToTree(read(() -> store.subjects(deleted))));
            }
            String subject = path.get(1);
            if (n == 2 && method.equals("POST")) {
                return lookUp(subject, schemaFrom(exchange), deleted);
            }
            if (n == 2 && method.equals("DELETE")) {
                return deleteSubject(subject, flag(query, "permanent"));
            }
            if (n == 3 && path.get(2).equals("versions")) {
                if (method.equals("POST")) {
                    return register(subject, schemaFrom(exchange));
                }
                if (method.equals("GET")) {
                    List<SchemaStore.Version> versions = read(() -> store.versions(subject, deleted));
                    if (versions.isEmpty()) {
                        throw subjectNotFound(subject);
                    }
                    return ok(JSON.valueToTree(versions.stream().map(SchemaStore.Version::version).toList()));
                }
            }
            if (n == 4 && path.get(2).equals("versions") && method.equals("DELETE")) {
                return deleteVersion(subject, path.get(3), flag(query, "permanent"));
            }
            if ((n == 4 || n == 5 && path.get(4).equals("schema")) && path.get(2).equals("versions")
                    && method.equals("GET")) {
                SchemaStore.Version version = version(subject, path.get(3), deleted);
                return n == 4 ? ok(describe(version)) : ok(JSON.getNodeFactory().rawValueNode(
                        new com.fasterxml.jackson.databind.util.RawValue(version.schema().toString())));
            }
        }
        if (first.equals("schemas") && method.equals("GET")) {
            if (n == 2 && path.get(1).equals("types")) {
                return ok(JSON.valueToTree(List.of("AVRO")));
            }
            if (n == 3 && path.get(1).equals("ids")) {
                int id = parseInt(path.get(2), 40403, "Schema " + path.get(2) + " not found");
                Schema schema = read(() -> store.schema(id))
                        .orElseThrow(() -> new RegistryError(404, 40403, "Schema " + id + " not found"));
                return ok(JSON.createObjectNode().put("schema", schema.toString()));
            }
        }
        if (first.equals("compatibility") && n == 5 && path.get(1).equals("subjects")
                && path.get(3).equals("versions") && method.equals("POST")) {
            return checkCompatibility(path.get(2), path.get(4), schemaFrom(exchange));
        }
        if (first.equals("config") && n <= 2) {
            Optional<String> subject = n == 2 ? Optional.of(path.get(1)) : Optional.empty();
            if (method.equals("GET")) {
                return readConfig(subject, flag(query, "defaultToGlobal"));
            }
            if (method.equals("PUT")) {
                return writeConfig(subject, body(exchange));
            }
        }
        throw new RegistryError(404, 404, "HTTP " + method + " " + String.join("/", path) + " not found");
    }

    private Answer register(String subject, Schema schema) {
        synchronized (lock) {
            Optional<SchemaStore.Version> existing = store.find(subject, schema, false);
            if (existing.isPresent()) {
                return ok(JSON.createObjectNode().put("id", existing.get().id()));
            }
            CompatibilityLevel level = store.effectiveLevel(subject);
            List<String> problems = level.problems(schema,
                    store.versions(subject).stream().map(SchemaStore.Version::schema).toList());
            if (!problems.isEmpty()) {
                throw incompatible(subject, level, problems);
            }
            int id = store.idFor(schema);
            int version = store.nextVersion(subject);
            RegistryRecord record = new RegistryRecord.SchemaVersion(subject, version, id, schema.toString());
            commit(record);
            LOG.info("Registered schema id {} as version {} of subject {}", id, version, subject);
            return ok(JSON.createObjectNode().put("id", id));
        }
    }

    private Answer lookUp(String subject, Schema schema, boolean includeDeleted) {
        synchronized (lock) {
            if (store.versions(subject, includeDeleted).isEmpty()) {
                throw subjectNotFound(subject);
            }
            return ok(describe(store.find(subject, schema, includeDeleted)
                    .orElseThrow(() -> new RegistryError(404, 40403, "Schema not found under subject '" + subject + "'"))));
        }
    }

    private Answer checkCompatibility(String subject, String versionText, Schema schema) {
        synchronized (lock) {
            CompatibilityLevel level = store.effectiveLevel(subject);
            List<Schema> earlier;
            if (versionText.equals("latest")) {
                // As Confluent: a subject with no versions accepts anything, so the answer is true.
                earlier = store.versions(subject).stream().map(SchemaStore.Version::schema).toList();
            } else {
                earlier = List.of(version(subject, versionText, false).schema());
            }
            List<String> problems = level.problems(schema, earlier);
            ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
            if (!problems.isEmpty()) {
                answer.set("messages", JSON.valueToTree(problems));
            }
            return ok(answer);
        }
    }

    private Answer readConfig(Optional<String> subject, boolean defaultToGlobal) {
        synchronized (lock) {
            if (subject.isEmpty()) {
                return ok(JSON.createObjectNode().put("compatibilityLevel", store.globalLevel().name()));
            }
            Optional<CompatibilityLevel> level = store.subjectLevel(subject.get());
            if (level.isEmpty() && !defaultToGlobal) {
                throw new RegistryError(404, 40408,
                        "Subject '" + subject.get() + "' does not have subject-level compatibility configured");
            }
            return ok(JSON.createObjectNode().put("compatibilityLevel", level.orElse(store.globalLevel()).name()));
        }
    }

    private Answer writeConfig(Optional<String> subject, JsonNode body) {
        String requested = body.path("compatibility").asText(null);
        CompatibilityLevel level = CompatibilityLevel.parse(requested).orElseThrow(() -> new RegistryError(422, 42203,
                "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive,"
                        + " forward_transitive, and full_transitive"));
        synchronized (lock) {
            commit(new RegistryRecord.Config(subject, level));
        }
        LOG.info("Compatibility level of {} set to {}", subject.map(s -> "subject " + s).orElse("the registry"), level);
        return ok(JSON.createObjectNode().put("compatibility", level.name()));
    }

    /**
     * Soft-deletes every live version of {@code subject} and drops its own compatibility level, or, when
     * {@code permanent}, removes the already soft-deleted subject for good; answers the version numbers removed.
     */
    private Answer deleteSubject(String subject, boolean permanent) {
        synchronized (lock) {
            List<SchemaStore.Version> all = store.versions(subject, true);
            if (all.isEmpty()) {
                throw subjectNotFound(subject);
            }
            List<SchemaStore.Version> live = store.versions(subject, false);
            List<SchemaStore.Version> removed;
            if (permanent) {
                if (!live.isEmpty()) {
                    throw new RegistryError(404, SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                            + "' was not deleted first before being permanently deleted");
                }
                all.forEach(v -> commit(new RegistryRecord.SchemaVersionRemoved(subject, v.version())));
                removed = all;
            } else {
                if (live.isEmpty()) {
                    throw new RegistryError(404, SUBJECT_SOFT_DELETED, "Subject '" + subject
                            + "' was soft deleted.Set permanent=true to delete permanently");
                }
                live.forEach(v -> commit(new RegistryRecord.SchemaVersion(subject, v.version(), v.id(),
                        v.schema().toString(), true)));
                // Confluent drops the subject's own level with it, so a re-created subject starts at the default.
                if (store.subjectLevel(subject).isPresent()) {
                    commit(new RegistryRecord.ConfigRemoved(subject));
                }
                removed = live;
            }
            LOG.info("Deleted {} versions of subject {} ({})", removed.size(), subject,
                    permanent ? "permanently" : "soft");
            return ok(JSON.valueToTree(removed.stream().map(SchemaStore.Version::version).toList()));
        }
    }

    /**
     * Soft-deletes one live version of {@code subject} (its id stays readable), or, when {@code permanent},
     * removes an already soft-deleted one for good; answers the version number.
     */
    private Answer deleteVersion(String subject, String versionText, boolean permanent) {
        synchronized (lock) {
            SchemaStore.Version version = version(subject, versionText, true);
            if (permanent && !version.deleted()) {
                throw new RegistryError(404, VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version "
                        + version.version() + " was not deleted first before being permanently deleted");
            }
            if (!permanent && version.deleted()) {
                throw new RegistryError(404, VERSION_SOFT_DELETED, "Subject '" + subject + "' Version "
                        + version.version() + " was soft deleted.Set permanent=true to delete permanently");
            }
            commit(permanent
                    ? new RegistryRecord.SchemaVersionRemoved(subject, version.version())
                    : new RegistryRecord.SchemaVersion(subject, version.version(), version.id(),
                            version.schema().toString(), true));
            LOG.info("Deleted version {} of subject {} ({})", version.version(), subject,
                    permanent ? "permanently" : "soft");
            return ok(JSON.getNodeFactory().numberNode(version.version()));
        }
    }

    /** Appends {@code record} to the log and, once acknowledged, applies it; the caller holds the lock. */
    private void commit(RegistryRecord record) {
        log.append(record);
        store.apply(record);
    }

    /**
     * The version {@code versionText} of {@code subject}: a number, or "latest" (the highest live version).
     * Soft-deleted versions count only when {@code includeDeleted}.
     */
    private SchemaStore.Version version(String subject, String versionText, boolean includeDeleted) {
        synchronized (lock) {
            if (store.versions(subject, includeDeleted).isEmpty()) {
                throw subjectNotFound(subject);
            }
            if (versionText.equals("latest") || versionText.equals("-1")) {
                return store.latest(subject).orElseThrow(() -> new RegistryError(404, 40402,
                        "Version " + versionText + " not found."));
            }
            int number = parseInt(versionText, 42202,
                    "The specified version '" + versionText + "' is not a valid version id");
            if (number < 1) {
                throw new RegistryError(422, 42202,
                        "The specified version '" + versionText + "' is not a valid version id");
            }
            return store.version(subject, number, includeDeleted).orElseThrow(() -> new RegistryError(404, 40402,
                    "Version " + number + " not found."));
        }
    }

    /** Whether the query string sets {@code name=true}, as Confluent's boolean query parameters are given. */
    private static boolean flag(String rawQuery, String name) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1).equalsIgnoreCase("true");
            }
        }
        return false;
    }

    private Schema schemaFrom(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryError(422, 42201, "Invalid schema: only AVRO schemas are supported, not " + type);
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw new RegistryError(422, 42201, "Invalid schema: the request has no \"schema\" text");
        }
        try {
            return new Schema.Parser().parse(text.textValue());
        } catch (AvroRuntimeException e) {
            // The parser's message names the faulty construct; it carries no record data.
            throw new RegistryError(422, 42201, "Invalid schema: " + e.getMessage());
        } catch (NullPointerException e) {
            // Avro 1.12 reports a reference to an undefined type name this way.
            throw new RegistryError(422, 42201, "Invalid schema: it refers to an undefined type name");
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode body = JSON.readTree(in);
            if (body == null || !body.isObject()) {
                throw new RegistryError(400, 400, "Request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, 400, "Request body is not valid JSON");
        }
    }

    private <T> T read(Supplier<T> query) {
        synchronized (lock) {
            return query.get();
        }
    }

    private static ObjectNode describe(SchemaStore.Version version) {
        return JSON.createObjectNode().put("subject", version.subject()).put("version", version.version())
                .put("id", version.id()).put("schema", version.schema().toString());
    }

    private static RegistryError incompatible(String subject, CompatibilityLevel level, List<String> problems) {
        return new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\" under compatibility level " + level + ", details: " + problems);
    }

    private static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static int parseInt(String text, int code, String message) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryError(code == 40403 ? 404 : 422, code, message);
        }
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Splits a raw path into decoded segments; '+' stays '+' because paths are not form-encoded. */
    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : Arrays.asList(rawPath.split("/"))) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Answer(int status, JsonNode body) {
    }

    /** A request the registry refuses, with Confluent's HTTP status and error code. */
    private static final class RegistryError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final int code;

        RegistryError(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
