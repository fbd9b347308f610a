package org.vigil.ingest.csv;

import java.util.Locale;

/** A note field that a CSV column can fill; the names are what a column mapping in config uses. */
public enum NoteField {
    SOURCE_NOTE_ID("sourceNoteId"),
    PATIENT_ID("patientId"),
    ENCOUNTER_ID("encounterId"),
    NOTE_TYPE("noteType"),
    AUTHOR_ROLE("authorRole"),
    AUTHORED_AT("authoredAt"),
    TEXT("text"),
    /** A flag column: "1" or "true" marks the row as entered in error. */
    IN_ERROR("inError"),
    SEX("sex"),
    BIRTH_DATE("birthDate");

    private final String configName;

    NoteField(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static NoteField ofConfigName(String name) {
        for (NoteField field : values()) {
            if (field.configName.equalsIgnoreCase(name.strip())) {
                return field;
            }
        }
        throw new IllegalArgumentException("Unknown note field '" + name.strip() + "'; known: "
                + java.util.Arrays.stream(values()).map(NoteField::configName).toList().toString().toLowerCase(Locale.ROOT));
    }
}
