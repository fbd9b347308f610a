package org.vigil.ingest.folder;

import java.util.Map;
import java.util.Set;

/**
 * The metadata of one note file from its sidecar or the folder manifest, by field name: sourceNoteId,
 * patientId, encounterId, noteType, authorRole, authoredAt, sex, birthDate, sourceSystem. Absent fields read
 * as empty.
 */
public record NoteMetadata(Map<String, String> fields) {

    public static final Set<String> FIELDS = Set.of("sourceNoteId", "patientId", "encounterId", "noteType",
            "authorRole", "authoredAt", "sex", "birthDate", "sourceSystem");

    public static final NoteMetadata NONE = new NoteMetadata(Map.of());

    public NoteMetadata {
        fields = Map.copyOf(fields);
    }

    public String get(String field) {
        return fields.getOrDefault(field, "");
    }
}
