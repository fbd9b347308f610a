package org.vigil.ingest.csv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which CSV columns fill which note fields. A field may list several columns: note type joins the non-empty
 * ones ("Nursing / Nursing Progress Note"), the others take the first non-empty one (CHARTTIME, else CHARTDATE).
 * Column names match case-insensitively. Built in: MIMIC-III NOTEEVENTS and MIMIC-IV-Note; any other shape by
 * a mapping such as {@code sourceNoteId=id,patientId=mrn,text=body,authoredAt=written|date}.
 */
public record CsvLayout(String name, Map<NoteField, List<String>> columns, Map<String, String> noteTypeNames) {

    /** MIMIC-III NOTEEVENTS: ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT. */
    public static final CsvLayout MIMIC_III = new CsvLayout("mimic-iii", Map.of(
            NoteField.SOURCE_NOTE_ID, List.of("ROW_ID"),
            NoteField.PATIENT_ID, List.of("SUBJECT_ID"),
            NoteField.ENCOUNTER_ID, List.of("HADM_ID"),
            NoteField.NOTE_TYPE, List.of("CATEGORY", "DESCRIPTION"),
            NoteField.AUTHORED_AT, List.of("CHARTTIME", "CHARTDATE"),
            NoteField.IN_ERROR, List.of("ISERROR"),
            NoteField.TEXT, List.of("TEXT")), Map.of());

    /** MIMIC-IV-Note discharge and radiology: note_id,subject_id,hadm_id,note_type,note_seq,charttime,storetime,text. */
    public static final CsvLayout MIMIC_IV = new CsvLayout("mimic-iv", Map.of(
            NoteField.SOURCE_NOTE_ID, List.of("note_id"),
            NoteField.PATIENT_ID, List.of("subject_id"),
            NoteField.ENCOUNTER_ID, List.of("hadm_id"),
            NoteField.NOTE_TYPE, List.of("note_type"),
            NoteField.AUTHORED_AT, List.of("charttime"),
            NoteField.TEXT, List.of("text")),
            // MIMIC-IV-Note codes its note types; spell them out as MIMIC-III did.
            Map.of("DS", "Discharge summary", "AD", "Discharge summary addendum",
                    "RR", "Radiology", "AR", "Radiology addendum"));

    public CsvLayout {
        columns = Map.copyOf(columns);
        noteTypeNames = Map.copyOf(noteTypeNames);
        for (NoteField required : List.of(NoteField.SOURCE_NOTE_ID, NoteField.PATIENT_ID, NoteField.TEXT)) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException("CSV layout " + name + " must map " + required.configName());
            }
        }
    }

    /** The columns mapped to {@code field}, empty when the layout does not map it. */
    public List<String> columnsFor(NoteField field) {
        return columns.getOrDefault(field, List.of());
    }

    /** The full name of a coded note type, or the code itself. */
    public String noteTypeName(String code) {
        return noteTypeNames.getOrDefault(code, code);
    }

    /** Columns this layout needs that {@code header} lacks (optional fields included). */
    public List<String> missingFrom(Collection<String> header) {
        Set<String> present = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        columns.values().forEach(list -> list.stream()
                .filter(c -> !present.contains(c.toLowerCase(Locale.ROOT))).forEach(missing::add));
        return missing;
    }

    /**
     * A layout from a mapping {@code field=COLUMN[|COLUMN...]} separated by commas, e.g.
     * {@code sourceNoteId=id,patientId=mrn,text=body}.
     */
    public static CsvLayout parse(String mapping) {
        Map<NoteField, List<String>> columns = new EnumMap<>(NoteField.class);
        for (String pair : mapping.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("CSV column mapping entry '" + pair.strip() + "' is not field=COLUMN");
            }
            NoteField field = NoteField.ofConfigName(pair.substring(0, eq));
            List<String> cols = List.of(pair.substring(eq + 1).strip().split("\\|"));
            columns.put(field, cols.stream().map(String::strip).filter(c -> !c.isEmpty()).toList());
        }
        return new CsvLayout("custom", columns, Map.of());
    }

    /** The built-in layout whose columns the header has: MIMIC-III, then MIMIC-IV. */
    public static Optional<CsvLayout> detect(Collection<String> header) {
        for (CsvLayout layout : List.of(MIMIC_III, MIMIC_IV)) {
            List<String> missing = layout.missingFrom(header);
            // The optional MIMIC columns may be dropped from an export; the identifying ones may not.
            boolean essentials = layout.columnsFor(NoteField.SOURCE_NOTE_ID).stream().noneMatch(missing::contains)
                    && layout.columnsFor(NoteField.PATIENT_ID).stream().noneMatch(missing::contains)
                    && layout.columnsFor(NoteField.TEXT).stream().noneMatch(missing::contains);
            if (essentials) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }
}
