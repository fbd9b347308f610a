package org.vigil.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One fact kept in the {@code _schemas} topic, in the key/value JSON shape Confluent's registry uses there:
 * a schema version of a subject (live or soft-deleted), a compatibility level (of a subject, or the global one),
 * or the tombstone that removes either for good.
 */
sealed interface RegistryRecord {

    ObjectMapper JSON = new ObjectMapper();

    /** The record's key: one per subject version, one per config scope, so compaction keeps the last. */
    String key();

    /** The record's value; empty for a tombstone, which compaction later removes together with its key. */
    Optional<String> value();

    /**
     * A schema registered as {@code version} of {@code subject} with global id {@code id}; {@code deleted} marks
     * a soft-deleted version, which keeps its id readable but leaves the subject's listings and checks.
     */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted)
            implements RegistryRecord {

        SchemaVersion(String subject, int version, int id, String schema) {
            this(subject, version, id, schema, false);
        }

        @Override
        public String key() {
            return schemaKey(subject, version);
        }

        @Override
        public Optional<String> value() {
            ObjectNode value = JSON.createObjectNode();
            value.put("subject", subject).put("version", version).put("id", id).put("schema", schema)
                    .put("deleted", deleted);
            return Optional.of(value.toString());
        }

        /** The same version, soft-deleted. */
        SchemaVersion softDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** A permanently deleted version of {@code subject}: the tombstone of its {@link SchemaVersion}. */
    record SchemaVersionRemoved(String subject, int version) implements RegistryRecord {
        @Override
        public String key() {
            return schemaKey(subject, version);
        }

        @Override
        public Optional<String> value() {
            return Optional.empty();
        }
    }

    /** The compatibility level of {@code subject}, or the global default when the subject is empty. */
    record Config(Optional<String> subject, CompatibilityLevel level) implements RegistryRecord {
        @Override
        public String key() {
            return configKey(subject);
        }

        @Override
        public Optional<String> value() {
            return Optional.of(JSON.createObjectNode().put("compatibilityLevel", level.name()).toString());
        }
    }

    /** The removal of {@code subject}'s own level, after which the global default applies to it again. */
    record ConfigRemoved(String subject) implements RegistryRecord {
        @Override
        public String key() {
            return configKey(Optional.of(subject));
        }

        @Override
        public Optional<String> value() {
            return Optional.empty();
        }
    }

    private static String schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
        return key.toString();
    }

    private static String configKey(Optional<String> subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
        subject.ifPresentOrElse(s -> key.put("subject", s), () -> key.putNull("subject"));
        return key.put("magic", 0).toString();
    }

    /**
     * Reads a record back from the topic; empty for key types Vigil does not keep (Confluent also writes NOOP,
     * MODE and DELETE_SUBJECT records) and for a tombstone of the global level.
     */
    static Optional<RegistryRecord> parse(String key, String value) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            JsonNode k = JSON.readTree(key);
            String keyType = k.path("keytype").asText("");
            if (keyType.equals("SCHEMA")) {
                if (value == null) {
                    return Optional.of(new SchemaVersionRemoved(k.get("subject").textValue(),
                            k.get("version").intValue()));
                }
                JsonNode v = JSON.readTree(value);
                return Optional.of(new SchemaVersion(v.get("subject").textValue(), v.get("version").intValue(),
                        v.get("id").intValue(), v.get("schema").textValue(), v.path("deleted").asBoolean(false)));
            }
            if (keyType.equals("CONFIG")) {
                Optional<String> subject = k.hasNonNull("subject")
                        ? Optional.of(k.get("subject").textValue()) : Optional.empty();
                if (value == null) {
                    return subject.map(ConfigRemoved::new);
                }
                return CompatibilityLevel.parse(JSON.readTree(value).path("compatibilityLevel").asText(null))
                        .map(level -> new Config(subject, level));
            }
            return Optional.empty();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("Malformed record in the schemas topic (key type unreadable)", e);
        }
    }
}
