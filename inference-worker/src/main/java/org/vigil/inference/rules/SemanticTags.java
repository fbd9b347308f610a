package org.vigil.inference.rules;

import java.util.List;

/**
 * Reads the SNOMED CT semantic tag that closes a coded term in text ("depression screening (procedure)", "social
 * isolation (finding)"), from the {@code semantic-tags.tsv} data file: a term tagged as a procedure, a regime, an
 * observable entity or a value names an act or a question, not a condition the patient has, so a signal phrase
 * inside it is no signal.
 *
 * <p>File format: {@code tag pattern TAB condition|not-a-finding}; the pattern is written without its parentheses.
 */
public final class SemanticTags {

    /** How far after a mention the tag of its term may stand: coded display strings are short. */
    static final int MAX_DISTANCE = 24;

    private final PhraseMatcher<Boolean> matcher = new PhraseMatcher<>();

    public static SemanticTags load(String resource) {
        SemanticTags tags = new SemanticTags();
        RulesTable.read(resource, "semantic tags", 2, 2, (cols, where) -> {
            boolean condition = switch (cols[1].strip()) {
                case "condition" -> true;
                case "not-a-finding" -> false;
                default -> throw new IllegalArgumentException(where + ": expected condition or not-a-finding");
            };
            tags.matcher.add("\\( " + cols[0].strip() + " \\)", false, condition);
        });
        return tags;
    }

    /**
     * Marks in {@code breaks} (and lists in {@code marked}) each comma or semicolon right after a semantic tag:
     * there one coded term of a list ends and the next begins. Returns whether the text holds a tag of a term that
     * is no finding (only then need mentions be checked with {@link #namesNoFinding}).
     */
    boolean markListBreaks(TokenizedText text, boolean[] breaks, List<Integer> marked, PhraseMatcher.Hits hits) {
        boolean noFinding = false;
        int n = text.size();
        String chars = text.text();
        // Parentheses are few: find them in the characters, then their tokens, rather than test every token.
        for (int at = chars.indexOf('('); at >= 0; at = chars.indexOf('(', at + 1)) {
            int k = tokenStartingAt(text, at);
            if (k < 0) {
                continue;
            }
            hits.clear();
            matcher.matchAt(text, k, hits);
            for (int h = 0; h < hits.size(); h++) {
                noFinding |= !matcher.value(hits, h);
                int after = hits.end(h);
                if (after < n && (text.is(after, ',') || text.is(after, ';')) && !breaks[after]) {
                    breaks[after] = true;
                    marked.add(after);
                }
            }
        }
        return noFinding;
    }

    /** The token that starts at character {@code offset}, or -1. */
    private static int tokenStartingAt(TokenizedText text, int offset) {
        int lo = 0;
        int hi = text.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int start = text.start(mid);
            if (start < offset) {
                lo = mid + 1;
            } else if (start > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * Whether the coded term that runs on from token {@code from} is tagged as no finding: the first semantic tag
     * after it on the same line, before a comma, semicolon or sentence end, is a not-a-finding tag. Other
     * parentheses on the way ("severe anxiety (panic) (finding)") are passed over.
     */
    public boolean namesNoFinding(TokenizedText text, int from) {
        return namesNoFinding(text, from, new PhraseMatcher.Hits());
    }

    /** The same, with {@code hits} as scratch space. */
    boolean namesNoFinding(TokenizedText text, int from, PhraseMatcher.Hits hits) {
        int n = text.size();
        if (from >= n) {
            return false;
        }
        int sentence = text.sentence(from - 1 >= 0 ? from - 1 : from);
        int limit = Math.min(n, from + MAX_DISTANCE);
        for (int k = from; k < limit; k++) {
            if (text.atLineStart(k) || text.sentence(k) != sentence || text.is(k, ',') || text.is(k, ';')) {
                return false;
            }
            if (!text.is(k, '(')) {
                continue;
            }
            hits.clear();
            matcher.matchAt(text, k, hits);
            int best = -1;
            for (int h = 0; h < hits.size(); h++) {
                if (best < 0 || hits.length(h) > hits.length(best)) {
                    best = h;
                }
            }
            if (best >= 0) {
                return !matcher.value(hits, best);
            }
        }
        return false;
    }
}
