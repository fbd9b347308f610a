package org.vigil.ingest.folder;

import com.fasterxml.jackson.databind.JsonNode;
import org.vigil.ingest.IdentifierSet;
import org.vigil.ingest.RecordIdentifier;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the known identifiers of a note file's metadata: the sidecar's {@code identifiers} object (the patient's
 * identifiers by kind, plus {@code relatedPersons} and {@code practitioners}, each a list of objects of the same
 * kinds) or the manifest's identifier columns ({@code givenName}, ..., {@code relatedPerson.givenName},
 * {@code practitioner.familyName}, several values in a cell separated by {@code |}). See ingest/README.md.
 */
final class MetadataIdentifiers {

    /** The field (or column) name of each kind. */
    static final Map<String, KnownIdentifierKind> KINDS = kinds();

    private static final Map<String, IdentifierHolder> GROUPS = Map.of(
            "relatedPersons", IdentifierHolder.RELATED_PERSON, "practitioners", IdentifierHolder.PRACTITIONER);
    private static final Map<String, IdentifierHolder> COLUMN_PREFIXES = Map.of(
            "relatedPerson.", IdentifierHolder.RELATED_PERSON, "practitioner.", IdentifierHolder.PRACTITIONER);

    private MetadataIdentifiers() {
    }

    private static Map<String, KnownIdentifierKind> kinds() {
        Map<String, KnownIdentifierKind> kinds = new LinkedHashMap<>();
        kinds.put("givenName", KnownIdentifierKind.GIVEN_NAME);
        kinds.put("familyName", KnownIdentifierKind.FAMILY_NAME);
        kinds.put("identifier", KnownIdentifierKind.IDENTIFIER);
        kinds.put("addressLine", KnownIdentifierKind.ADDRESS_LINE);
        kinds.put("city", KnownIdentifierKind.CITY);
        kinds.put("postalCode", KnownIdentifierKind.POSTAL_CODE);
        kinds.put("telecom", KnownIdentifierKind.TELECOM);
        kinds.put("birthDate", KnownIdentifierKind.BIRTH_DATE);
        kinds.put("other", KnownIdentifierKind.OTHER);
        return Map.copyOf(kinds);
    }

    /**
     * The identifiers of a sidecar's {@code identifiers} value; an {@link IllegalArgumentException} whose message
     * names the offending field, never a value, when its shape is wrong.
     */
    static List<RecordIdentifier> fromJson(JsonNode identifiers) {
        IdentifierSet set = new IdentifierSet();
        if (identifiers == null || identifiers.isNull()) {
            return List.of();
        }
        if (!identifiers.isObject()) {
            throw new IllegalArgumentException("identifiers must be an object");
        }
        person(identifiers, IdentifierHolder.PATIENT, "identifiers", true, set);
        return set.toList();
    }

    private static void person(JsonNode person, IdentifierHolder holder, String where, boolean groups, IdentifierSet into) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = person.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            KnownIdentifierKind kind = KINDS.get(field.getKey());
            if (kind != null) {
                for (String value : values(field.getValue(), where + "." + field.getKey())) {
                    into.add(kind, holder, value);
                }
            } else if (groups && GROUPS.containsKey(field.getKey())) {
                JsonNode list = field.getValue();
                String at = where + "." + field.getKey();
                if (!list.isArray()) {
                    throw new IllegalArgumentException(at + " must be a list of objects");
                }
                for (JsonNode other : list) {
                    if (!other.isObject()) {
                        throw new IllegalArgumentException(at + " must be a list of objects");
                    }
                    person(other, GROUPS.get(field.getKey()), at + "[]", false, into);
                }
            } else {
                // The unknown name is not quoted: a mistyped entry might be a value.
                throw new IllegalArgumentException(where + " has a field that is none of " + KINDS.keySet().stream().sorted().toList()
                        + (groups ? " or relatedPersons, practitioners" : ""));
            }
        }
    }

    private static List<String> values(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                values.add(scalar(item, where));
            }
        } else if (!node.isNull()) {
            values.add(scalar(node, where));
        }
        return values;
    }

    private static String scalar(JsonNode node, String where) {
        if (!node.isValueNode() || node.isNull()) {
            throw new IllegalArgumentException(where + " must be a string or a list of strings");
        }
        return node.asText();
    }

    /** The holder and kind a manifest column names, if it names one. */
    static Optional<Map.Entry<IdentifierHolder, KnownIdentifierKind>> column(String name) {
        for (Map.Entry<String, IdentifierHolder> prefix : COLUMN_PREFIXES.entrySet()) {
            if (name.startsWith(prefix.getKey())) {
                return Optional.ofNullable(KINDS.get(name.substring(prefix.getKey().length())))
                        .map(kind -> Map.entry(prefix.getValue(), kind));
            }
        }
        return Optional.ofNullable(KINDS.get(name)).map(kind -> Map.entry(IdentifierHolder.PATIENT, kind));
    }

    /** The identifiers of one manifest row: {@code cell} gives the value of each of {@code header}'s columns. */
    static List<RecordIdentifier> fromManifestRow(List<String> header, Function<String, String> cell) {
        IdentifierSet set = new IdentifierSet();
        for (String name : header) {
            Optional<Map.Entry<IdentifierHolder, KnownIdentifierKind>> target = column(name);
            if (target.isPresent()) {
                for (String value : cell.apply(name).split("\\|")) {
                    set.add(target.get().getValue(), target.get().getKey(), value);
                }
            }
        }
        return set.toList();
    }
}
