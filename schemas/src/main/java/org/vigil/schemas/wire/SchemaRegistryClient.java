package org.vigil.schemas.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a Confluent-compatible Schema Registry over its REST API, caching what never changes: the id of a
 * schema registered under a subject, and the schema behind an id (ids are global and immutable).
 *
 * <p>Written by hand because Confluent's {@code kafka-schema-registry-client} is not published on Maven Central.
 * Works against the stock Confluent registry and against Vigil's embedded one. Thread-safe. Connection failures
 * and 502/503/504 answers are retried with exponential back-off; registration is safe to retry because the
 * registry answers the same id for the same schema under the same subject.
 */
public final class SchemaRegistryClient {

    /** Content type of Confluent's REST API, version 1. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final HttpClient http;

    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** A client with no authentication, 5 s connect and 30 s request timeouts, and 3 retries. */
    public SchemaRegistryClient(URI baseUrl) {
        this(builder(baseUrl));
    }

    private SchemaRegistryClient(Builder builder) {
        String url = builder.baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = Optional.ofNullable(builder.authorization);
        this.requestTimeout = builder.requestTimeout;
        this.maxRetries = builder.maxRetries;
        this.initialBackoff = builder.initialBackoff;
        this.http = HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Starts a builder for a client with authentication, timeouts or retries other than the defaults. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** The registry's base URL, always ending in a slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it already there) and returns its global id.
     *
     * @throws SchemaRegistryException with status 409 if the subject's compatibility level refuses the schema
     */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "subjects/" + segment(subject) + "/versions", schemaBody(schema),
                "register a schema under subject '" + subject + "'");
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * Returns the schema registered with global id {@code id}.
     *
     * @throws SchemaRegistryException with error code 40403 if no schema has that id
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "schemas/ids/" + id, null, "fetch schema id " + id);
        Schema schema = parse(requiredText(answer, "schema"), "schema id " + id);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /**
     * Whether {@code schema} could be registered under {@code subject} given its compatibility level and latest
     * version. A subject with no versions accepts any schema, so it answers true.
     */
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = call("POST", "compatibility/subjects/" + segment(subject) + "/versions/latest",
                    schemaBody(schema), "check compatibility for subject '" + subject + "'");
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw new SchemaRegistryException(200, -1,
                        "Schema registry answered no is_compatible flag for subject '" + subject + "'");
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException e) {
            // Older Confluent versions answer 40401 rather than true for a subject that has no versions yet.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    /** The registered subjects, in the order the registry lists them. */
    public List<String> subjects() {
        return convert(call("GET", "subjects", null, "list subjects"), new TypeReference<List<String>>() { },
                "subjects");
    }

    /**
     * The versions registered under {@code subject}, ascending.
     *
     * @throws SchemaRegistryException with error code 40401 if the subject does not exist
     */
    public List<Integer> versions(String subject) {
        return convert(call("GET", "subjects/" + segment(subject) + "/versions", null,
                "list versions of subject '" + subject + "'"), new TypeReference<List<Integer>>() { },
                "versions of subject '" + subject + "'");
    }

    /** The compatibility level in force for {@code subject}: its own, or the registry's global default. */
    public String compatibility(String subject) {
        String purpose = "read the compatibility level of subject '" + subject + "'";
        JsonNode answer;
        try {
            answer = call("GET", "config/" + segment(subject) + "?defaultToGlobal=true", null, purpose);
        } catch (SchemaRegistryException e) {
            // Registries older than defaultToGlobal answer "not configured" (40408) or "not found" (40401).
            if (e.errorCode() != SchemaRegistryException.SUBJECT_LEVEL_NOT_CONFIGURED
                    && e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND) {
                throw e;
            }
            answer = call("GET", "config", null, purpose);
        }
        return requiredText(answer, "compatibilityLevel");
    }

    /**
     * Sets the compatibility level of {@code subject}: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,
     * FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE.
     *
     * @throws SchemaRegistryException with error code 42203 if the registry does not know the level
     */
    public void setCompatibility(String subject, String level) {
        call("PUT", "config/" + segment(subject), JSON.createObjectNode().put("compatibility", level).toString(),
                "set the compatibility level of subject '" + subject + "'");
    }

    /**
     * Soft-deletes every version of {@code subject} (their ids stay readable, so data written with them can
     * still be read) and returns the version numbers deleted.
     *
     * @throws SchemaRegistryException with error code 40401 if the subject does not exist, 40404 if it is
     *     already soft-deleted
     */
    public List<Integer> deleteSubject(String subject) {
        return deleteSubject(subject, false);
    }

    /**
     * Deletes every version of {@code subject}: softly, or, when {@code permanent}, for good (ids included,
     * unless another subject uses the same schema). Confluent allows a permanent delete only after a soft one.
     *
     * @throws SchemaRegistryException with error code 40401 if the subject does not exist, 40404 if a soft
     *     delete finds it already soft-deleted, 40405 if a permanent delete finds it not soft-deleted first
     */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Integer> deleted = convert(call("DELETE", "subjects/" + segment(subject) + permanence(permanent),
                null, "delete subject '" + subject + "'"), new TypeReference<List<Integer>>() { },
                "deleted versions of subject '" + subject + "'");
        forget(subject);
        return deleted;
    }

    /**
     * Deletes version {@code version} of {@code subject}: softly (its id stays readable), or, when
     * {@code permanent}, for good once soft-deleted. Returns the version number deleted.
     *
     * @throws SchemaRegistryException with error code 40401 (subject), 40402 (version) if not found, 40406 if a
     *     soft delete finds it already soft-deleted, 40407 if a permanent delete finds it not soft-deleted first
     */
    public int deleteVersion(String subject, int version, boolean permanent) {
        JsonNode answer = call("DELETE", "subjects/" + segment(subject) + "/versions/" + version
                + permanence(permanent), null, "delete version " + version + " of subject '" + subject + "'");
        if (!answer.canConvertToInt()) {
            throw new SchemaRegistryException(200, -1, "Schema registry answered no version number for the"
                    + " deleted version " + version + " of subject '" + subject + "'");
        }
        forget(subject);
        return answer.intValue();
    }

    private static String permanence(boolean permanent) {
        return permanent ? "?permanent=true" : "";
    }

    /**
     * Drops the cached registrations under {@code subject}, so that registering a deleted schema again reaches
     * the registry (which gives it a new version) rather than answering a stale id from the cache.
     */
    private void forget(String subject) {
        idsBySubjectSchema.keySet().removeIf(key -> key.subject().equals(subject));
    }

    private JsonNode call(String method, String path, String body, String purpose) {
        HttpRequest request = request(method, path, body);
        IOException lastFailure = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                sleep(initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                LOG.warn("Schema registry at {} unreachable (attempt {} of {}): {}", baseUrl, attempt + 1,
                        maxRetries + 1, e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while trying to " + purpose, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return readJson(response.body(), purpose);
            }
            if ((status == 502 || status == 503 || status == 504) && attempt < maxRetries) {
                LOG.warn("Schema registry at {} answered HTTP {} (attempt {} of {})", baseUrl, status,
                        attempt + 1, maxRetries + 1);
                continue;
            }
            throw failure(status, response.body(), purpose);
        }
        throw new SchemaRegistryException("Cannot " + purpose + ": schema registry at " + baseUrl
                + " unreachable after " + (maxRetries + 1) + " attempts", lastFailure);
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static SchemaRegistryException failure(int status, String body, String purpose) {
        int errorCode = status;
        String detail = "";
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("error_code")) {
                errorCode = error.get("error_code").asInt(status);
            }
            if (error != null && error.hasNonNull("message")) {
                detail = error.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            detail = "(answer was not JSON)";
        }
        String meaning = switch (errorCode) {
            case SchemaRegistryException.INCOMPATIBLE_SCHEMA -> "schema is incompatible with the subject's "
                    + "earlier versions under its compatibility level";
            case SchemaRegistryException.INVALID_SCHEMA -> "invalid schema";
            case SchemaRegistryException.SUBJECT_NOT_FOUND -> "subject not found";
            case SchemaRegistryException.VERSION_NOT_FOUND -> "version not found";
            case SchemaRegistryException.SCHEMA_NOT_FOUND -> "schema not found";
            case SchemaRegistryException.SUBJECT_SOFT_DELETED -> "subject already soft-deleted (a permanent"
                    + " delete is the next step)";
            case SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED -> "subject must be soft-deleted before a"
                    + " permanent delete";
            case SchemaRegistryException.VERSION_SOFT_DELETED -> "version already soft-deleted (a permanent"
                    + " delete is the next step)";
            case SchemaRegistryException.VERSION_NOT_SOFT_DELETED -> "version must be soft-deleted before a"
                    + " permanent delete";
            case SchemaRegistryException.SUBJECT_LEVEL_NOT_CONFIGURED -> "subject has no compatibility level"
                    + " of its own";
            case SchemaRegistryException.INVALID_VERSION -> "invalid version";
            case SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL -> "invalid compatibility level";
            default -> "request refused";
        };
        return new SchemaRegistryException(status, errorCode, "Cannot " + purpose + ": " + meaning
                + " (HTTP " + status + ", error code " + errorCode + ")" + (detail.isEmpty() ? "" : ": " + detail));
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static JsonNode readJson(String body, String purpose) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Cannot " + purpose + ": schema registry answered malformed JSON", e);
        }
    }

    private static <T> T convert(JsonNode node, TypeReference<T> type, String what) {
        try {
            return JSON.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("Schema registry answered an unexpected shape for " + what, e);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(200, -1, "Schema registry answer lacks integer field '" + field + "'");
        }
        return value.intValue();
    }

    private static String requiredText(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw new SchemaRegistryException(200, -1, "Schema registry answer lacks text field '" + field + "'");
        }
        return value.textValue();
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | NullPointerException e) {
            // Avro 1.12 reports an undefined type name with a NullPointerException.
            throw new SchemaRegistryException("Schema registry returned an unparseable Avro schema for " + what, e);
        }
    }

    /** Percent-encodes a subject as one path segment (URLEncoder encodes for forms, where a space is '+'). */
    private static String segment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while waiting to retry the schema registry", e);
        }
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Settings for a {@link SchemaRegistryClient}; every one has a default. */
    public static final class Builder {
        private final URI baseUrl;
        private String authorization;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(100);

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** Sends {@code Authorization: Bearer <token>}. */
        public Builder bearerToken(String token) {
            this.authorization = "Bearer " + Objects.requireNonNull(token, "token");
            return this;
        }

        /** Sends HTTP Basic credentials, as Confluent's {@code basic.auth.user.info} does. */
        public Builder basicAuth(String user, String password) {
            String pair = Objects.requireNonNull(user, "user") + ":" + Objects.requireNonNull(password, "password");
            this.authorization = "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Retries after a connection failure or a 502/503/504 answer; 0 disables retrying. */
        public Builder retries(int maxRetries, Duration initialBackoff) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        public SchemaRegistryClient build() {
            return new SchemaRegistryClient(this);
        }
    }
}
