package org.vigil.embedded.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state, rebuilt from and kept in step with the schemas log: subjects and their versions, global
 * ids, and compatibility levels. Not thread-safe; the server guards it.
 */
final class SchemaStore {

    /** A version of a subject: its number, the global id of its schema, and the schema. */
    record Version(String subject, int version, int id, Schema schema) {
    }

    private final Map<String, List<Version>> versionsBySubject = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    // Keyed by the parsed schema's canonical JSON text, so that whitespace does not make two ids.
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    void apply(RegistryRecord record) {
        if (record instanceof RegistryRecord.SchemaVersion v) {
            Schema schema = new Schema.Parser().parse(v.schema());
            schemasById.putIfAbsent(v.id(), schema);
            idsBySchemaText.putIfAbsent(schema.toString(), v.id());
            List<Version> versions = versionsBySubject.computeIfAbsent(v.subject(), s -> new ArrayList<>());
            versions.removeIf(existing -> existing.version() == v.version());
            versions.add(new Version(v.subject(), v.version(), v.id(), schema));
            versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
            maxId = Math.max(maxId, v.id());
        } else if (record instanceof RegistryRecord.Config c) {
            c.subject().ifPresentOrElse(
                    subject -> levelsBySubject.put(subject, c.level()), () -> globalLevel = c.level());
        }
    }

    List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    List<Version> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    Optional<Version> version(String subject, int version) {
        return versions(subject).stream().filter(v -> v.version() == version).findFirst();
    }

    Optional<Version> latest(String subject) {
        List<Version> versions = versions(subject);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The version of {@code subject} holding exactly {@code schema}, if registered there. */
    Optional<Version> find(String subject, Schema schema) {
        String text = schema.toString();
        return versions(subject).stream().filter(v -> v.schema().toString().equals(text)).findFirst();
    }

    Optional<Schema> schema(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** The global id {@code schema} has under any subject, or the next free id. */
    int idFor(Schema schema) {
        return idsBySchemaText.getOrDefault(schema.toString(), maxId + 1);
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(levelsBySubject.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return levelsBySubject.getOrDefault(subject, globalLevel);
    }
}
