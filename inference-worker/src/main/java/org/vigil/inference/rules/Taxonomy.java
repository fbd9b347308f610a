package org.vigil.inference.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signal kinds and assertions Vigil reports, from {@code taxonomy.json}: each kind's definition and the kinds
 * whose mentions it absorbs when it contains them (a planned overdose is a SUICIDE_PLAN, not an OVERDOSE;
 * "boyfriend hit her" is INTIMATE_PARTNER_VIOLENCE, not VIOLENCE), and the assertions in order of precedence.
 */
public record Taxonomy(String version, List<SignalKind> kinds, Map<SignalKind, Set<SignalKind>> suppresses,
                       List<Assertion> assertionPrecedence) {

    public static Taxonomy load(String resource) {
        try (InputStream in = Taxonomy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing taxonomy " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<SignalKind> kinds = new ArrayList<>();
            Map<SignalKind, Set<SignalKind>> suppresses = new EnumMap<>(SignalKind.class);
            for (JsonNode k : root.path("kinds")) {
                SignalKind kind = SignalKind.valueOf(k.path("name").asText());
                kinds.add(kind);
                Set<SignalKind> s = EnumSet.noneOf(SignalKind.class);
                k.path("absorbs").forEach(x -> s.add(SignalKind.valueOf(x.asText())));
                suppresses.put(kind, s);
            }
            List<Assertion> assertions = new ArrayList<>();
            root.path("assertions").forEach(a -> assertions.add(Assertion.valueOf(a.path("name").asText())));
            if (assertions.size() != Assertion.values().length) {
                throw new IllegalArgumentException(resource + ": expected all " + Assertion.values().length + " assertions");
            }
            return new Taxonomy(root.path("version").asText(), List.copyOf(kinds), Map.copyOf(suppresses),
                    List.copyOf(assertions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read taxonomy " + resource, e);
        }
    }

    public boolean absorbs(SignalKind outer, SignalKind inner) {
        Set<SignalKind> s = suppresses.get(outer);
        return s != null && s.contains(inner);
    }
}
