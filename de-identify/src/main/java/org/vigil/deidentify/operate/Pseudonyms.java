package org.vigil.deidentify.operate;

import org.vigil.runtime.secret.KeyedHash;

/**
 * Keyed HMAC-SHA256 pseudonyms for the identifiers that travel beside the text: patient id, encounter id and the
 * note key. Stable for a key (a re-sent note gets the same id), not reversible without it.
 */
public final class Pseudonyms {

    private final KeyedHash hash;

    public Pseudonyms(KeyedHash hash) {
        this.hash = hash;
    }

    public String patient(String patientId) {
        return hash.hex("patient", patientId);
    }

    public String encounter(String encounterId) {
        return hash.hex("encounter", encounterId);
    }

    /** The de-identified note's id: HMAC of {@code RawNote.noteKey}. */
    public String note(String noteKey) {
        return hash.hex("note", noteKey);
    }
}
