package org.vigil.ingest.folder;

import org.vigil.ingest.RecordIdentifier;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata of one note file from its sidecar or the folder manifest: fields by name (sourceNoteId,
 * patientId, encounterId, noteType, authorRole, authoredAt, sex, birthDate, sourceSystem; absent ones read as
 * empty) and the known identifiers it lists.
 */
public record NoteMetadata(Map<String, String> fields, List<RecordIdentifier> identifiers) {

    public static final Set<String> FIELDS = Set.of("sourceNoteId", "patientId", "encounterId", "noteType",
            "authorRole", "authoredAt", "sex", "birthDate", "sourceSystem");

    public static final NoteMetadata NONE = new NoteMetadata(Map.of(), List.of());

    public NoteMetadata {
        fields = Map.copyOf(fields);
        identifiers = List.copyOf(identifiers);
    }

    public String get(String field) {
        return fields.getOrDefault(field, "");
    }
}
