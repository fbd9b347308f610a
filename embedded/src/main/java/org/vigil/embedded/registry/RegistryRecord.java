package org.vigil.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One fact kept in the {@code _schemas} topic, in the key/value JSON shape Confluent's registry uses there:
 * a schema version of a subject, or a compatibility level (of a subject, or the global one).
 */
sealed interface RegistryRecord {

    ObjectMapper JSON = new ObjectMapper();

    /** The record's key: one per subject version, one per config scope, so compaction keeps the last. */
    String key();

    String value();

    /** A schema registered as {@code version} of {@code subject} with global id {@code id}. */
    record SchemaVersion(String subject, int version, int id, String schema) implements RegistryRecord {
        @Override
        public String key() {
            ObjectNode key = JSON.createObjectNode();
            key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
            return key.toString();
        }

        @Override
        public String value() {
            ObjectNode value = JSON.createObjectNode();
            value.put("subject", subject).put("version", version).put("id", id).put("schema", schema)
                    .put("deleted", false);
            return value.toString();
        }
    }

    /** The compatibility level of {@code subject}, or the global default when the subject is empty. */
    record Config(Optional<String> subject, CompatibilityLevel level) implements RegistryRecord {
        @Override
        public String key() {
            ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
            subject.ifPresentOrElse(s -> key.put("subject", s), () -> key.putNull("subject"));
            return key.put("magic", 0).toString();
        }

        @Override
        public String value() {
            return JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
        }
    }

    /**
     * Reads a record back from the topic; empty for tombstones, deleted versions and key types Vigil does not
     * keep (Confluent also writes NOOP, MODE and DELETE_SUBJECT records).
     */
    static Optional<RegistryRecord> parse(String key, String value) {
        if (key == null || value == null) {
            return Optional.empty();
        }
        try {
            JsonNode k = JSON.readTree(key);
            JsonNode v = JSON.readTree(value);
            String keyType = k.path("keytype").asText("");
            if (keyType.equals("SCHEMA")) {
                if (v.path("deleted").asBoolean(false)) {
                    return Optional.empty();
                }
                return Optional.of(new SchemaVersion(v.get("subject").textValue(), v.get("version").intValue(),
                        v.get("id").intValue(), v.get("schema").textValue()));
            }
            if (keyType.equals("CONFIG")) {
                Optional<String> subject = k.hasNonNull("subject")
                        ? Optional.of(k.get("subject").textValue()) : Optional.empty();
                return CompatibilityLevel.parse(v.path("compatibilityLevel").asText(null))
                        .map(level -> new Config(subject, level));
            }
            return Optional.empty();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("Malformed record in the schemas topic (key type unreadable)", e);
        }
    }
}
