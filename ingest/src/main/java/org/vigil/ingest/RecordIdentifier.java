package org.vigil.ingest;

import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;

/**
 * One identifier a note's structured record names: what it is, whose it is, and its value as the record holds
 * it. PHI: it travels only inside the raw note, never into logs, metrics, dead letters or exception messages,
 * which is why {@link #toString()} leaves the value out.
 */
public record RecordIdentifier(KnownIdentifierKind kind, IdentifierHolder holder, String value) {

    public KnownIdentifier toAvro() {
        return KnownIdentifier.newBuilder().setKind(kind).setHolder(holder).setValue(value).build();
    }

    @Override
    public String toString() {
        return "RecordIdentifier[" + kind + ", " + holder + "]";
    }
}
