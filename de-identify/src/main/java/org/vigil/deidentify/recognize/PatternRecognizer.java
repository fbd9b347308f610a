package org.vigil.deidentify.recognize;

import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.resolve.Resolver;
import org.vigil.deidentify.text.PhiSpan;
import org.vigil.deidentify.text.PhiType;

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
 * rather than once per position per pattern; and only where its {@link StartFilter} says a match may begin, the
 * family's runs of digits sorted out for all its digit rules at once.
 */
public final class PatternRecognizer implements Recognizer {

    /** A context-triggered rule is tried on this many tokens after its phrase. */
    static final int CONTEXT_TOKENS = 3;

    private final String name;
    private final List<PatternRule> rules;
    private final List<Prepared> prepared;
    /**
     * The context phrases of every context-triggered rule in one index, each phrase carrying the bits of the rules it
     * belongs to: a note is searched for all of them in one pass instead of once per rule.
     */
    private final PhraseIndex<Long> contexts;

    /** What a rule needs at run time, computed once: its context phrases, its negatives split by side. */
    private record Prepared(long contextBit, PatternRule.Phrases contextPhrases,
            PatternRule.Phrases negativeBefore, PatternRule.Phrases negativeAfter, StartFilter start,
            String spanSource, String[] triggerWords) {
    }

    /**
     * Per rule triggered by words, the first rule before it with the same words, or -1: the three month-name date
     * rules find their positions once per note.
     */
    private final int[] sameWordsAs;

    /** The indexes of the digit rules among {@link #rules}; bit {@code j} of a mask below stands for the j-th. */
    private final int[] digitRules;
    private final long allDigitRules;
    /**
     * Per count of leading digits {@code d} (below {@link StartFilter#MAX_SCAN}) and ASCII character {@code c} after
     * them, at {@code d * 128 + c}, the digit rules that may match at such a run of digits.
     */
    private final long[] digitRuleMask;

    /**
     * Each thread's matchers, one per rule, reset onto each note: a matcher's arrays are sized once, not per note.
     * Per thread because a matcher holds the state of one search.
     */
    private final ThreadLocal<Matcher[]> matchers;

    public PatternRecognizer(String name, List<PatternRule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
        List<Prepared> p = new ArrayList<>();
        Map<String, Long> contextRules = new java.util.HashMap<>();
        int contextTriggered = 0;
        for (PatternRule r : this.rules) {
            long contextBit = 0;
            if (r.trigger() instanceof PatternRule.Trigger.AfterContext) {
                if (contextTriggered == Long.SIZE) {
                    throw new IllegalStateException(name + ": more than " + Long.SIZE + " context rules in one pattern file");
                }
                contextBit = 1L << contextTriggered++;
                for (String phrase : r.context()) {
                    contextRules.merge(phrase.toLowerCase(Locale.ROOT), contextBit, (a, b) -> a | b);
                }
            }
            p.add(new Prepared(contextBit, new PatternRule.Phrases(r.context()),
                    new PatternRule.Phrases(r.negativeBefore()), new PatternRule.Phrases(r.negativeAfter()),
                    filterable(r.pattern()) ? StartFilter.of(r.pattern().pattern()) : null, name + "/" + r.id(),
                    // An array: iterating an immutable set probes its table for every element.
                    r.trigger() instanceof PatternRule.Trigger.Words w ? w.words().toArray(new String[0]) : null));
        }
        this.prepared = List.copyOf(p);
        this.sameWordsAs = new int[this.rules.size()];
        for (int r = 0; r < sameWordsAs.length; r++) {
            sameWordsAs[r] = -1;
            if (this.rules.get(r).trigger() instanceof PatternRule.Trigger.Words w) {
                for (int q = 0; q < r && sameWordsAs[r] < 0; q++) {
                    if (this.rules.get(q).trigger() instanceof PatternRule.Trigger.Words earlier && earlier.equals(w)) {
                        sameWordsAs[r] = q;
                    }
                }
            }
        }
        this.contexts = new PhraseIndex<>(contextRules);
        List<Integer> digit = new ArrayList<>();
        for (int r = 0; r < this.rules.size(); r++) {
            if (this.rules.get(r).trigger() instanceof PatternRule.Trigger.Digit) {
                digit.add(r);
            }
        }
        if (digit.size() > Long.SIZE) {
            throw new IllegalStateException(name + ": more than " + Long.SIZE + " digit rules in one pattern file");
        }
        this.digitRules = digit.stream().mapToInt(Integer::intValue).toArray();
        this.allDigitRules = digit.isEmpty() ? 0 : -1L >>> (Long.SIZE - digit.size());
        this.digitRuleMask = new long[StartFilter.MAX_SCAN * 128];
        for (int j = 0; j < digitRules.length; j++) {
            StartFilter f = prepared.get(digitRules[j]).start();
            for (int d = 0; d < StartFilter.MAX_SCAN; d++) {
                for (char c = 0; c < 128; c++) {
                    if (f == null || f.mayFollowDigits(d, c)) {
                        digitRuleMask[d * 128 + c] |= 1L << j;
                    }
                }
            }
        }
        List<PatternRule> own = this.rules;
        this.matchers = ThreadLocal.withInitial(() -> {
            Matcher[] ms = new Matcher[own.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = own.get(i).pattern().matcher("");
                ms[i].useTransparentBounds(true);
                ms[i].useAnchoringBounds(false);
            }
            return ms;
        });
    }

    /**
     * Whether the pattern's text says all its flags, as {@link StartFilter} reads them: none, or a leading "(?i)"
     * (which Pattern reports as the flag CASE_INSENSITIVE, as if it had been compiled with it).
     */
    static boolean filterable(Pattern pattern) {
        return pattern.flags() == 0
                || (pattern.flags() == Pattern.CASE_INSENSITIVE && pattern.pattern().startsWith("(?i)"));
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
            out.append(insideLookbehind(regex, open) || !trieSafe(entries) ? flat(entries) : trie(entries));
            p = close + 2;
        }
    }

    /** The entries as one alternation, longest first. */
    static String flat(List<String> entries) {
        StringBuilder out = new StringBuilder("(?:");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append('|');
            }
            out.append(Pattern.quote(entries.get(i)).replace(" ", "\\E\\s+\\Q"));
        }
        return out.append(')').toString();
    }

    /**
     * The same alternation factored by common prefixes ("J(?:an(?:uary|)|u(?:ne|n|ly|l))..."), so a position is
     * rejected after a character or two instead of after trying every entry. It matches what {@link #flat} matches,
     * preferring longer entries the same way: two entries can match at one position only if one is a prefix of the
     * other, they lie on one path of the tree, and the longer continuation is tried before the shorter one ends.
     */
    static String trie(List<String> entries) {
        Node root = new Node();
        for (String e : entries) {
            Node n = root;
            for (int i = 0; i < e.length(); i++) {
                n = n.children.computeIfAbsent(e.charAt(i), k -> new Node());
            }
            n.end = true;
        }
        return "(?:" + root.regex() + ")";
    }

    private static final class Node {
        final Map<Character, Node> children = new java.util.LinkedHashMap<>();
        boolean end;

        String regex() {
            List<String> parts = new ArrayList<>();
            children.forEach((c, child) -> parts.add(literal(c) + child.regex()));
            if (parts.isEmpty()) {
                return "";
            }
            if (parts.size() == 1 && !end) {
                return parts.get(0);
            }
            return "(?:" + String.join("|", parts) + (end ? "|" : "") + ")";
        }

        private static String literal(char c) {
            if (c == ' ') {
                return "\\s+";
            }
            if (Character.isLetterOrDigit(c) || c >= 0x80) {
                return String.valueOf(c);
            }
            return "\\" + c;
        }
    }

    /**
     * Whether prefix factoring keeps the alternation's meaning under case-insensitive matching too: no two entries
     * are prefixes of each other ignoring case ("St", "st.") without being so exactly, and none has a space next to
     * another (each space reads as one run of white space).
     */
    static boolean trieSafe(List<String> entries) {
        for (String a : entries) {
            if (a.isEmpty() || a.contains("  ") || a.startsWith(" ") || a.endsWith(" ")) {
                return false;
            }
            String la = a.toLowerCase(Locale.ROOT);
            for (String b : entries) {
                String lb = b.toLowerCase(Locale.ROOT);
                if (a != b && la.startsWith(lb) && !a.startsWith(b)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether offset {@code at} lies inside a look-behind group, where alternatives must keep a bounded length. */
    private static boolean insideLookbehind(String regex, int at) {
        for (int open = regex.indexOf("(?<", 0); open >= 0 && open < at; open = regex.indexOf("(?<", open + 1)) {
            if (!(regex.startsWith("(?<=", open) || regex.startsWith("(?<!", open))) {
                continue;
            }
            int depth = 0;
            for (int i = open; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    if (i > at) {
                        return true;
                    }
                    break;
                }
            }
        }
        return false;
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
        Matcher[] ms = matchers.get();
        boolean[] attached = new boolean[ms.length];
        try {
            recognize(note, out, ms, attached);
        } finally {
            // A matcher keeps its input: let go of the note once done.
            for (int r = 0; r < ms.length; r++) {
                if (attached[r]) {
                    ms[r].reset("");
                }
            }
        }
    }

    /**
     * Runs every rule; a rule's matcher is given the note only at the first position its start filter lets through
     * ({@code attached}), since each reset clears all of the matcher's groups and locals.
     */
    private void recognize(NoteText note, List<PhiSpan> out, Matcher[] ms, boolean[] attached) {
        int[][] digitCandidates = null;
        List<PhraseIndex.Hit<Long>> contextHits = null;
        int[][] wordPositions = null;
        for (int r = 0; r < rules.size(); r++) {
            PatternRule rule = rules.get(r);
            Prepared prep = prepared.get(r);
            note.checkDeadline();
            Matcher m = ms[r];
            if (rule.trigger() instanceof PatternRule.Trigger.Scan scan) {
                m.reset(note.chars());
                attached[r] = true;
                if (containsAny(note.lowerText(), scan.literals())) {
                    while (m.find()) {
                        emit(note, rule, prep, m, out);
                    }
                }
                continue;
            }
            int[] positions;
            if (rule.trigger() instanceof PatternRule.Trigger.AfterContext) {
                if (contextHits == null) {
                    contextHits = contexts.find(note);
                }
                positions = afterContext(note, contextHits, prep.contextBit());
            } else if (sameWordsAs[r] >= 0 && wordPositions != null && wordPositions[sameWordsAs[r]] != null) {
                positions = wordPositions[sameWordsAs[r]];
            } else {
                positions = positions(note, rule, prep);
                if (rule.trigger() instanceof PatternRule.Trigger.Words) {
                    if (wordPositions == null) {
                        wordPositions = new int[rules.size()][];
                    }
                    wordPositions[r] = positions;
                }
            }
            int skipUntil = -1;
            // A rule scored below the threshold emits only with a context phrase just before the match (see emit),
            // which starts where it is tried: without one there, the regex need not run.
            boolean needsContext = rule.score() < Resolver.THRESHOLD;
            boolean mayReachThreshold = rule.score() + rule.boost() >= Resolver.THRESHOLD
                    && !(rule.trigger() instanceof PatternRule.Trigger.AfterContext) && !rule.context().isEmpty();
            if (needsContext && !mayReachThreshold) {
                continue;
            }
            String lowerText = needsContext ? note.lowerText() : null;
            StartFilter start = prep.start();
            Validator validator = rule.validator();
            char[] chars = note.charArray();
            int[] runs = null;
            int[] tried = null;
            int count = positions.length;
            if (rule.trigger() instanceof PatternRule.Trigger.Digit) {
                runs = note.digitRuns();
                if (digitCandidates == null) {
                    digitCandidates = digitCandidates(note);
                }
                tried = digitCandidates[r];
                count = tried == null ? 0 : tried[0];
            }
            for (int i = 0; i < count; i++) {
                // A digit rule reads its candidates' indexes (after the count at [0]), any other rule every position.
                int k = tried != null ? tried[i + 1] : i;
                int pos = positions[k];
                if (pos < skipUntil) {
                    continue;
                }
                // A pattern the start filter does not read is tried at every candidate position.
                if (start != null && !(runs != null ? start.mayMatchAt(chars, pos, runs[k]) : start.mayMatchAt(chars, pos))) {
                    continue;
                }
                if (!validator.mayPassAt(chars, pos)) {
                    continue;
                }
                if (needsContext && !prep.contextPhrases().anyIn(lowerText, pos - PatternRule.CONTEXT_WINDOW, pos)) {
                    continue;
                }
                if (!attached[r]) {
                    m.reset(note.chars());
                    attached[r] = true;
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

    /**
     * For each digit rule, the indexes into {@link NoteText#digitStarts()} of the runs of digits it may match at, the
     * count first ({@code null}: none); from one pass over the note's runs, each read once for all the digit rules.
     */
    int[][] digitCandidates(NoteText note) {
        int[] starts = note.digitStarts();
        int[] runs = note.digitRuns();
        char[] cs = note.charArray();
        int[][] byRule = new int[rules.size()][];
        for (int k = 0; k < starts.length; k++) {
            int digits = runs[k];
            int after = starts[k] + digits;
            long bits = digits >= StartFilter.MAX_SCAN || after >= cs.length || cs[after] >= 128 ? allDigitRules
                    : digitRuleMask[digits * 128 + cs[after]];
            while (bits != 0) {
                int r = digitRules[Long.numberOfTrailingZeros(bits)];
                bits &= bits - 1;
                int[] list = byRule[r];
                if (list == null) {
                    list = new int[Math.min(starts.length, 8) + 1];
                    byRule[r] = list;
                } else if (list[0] + 1 == list.length) {
                    list = Arrays.copyOf(list, Math.min(starts.length + 1, list.length * 2));
                    byRule[r] = list;
                }
                list[++list[0]] = k;
            }
        }
        return byRule;
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
        } else if (trigger instanceof PatternRule.Trigger.Words) {
            return wordStarts(note, prep.triggerWords());
        } else if (trigger instanceof PatternRule.Trigger.Chars c) {
            return note.charPositions(c.chars());
        } else if (trigger instanceof PatternRule.Trigger.Literal l) {
            return literalPositions(note, l);
        }
        return new int[0];
    }

    private static int[] wordStarts(NoteText note, String[] words) {
        int[] p = new int[8];
        int n = 0;
        int sets = 0;
        for (String w : words) {
            int id = note.wordIndex(w);
            if (id < 0) {
                continue;
            }
            sets++;
            for (int k = 0, count = note.occurrenceCount(id); k < count; k++) {
                if (n == p.length) {
                    p = Arrays.copyOf(p, n * 2);
                }
                p[n++] = note.tokenStart(note.occurrence(id, k));
            }
        }
        int[] out = Arrays.copyOf(p, n);
        if (sets > 1) {
            Arrays.sort(out);
        }
        return out;
    }

    /** The token starts a context rule is tried at: those after the hits of its phrases ({@code bit} of their value). */
    static int[] afterContext(NoteText note, List<PhraseIndex.Hit<Long>> hits, long bit) {
        boolean[] marked = null;
        for (PhraseIndex.Hit<Long> hit : hits) {
            if ((hit.value() & bit) == 0) {
                continue;
            }
            if (marked == null) {
                marked = new boolean[note.tokenCount()];
            }
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
        if (marked == null) {
            return NO_POSITIONS;
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

    private static final int[] NO_POSITIONS = new int[0];

    private static int[] literalPositions(NoteText note, PatternRule.Trigger.Literal trigger) {
        String lower = note.lowerText();
        int[] found = new int[8];
        int n = 0;
        for (String literal : trigger.literals()) {
            // The previous walk back, reused when this one reaches it: linear even in a long run of address characters.
            int prevAt = -1;
            int prevStart = -1;
            // String.indexOf compares many characters at a time: cheaper than testing each occurrence of the first
            // character (every space for " to follow", every period for the twelve domain endings).
            // A lone uncased character ("@", ":") stands at the same offsets in the text, where the note finds it once.
            char first = literal.charAt(0);
            boolean cased = Character.toUpperCase(first) != first || Character.toLowerCase(first) != first;
            int[] starts = literal.length() == 1 && !cased ? note.charPositions(literal) : positionsOf(lower, literal);
            for (int p0 : starts) {
                int p = p0;
                if (trigger.back()) {
                    while (p > 0 && addressChar(lower.charAt(p - 1))) {
                        p--;
                        if (p == prevAt) {
                            p = prevStart;
                            break;
                        }
                    }
                    prevAt = p0;
                    prevStart = p;
                }
                if (n == found.length) {
                    found = Arrays.copyOf(found, n * 2);
                }
                found[n++] = p;
            }
        }
        Arrays.sort(found, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || found[i] != found[distinct - 1]) {
                found[distinct++] = found[i];
            }
        }
        return Arrays.copyOf(found, distinct);
    }

    private static int[] positionsOf(String s, String literal) {
        int[] p = new int[8];
        int n = 0;
        for (int at = s.indexOf(literal); at >= 0; at = s.indexOf(literal, at + 1)) {
            if (n == p.length) {
                p = Arrays.copyOf(p, n * 2);
            }
            p[n++] = at;
        }
        return Arrays.copyOf(p, n);
    }

    /** The characters of an address, [a-z0-9._%+-], in the lower-case text. */
    private static boolean addressChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

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
                && prep.contextPhrases().anyIn(lower, m.start() - PatternRule.CONTEXT_WINDOW, m.start())) {
            score += rule.boost();
        }
        if (!rule.negative().isEmpty() && (prep.negativeBefore().anyIn(lower, clauseStart(lower, m.start()), m.start())
                || prep.negativeAfter().anyIn(lower, m.end(), clauseEnd(lower, m.end())))) {
            score -= 0.5;
        }
        if (score < Resolver.THRESHOLD) {
            return false;
        }
        out.add(new PhiSpan(rule.type(), start, end, Math.min(score, 1.0), prep.spanSource()));
        return true;
    }
}
