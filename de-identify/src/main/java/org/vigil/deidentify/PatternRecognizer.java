package org.vigil.deidentify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds one family of identifiers (contact, ids, dates, ages, addresses) with the precompiled rules of one pattern
 * file. Each rule is tried only at its trigger positions, anchored there, so a note is read once per rule family
 * rather than once per position per pattern.
 */
public final class PatternRecognizer implements Recognizer {

    /** A context-triggered rule is tried on this many tokens after its phrase. */
    static final int CONTEXT_TOKENS = 3;

    private final String name;
    private final List<PatternRule> rules;
    private final List<Prepared> prepared;

    /** What a rule needs at run time, computed once: its context phrases indexed, its negatives split by side. */
    private record Prepared(PhraseIndex<Boolean> context, List<String> negativeBefore, List<String> negativeAfter) {
    }

    public PatternRecognizer(String name, List<PatternRule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
        List<Prepared> p = new ArrayList<>();
        for (PatternRule r : this.rules) {
            p.add(new Prepared(PhraseIndex.of(r.context()), r.negativeBefore(), r.negativeAfter()));
        }
        this.prepared = List.copyOf(p);
    }

    /**
     * Reads {@code patterns/<family>.tsv}: columns id, type, score, trigger, validator, context, boost, negative,
     * pattern (tab separated). {@code {{list}}} in a pattern expands to an alternation of a word list's entries.
     */
    public static PatternRecognizer load(String family, Map<String, WordList> lists) {
        List<PatternRule> rules = new ArrayList<>();
        String resource = Ruleset.RESOURCE_ROOT + "patterns/" + family + ".tsv";
        for (String line : WordList.readLines(resource)) {
            String[] col = line.split("\t");
            if (col.length != 9) {
                throw new IllegalStateException(resource + ": rule needs 9 tab-separated columns: " + col[0]);
            }
            String regex = expand(col[8], lists, resource);
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalStateException(resource + ": rule " + col[0] + " has a bad pattern: " + e.getDescription(), e);
            }
            rules.add(new PatternRule(col[0], PhiType.parse(col[1]), Double.parseDouble(col[2]),
                    trigger(col[3], lists, resource), Validator.valueOf(col[4].toUpperCase(Locale.ROOT)),
                    PatternRule.phrases(col[5]), Double.parseDouble(col[6]), PatternRule.phrases(col[7]), pattern,
                    regex.contains("(?<phi>")));
        }
        return new PatternRecognizer(family, rules);
    }

    private static PatternRule.Trigger trigger(String spec, Map<String, WordList> lists, String resource) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String arg = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "digit" -> new PatternRule.Trigger.Digit();
            case "token" -> new PatternRule.Trigger.Token();
            case "mixed" -> new PatternRule.Trigger.Mixed();
            case "context" -> new PatternRule.Trigger.AfterContext();
            case "chars" -> new PatternRule.Trigger.Chars(arg);
            case "scan" -> new PatternRule.Trigger.Scan(List.of(arg.toLowerCase(Locale.ROOT).split("\\|")));
            case "literal" -> new PatternRule.Trigger.Literal(List.of(arg.toLowerCase(Locale.ROOT).split("\\|")), false);
            case "back" -> new PatternRule.Trigger.Literal(List.of(arg.toLowerCase(Locale.ROOT).split("\\|")), true);
            case "words" -> {
                java.util.Set<String> words = new java.util.HashSet<>();
                for (String item : arg.split("\\|")) {
                    if (item.startsWith("{{") && item.endsWith("}}")) {
                        words.addAll(list(lists, item.substring(2, item.length() - 2), resource).firstWords());
                    } else {
                        words.add(item.toLowerCase(Locale.ROOT));
                    }
                }
                yield new PatternRule.Trigger.Words(Set.copyOf(words));
            }
            default -> throw new IllegalStateException(resource + ": unknown trigger " + spec);
        };
    }

    private static WordList list(Map<String, WordList> lists, String name, String resource) {
        WordList list = lists.get(name);
        if (list == null) {
            throw new IllegalStateException(resource + " names unknown word list " + name);
        }
        return list;
    }

    private static String expand(String regex, Map<String, WordList> lists, String resource) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        while (true) {
            int open = regex.indexOf("{{", p);
            if (open < 0) {
                out.append(regex, p, regex.length());
                return out.toString();
            }
            int close = regex.indexOf("}}", open);
            out.append(regex, p, open);
            List<String> entries = new ArrayList<>(list(lists, regex.substring(open + 2, close), resource).entries());
            // Longest first, so "Christmas Eve" wins over "Christmas" in the alternation.
            entries.sort((a, b) -> b.length() - a.length());
            out.append("(?:");
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    out.append('|');
                }
                out.append(Pattern.quote(entries.get(i)).replace(" ", "\\E\\s+\\Q"));
            }
            out.append(')');
            p = close + 2;
        }
    }

    @Override
    public String name() {
        return name;
    }

    public List<PatternRule> rules() {
        return rules;
    }

    @Override
    public void recognize(NoteText note, List<PhiSpan> out) {
        for (int r = 0; r < rules.size(); r++) {
            PatternRule rule = rules.get(r);
            Prepared prep = prepared.get(r);
            note.checkDeadline();
            Matcher m = rule.pattern().matcher(note.chars());
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            if (rule.trigger() instanceof PatternRule.Trigger.Scan scan) {
                if (containsAny(note.lowerText(), scan.literals())) {
                    while (m.find()) {
                        emit(note, rule, prep, m, out);
                    }
                }
                continue;
            }
            int[] positions = positions(note, rule, prep);
            int skipUntil = -1;
            for (int pos : positions) {
                if (pos < skipUntil) {
                    continue;
                }
                m.region(pos, note.length());
                if (m.lookingAt() && m.end() > m.start()) {
                    if (emit(note, rule, prep, m, out)) {
                        skipUntil = m.end();
                    }
                }
            }
        }
    }

    private static boolean containsAny(String lower, List<String> literals) {
        for (String l : literals) {
            if (lower.contains(l)) {
                return true;
            }
        }
        return false;
    }

    private static int[] positions(NoteText note, PatternRule rule, Prepared prep) {
        PatternRule.Trigger trigger = rule.trigger();
        if (trigger instanceof PatternRule.Trigger.Digit) {
            return note.digitStarts();
        } else if (trigger instanceof PatternRule.Trigger.Token) {
            return note.tokenStarts();
        } else if (trigger instanceof PatternRule.Trigger.Mixed) {
            return note.mixedStarts();
        } else if (trigger instanceof PatternRule.Trigger.Words w) {
            return wordStarts(note, w.words());
        } else if (trigger instanceof PatternRule.Trigger.Chars c) {
            return charPositions(note.text(), c.chars());
        } else if (trigger instanceof PatternRule.Trigger.AfterContext) {
            return afterContext(note, prep.context());
        } else if (trigger instanceof PatternRule.Trigger.Literal l) {
            return literalPositions(note, l);
        }
        return new int[0];
    }

    private static int[] tokenStarts(NoteText note) {
        int[] p = new int[note.tokenCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = note.tokenStart(i);
        }
        return p;
    }

    private static int[] wordStarts(NoteText note, Set<String> words) {
        int[] p = new int[8];
        int n = 0;
        for (String w : words) {
            for (int t : note.occurrences(w)) {
                if (n == p.length) {
                    p = Arrays.copyOf(p, n * 2);
                }
                p[n++] = note.tokenStart(t);
            }
        }
        int[] out = Arrays.copyOf(p, n);
        Arrays.sort(out);
        return out;
    }

    private static int[] charPositions(String text, String chars) {
        int[] p = new int[8];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                if (n == p.length) {
                    p = Arrays.copyOf(p, n * 2);
                }
                p[n++] = i;
            }
        }
        return Arrays.copyOf(p, n);
    }

    private static int[] afterContext(NoteText note, PhraseIndex<Boolean> phrases) {
        List<PhraseIndex.Hit<Boolean>> hits = phrases.find(note);
        if (hits.isEmpty()) {
            return new int[0];
        }
        boolean[] marked = new boolean[note.tokenCount()];
        for (PhraseIndex.Hit<Boolean> hit : hits) {
            int end = hit.end();
            int first = note.tokenAtOrAfter(end);
            // The identifier follows its label closely ("MRN: 123", "member id number is 123").
            for (int t = first; t < note.tokenCount() && t < first + CONTEXT_TOKENS
                    && note.tokenStart(t) <= end + PatternRule.CONTEXT_WINDOW; t++) {
                marked[t] = true;
                if (note.shape(t) == NoteText.Shape.DIGITS || note.shape(t) == NoteText.Shape.MIXED) {
                    break; // the first code after a label is the one it labels
                }
            }
        }
        int[] p = new int[note.tokenCount()];
        int n = 0;
        for (int t = 0; t < marked.length; t++) {
            if (marked[t]) {
                p[n++] = note.tokenStart(t);
            }
        }
        return Arrays.copyOf(p, n);
    }

    private static int[] literalPositions(NoteText note, PatternRule.Trigger.Literal trigger) {
        String lower = note.lowerText();
        java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
        for (String literal : trigger.literals()) {
            for (int at = lower.indexOf(literal); at >= 0; at = lower.indexOf(literal, at + 1)) {
                int p = at;
                if (trigger.back()) {
                    while (p > 0 && ADDRESS_CHARS.indexOf(lower.charAt(p - 1)) >= 0) {
                        p--;
                    }
                }
                found.add(p);
            }
        }
        int[] p = new int[found.size()];
        int i = 0;
        for (int v : found) {
            p[i++] = v;
        }
        return p;
    }

    private static final String ADDRESS_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789._%+-";

    /** Where the negative window before {@code at} starts: at most NEGATIVE_WINDOW back, not across a line or ';'. */
    static int clauseStart(String lower, int at) {
        int from = Math.max(0, at - PatternRule.NEGATIVE_WINDOW);
        for (int p = at - 1; p >= from; p--) {
            char c = lower.charAt(p);
            if (c == '\n' || c == ';' || c == '(' || (c == '.' && p + 1 < lower.length() && lower.charAt(p + 1) == ' ')) {
                return p + 1;
            }
        }
        return from;
    }

    /** Where the negative window after {@code at} ends: at most NEGATIVE_WINDOW on, not across a line or ';'. */
    static int clauseEnd(String lower, int at) {
        int to = Math.min(lower.length(), at + PatternRule.NEGATIVE_WINDOW);
        for (int p = at; p < to; p++) {
            char c = lower.charAt(p);
            if (c == '\n' || c == ';' || c == ')' || (c == '.' && p + 1 < lower.length() && lower.charAt(p + 1) == ' ')) {
                return p;
            }
        }
        return to;
    }

    private boolean emit(NoteText note, PatternRule rule, Prepared prep, Matcher m, List<PhiSpan> out) {
        int start = m.start();
        int end = m.end();
        if (rule.phiGroup()) {
            start = m.start("phi");
            end = m.end("phi");
            if (start < 0 || end <= start) {
                return false;
            }
        }
        if (!rule.validator().valid(note, m, note.text().substring(start, end))) {
            return false;
        }
        double score = rule.score();
        String lower = note.lowerText();
        boolean contextTriggered = rule.trigger() instanceof PatternRule.Trigger.AfterContext;
        if (!contextTriggered && !rule.context().isEmpty()
                && PatternRule.anyPhraseIn(lower, rule.context(), m.start() - PatternRule.CONTEXT_WINDOW, m.start())) {
            score += rule.boost();
        }
        if (!rule.negative().isEmpty() && (PatternRule.anyPhraseIn(lower, prep.negativeBefore(),
                clauseStart(lower, m.start()), m.start())
                || PatternRule.anyPhraseIn(lower, prep.negativeAfter(), m.end(), clauseEnd(lower, m.end())))) {
            score -= 0.5;
        }
        if (score < Resolver.THRESHOLD) {
            return false;
        }
        out.add(new PhiSpan(rule.type(), start, end, Math.min(score, 1.0), name + "/" + rule.id()));
        return true;
    }
}
