package org.vigil.inference.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.schemas.SignalKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The ConText trigger set, loaded from {@code context-rules.json} ({@code {"context_rules": [{"literal", "category",
 * "direction", "max_scope", "allowed_types", "excluded_types", "terminates", "over_lists"}]}}, the medspaCy layout) and
 * matched leftmost-longest over a note: when two triggers overlap the longer wins, so "no increase" (PSEUDO)
 * hides "no", and on equal length the earlier rule in the file wins.
 */
public final class ContextRules {

    /** A trigger found in a text: tokens {@code [start, end)}. */
    public record Trigger(ContextRule rule, int start, int end) {
    }

    private final List<ContextRule> rules;
    /** A rule with its position in the file: on equal length the earlier rule wins. */
    private record Ranked(ContextRule rule, int order) {
    }

    private final PhraseMatcher<Ranked> matcher = new PhraseMatcher<>();
    public ContextRules(List<ContextRule> rules) {
        this.rules = List.copyOf(rules);
        for (int order = 0; order < this.rules.size(); order++) {
            ContextRule rule = this.rules.get(order);
            try {
                matcher.add(rule.literal(), false, new Ranked(rule, order));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(rule.id() + ": " + e.getMessage(), e);
            }
        }
    }

    public static ContextRules load(String resource) {
        try (InputStream in = ContextRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing ConText rules " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<ContextRule> rules = new ArrayList<>();
            int index = 0;
            for (JsonNode r : root.path("context_rules")) {
                index++;
                String literal = r.path("literal").asText();
                if (literal.isBlank()) {
                    throw new IllegalArgumentException(resource + ": rule " + index + " has no literal");
                }
                ContextCategory category = ContextCategory.valueOf(r.path("category").asText());
                ContextRule.Direction direction = ContextRule.Direction.valueOf(
                        r.path("direction").asText(category == ContextCategory.TERMINATE || category == ContextCategory.PSEUDO
                                ? "BIDIRECTIONAL" : "FORWARD"));
                int maxScope = r.path("max_scope").isNumber() ? r.path("max_scope").asInt() : 10;
                int backwardScope = r.path("backward_scope").isNumber() ? r.path("backward_scope").asInt() : maxScope;
                rules.add(new ContextRule("context:" + index, literal, category, direction, maxScope, backwardScope,
                        kinds(r.path("allowed_types")), kinds(r.path("excluded_types")),
                        categories(r.path("terminates")), r.path("over_lists").asBoolean(false)));
            }
            return new ContextRules(rules);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ConText rules " + resource, e);
        }
    }

    private static Set<SignalKind> kinds(JsonNode node) {
        Set<SignalKind> out = EnumSet.noneOf(SignalKind.class);
        for (JsonNode k : node) {
            out.add(SignalKind.valueOf(k.asText()));
        }
        return out;
    }

    private static Set<ContextCategory> categories(JsonNode node) {
        Set<ContextCategory> out = EnumSet.noneOf(ContextCategory.class);
        for (JsonNode k : node) {
            out.add(ContextCategory.valueOf(k.asText()));
        }
        return out;
    }

    public List<ContextRule> rules() {
        return rules;
    }

    /** Triggers in the text, leftmost-longest and non-overlapping. */
    public List<Trigger> find(TokenizedText text) {
        return find(text, new boolean[text.size()]);
    }

    /** Triggers that do not start on a {@code blocked} token (one that belongs to a signal phrase or a header). */
    public List<Trigger> find(TokenizedText text, boolean[] blocked) {
        return find(text, blocked, null);
    }

    /**
     * The same, in the sentences whose number is {@code true} in {@code sentences} only (all when null). A trigger
     * never spans two sentences, so those of one sentence do not depend on the others'.
     */
    public List<Trigger> find(TokenizedText text, boolean[] blocked, boolean[] sentences) {
        return find(text, blocked, sentences, new PhraseMatcher.Hits());
    }

    /** The same, with {@code hits} as scratch space. */
    List<Trigger> find(TokenizedText text, boolean[] blocked, boolean[] sentences, PhraseMatcher.Hits hits) {
        return find(text, blocked, sentences, hits, -1, -1);
    }

    /**
     * The same, where no trigger may overlap the tokens {@code [fenceStart, fenceEnd)}: a target's own words are
     * never part of a cue, so "no acute distress" about the target "acute distress" is the cue "no", not the
     * pseudo-trigger "no acute distress".
     */
    List<Trigger> find(TokenizedText text, boolean[] blocked, boolean[] sentences, PhraseMatcher.Hits hits,
                       int fenceStart, int fenceEnd) {
        List<Trigger> out = new ArrayList<>();
        int n = text.size();
        int i = 0;
        while (i < n) {
            if (blocked[i] || sentences != null && !sentences[text.sentence(i)]) {
                i++;
                continue;
            }
            hits.clear();
            matcher.matchAt(text, i, hits);
            int best = -1;
            Ranked bestValue = null;
            for (int h = 0; h < hits.size(); h++) {
                if (text.sentence(hits.end(h) - 1) != text.sentence(hits.start(h))
                        || hits.start(h) < fenceEnd && fenceStart < hits.end(h)) {
                    continue;
                }
                Ranked value = matcher.value(hits, h);
                if (best < 0 || hits.length(h) > hits.length(best)
                        || hits.length(h) == hits.length(best) && value.order() < bestValue.order()) {
                    best = h;
                    bestValue = value;
                }
            }
            if (best < 0) {
                i++;
            } else {
                out.add(new Trigger(bestValue.rule(), hits.start(best), hits.end(best)));
                i = hits.end(best);
            }
        }
        return out;
    }
}
