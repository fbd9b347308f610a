package org.vigil.ingest.csv;

import org.vigil.ingest.IdentifierSet;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which CSV columns hold which known identifiers, from a mapping such as
 * {@code GIVEN_NAME=first_name|middle_name,FAMILY_NAME=last_name,IDENTIFIER=mrn,BIRTH_DATE=dob,PRACTITIONER.FAMILY_NAME=author}:
 * each entry is {@code [HOLDER.]KIND=COLUMN[|COLUMN...]}, the holder PATIENT unless named, and every non-empty
 * cell of a listed column is one value. Kinds and holders are the schema's symbols, matched case-insensitively.
 */
public record IdentifierColumns(List<Entry> entries) {

    /** No identifier columns: MIMIC's note tables carry none (they were removed before release). */
    public static final IdentifierColumns NONE = new IdentifierColumns(List.of());

    /** One kind of identifier of one holder and the columns it is read from. */
    public record Entry(KnownIdentifierKind kind, IdentifierHolder holder, List<String> columns) {
        public Entry {
            columns = List.copyOf(columns);
        }
    }

    public IdentifierColumns {
        entries = List.copyOf(entries);
    }

    /** Parses a mapping; a malformed entry is an {@link IllegalArgumentException} naming it (entries name columns, not data). */
    public static IdentifierColumns parse(String mapping) {
        List<Entry> entries = new ArrayList<>();
        for (String pair : mapping.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Identifier column entry '" + pair.strip() + "' is not KIND=COLUMN");
            }
            String target = pair.substring(0, eq).strip();
            int dot = target.indexOf('.');
            IdentifierHolder holder = dot < 0 ? IdentifierHolder.PATIENT : symbol(IdentifierHolder.class, target.substring(0, dot), pair);
            KnownIdentifierKind kind = symbol(KnownIdentifierKind.class, target.substring(dot + 1), pair);
            List<String> columns = Arrays.stream(pair.substring(eq + 1).split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toList();
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("Identifier column entry '" + pair.strip() + "' names no column");
            }
            entries.add(new Entry(kind, holder, columns));
        }
        return new IdentifierColumns(entries);
    }

    private static <E extends Enum<E>> E symbol(Class<E> type, String name, String pair) {
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Identifier column entry '" + pair.strip() + "': '" + name.strip()
                    + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** Every column the mapping reads. */
    public Set<String> columns() {
        return entries.stream().flatMap(e -> e.columns().stream()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The mapped columns that {@code header} lacks (compared case-insensitively). */
    public List<String> missingFrom(Collection<String> header) {
        Set<String> present = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return columns().stream().filter(c -> !present.contains(c.toLowerCase(Locale.ROOT))).toList();
    }

    /** Adds the values of one row, {@code cell} giving a column's value. */
    public void read(Function<String, String> cell, IdentifierSet into) {
        for (Entry entry : entries) {
            for (String column : entry.columns()) {
                into.add(entry.kind(), entry.holder(), cell.apply(column));
            }
        }
    }
}
