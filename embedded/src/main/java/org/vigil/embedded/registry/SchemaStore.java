package org.vigil.embedded.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state, rebuilt from and kept in step with the schemas log: subjects and their versions (live
 * and soft-deleted), global ids, and compatibility levels. Not thread-safe; the server guards it.
 *
 * <p>As in Confluent's registry, a soft-deleted version leaves listings, look-ups and compatibility checks but
 * keeps its number (a new registration gets the next one) and its id (data written with it stays readable); a
 * permanently deleted version is gone, and so is its id once no other version uses the schema.
 */
final class SchemaStore {

    /** A version of a subject: its number, the global id of its schema, the schema, and whether soft-deleted. */
    record Version(String subject, int version, int id, Schema schema, boolean deleted) {
    }

    private final Map<String, List<Version>> versionsBySubject = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    // Keyed by the parsed schema's canonical JSON text, so that whitespace does not make two ids.
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    // Never lowered while running, so an id freed by a permanent delete is not handed out again.
    private int maxId;

    void apply(RegistryRecord record) {
        if (record instanceof RegistryRecord.SchemaVersion v) {
            Schema schema = new Schema.Parser().parse(v.schema());
            schemasById.putIfAbsent(v.id(), schema);
            idsBySchemaText.putIfAbsent(schema.toString(), v.id());
            List<Version> versions = versionsBySubject.computeIfAbsent(v.subject(), s -> new ArrayList<>());
            versions.removeIf(existing -> existing.version() == v.version());
            versions.add(new Version(v.subject(), v.version(), v.id(), schema, v.deleted()));
            versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
            maxId = Math.max(maxId, v.id());
        } else if (record instanceof RegistryRecord.SchemaVersionRemoved r) {
            List<Version> versions = versionsBySubject.getOrDefault(r.subject(), new ArrayList<>());
            List<Version> removed = versions.stream().filter(v -> v.version() == r.version()).toList();
            versions.removeAll(removed);
            if (versions.isEmpty()) {
                versionsBySubject.remove(r.subject());
            }
            removed.forEach(v -> forgetIdIfUnused(v.id()));
        } else if (record instanceof RegistryRecord.Config c) {
            c.subject().ifPresentOrElse(
                    subject -> levelsBySubject.put(subject, c.level()), () -> globalLevel = c.level());
        } else if (record instanceof RegistryRecord.ConfigRemoved c) {
            levelsBySubject.remove(c.subject());
        }
    }

    private void forgetIdIfUnused(int id) {
        boolean used = versionsBySubject.values().stream().flatMap(List::stream).anyMatch(v -> v.id() == id);
        if (!used) {
            Schema schema = schemasById.remove(id);
            if (schema != null) {
                idsBySchemaText.remove(schema.toString(), id);
            }
        }
    }

    /** Subjects with a live version, or with any version at all when {@code includeDeleted}. */
    List<String> subjects(boolean includeDeleted) {
        return versionsBySubject.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey).toList();
    }

    /** The live versions of {@code subject}, ascending. */
    List<Version> versions(String subject) {
        return versions(subject, false);
    }

    /** The versions of {@code subject}, ascending; soft-deleted ones too when {@code includeDeleted}. */
    List<Version> versions(String subject, boolean includeDeleted) {
        return versionsBySubject.getOrDefault(subject, List.of()).stream()
                .filter(v -> includeDeleted || !v.deleted()).toList();
    }

    Optional<Version> version(String subject, int version, boolean includeDeleted) {
        return versions(subject, includeDeleted).stream().filter(v -> v.version() == version).findFirst();
    }

    /** The highest live version of {@code subject}. */
    Optional<Version> latest(String subject) {
        List<Version> versions = versions(subject);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The number the next registration under {@code subject} gets: soft-deleted numbers are not reused. */
    int nextVersion(String subject) {
        List<Version> all = versions(subject, true);
        return all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
    }

    /** The version of {@code subject} holding exactly {@code schema}, if registered there. */
    Optional<Version> find(String subject, Schema schema, boolean includeDeleted) {
        String text = schema.toString();
        return versions(subject, includeDeleted).stream().filter(v -> v.schema().toString().equals(text))
                .findFirst();
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
