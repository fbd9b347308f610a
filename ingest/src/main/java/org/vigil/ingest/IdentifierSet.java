package org.vigil.ingest;

import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the identifiers of one note's record as the adapters find them: values trimmed, blank ones and
 * repeated (kind, holder, value) triples dropped, birth dates turned into ISO dates (dropped when unreadable),
 * in the order first seen.
 */
public final class IdentifierSet {

    private final Set<RecordIdentifier> identifiers = new LinkedHashSet<>();

    /** Adds one value; returns this set, so that extractors can chain. */
    public IdentifierSet add(KnownIdentifierKind kind, IdentifierHolder holder, String value) {
        if (value == null) {
            return this;
        }
        String v = value.strip();
        if (kind == KnownIdentifierKind.BIRTH_DATE) {
            v = BirthDate.iso(v).orElse("");
        }
        if (!v.isEmpty()) {
            identifiers.add(new RecordIdentifier(kind, holder, v));
        }
        return this;
    }

    public IdentifierSet addAll(Iterable<RecordIdentifier> more) {
        more.forEach(i -> add(i.kind(), i.holder(), i.value()));
        return this;
    }

    public List<RecordIdentifier> toList() {
        return List.copyOf(identifiers);
    }

    public boolean isEmpty() {
        return identifiers.isEmpty();
    }
}
