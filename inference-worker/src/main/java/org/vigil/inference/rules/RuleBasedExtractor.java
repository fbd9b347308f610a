package org.vigil.inference.rules;

import org.vigil.inference.SignalExtractor;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.SignalKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules backend: lexicon matches, screening results, section defaults and ConText cues turned into signals
 * with an assertion each. Stateless and thread-safe; all its knowledge is in the {@link RuleSet} data files.
 */
public final class RuleBasedExtractor implements SignalExtractor {

    /** A note's tokens with every mention the rules found, weak candidates included. */
    public record Analysis(TokenizedText tokens, List<Mention> mentions) {
    }

    private final RuleSet rules;
    /** {@code absorbs[outer][inner]} by kind ordinal, from the taxonomy. */
    private final boolean[][] absorbs;
    /** Whether the kind absorbs any other. */
    private final boolean[] absorbsAny;

    public RuleBasedExtractor(RuleSet rules) {
        this.rules = rules;
        SignalKind[] kinds = SignalKind.values();
        absorbs = new boolean[kinds.length][kinds.length];
        absorbsAny = new boolean[kinds.length];
        for (SignalKind outer : kinds) {
            for (SignalKind inner : kinds) {
                absorbs[outer.ordinal()][inner.ordinal()] = rules.taxonomy().absorbs(outer, inner);
                absorbsAny[outer.ordinal()] |= absorbs[outer.ordinal()][inner.ordinal()];
            }
        }
    }

    public RuleSet rules() {
        return rules;
    }

    public String version() {
        return rules.version();
    }

    /**
     * A thread's scratch space, kept from its previous note: the note's tokens (extract() lets no tokens out), the
     * matchers' hits and the per-token arrays, so a worker thread goes from note to note allocating little more
     * than its results.
     */
    private static final class Workspace {
        TokenizedText tokens;
        final PhraseMatcher.Hits hits = new PhraseMatcher.Hits();
        boolean[] inMention = new boolean[0];
        boolean[] taken = new boolean[0];
        boolean[] cued = new boolean[0];
        ContextRule[] terminatorAt = new ContextRule[0];
        /** The comma or semicolon after a coded term's semantic tag: the end of a list item no cue crosses. */
        boolean[] listBreak = new boolean[0];
        final List<Integer> listBreaks = new ArrayList<>();
        /** Candidate objects reused from note to note: {@code used} of them are this note's. */
        Candidate[] pool = new Candidate[64];
        int used;
        @SuppressWarnings("unchecked")
        final List<Candidate>[] byKind = new List[KINDS];
        final List<Candidate> exclusions = new ArrayList<>();
        final List<Candidate> kept = new ArrayList<>();
        final List<Candidate> absorbers = new ArrayList<>();
        final List<Candidate> candidates = new ArrayList<>();
        boolean[] drop = new boolean[64];
        long[] order = new long[64];
        Mention[] made = new Mention[64];
        /**
         * Whether the per-token arrays are all cleared: a note clears the entries it set when it is done, so the
         * next one need not clear the whole arrays (a note that threw leaves them to be cleared in full).
         */
        boolean clean = true;

        Workspace() {
            for (int k = 0; k < KINDS; k++) {
                byKind[k] = new ArrayList<>();
            }
        }

        /** A cleared candidate. */
        Candidate candidate() {
            if (used == pool.length) {
                pool = Arrays.copyOf(pool, used * 2);
            }
            Candidate c = pool[used];
            if (c == null) {
                c = new Candidate();
                pool[used] = c;
            } else {
                c.startChar = -1;
                c.endChar = -1;
                c.entry = null;
                c.fixed = null;
                c.weak = false;
            }
            used++;
            return c;
        }

        /** Makes the per-token arrays hold {@code tokens} cleared entries, and {@code cued} one per sentence. */
        void clear(int tokens, int sentences) {
            if (!clean) {
                Arrays.fill(inMention, false);
                Arrays.fill(taken, false);
                Arrays.fill(terminatorAt, null);
                Arrays.fill(listBreak, false);
                Arrays.fill(cued, false);
            }
            clean = false;
            if (inMention.length < tokens) {
                int size = Math.max(tokens, inMention.length * 2);
                inMention = new boolean[size];
                taken = new boolean[size];
                terminatorAt = new ContextRule[size];
                listBreak = new boolean[size];
            }
            if (cued.length < sentences) {
                cued = new boolean[Math.max(sentences, cued.length * 2)];
            }
            used = 0;
            for (List<Candidate> list : byKind) {
                list.clear();
            }
            exclusions.clear();
            kept.clear();
            absorbers.clear();
            candidates.clear();
        }
    }

    private static final ThreadLocal<Workspace> SCRATCH = ThreadLocal.withInitial(Workspace::new);

    @Override
    public List<RiskSignal> extract(String text) {
        Workspace ws = SCRATCH.get();
        TokenizedText tokens = TokenizedText.reuse(ws.tokens, text);
        ws.tokens = tokens;
        List<Mention> mentions = mentions(tokens, ws);
        List<RiskSignal> out = new ArrayList<>(mentions.size());
        for (Mention m : mentions) {
            if (!m.weak()) {
                out.add(m.toSignal(text, rules.version()));
            }
        }
        return out;
    }

    /** Every mention in the text, weak candidates included, ordered by start offset then kind. */
    public Analysis analyze(String text) {
        TokenizedText tokens = TokenizedText.of(text);
        return new Analysis(tokens, mentions(tokens, SCRATCH.get()));
    }

    /**
     * ConText's flags for any target in a text, as medspaCy's ConText reads a span: {@code [startChar, endChar)} is
     * widened to the tokens it touches, and the same triggers, scopes and terminators as for signal mentions apply,
     * those restricted to some kinds excepted. Section headers are no cues and end the scopes before them; no
     * section default or phrase polarity enters the flags.
     *
     * @throws IllegalArgumentException when the span holds no token of the text
     */
    public ContextAttributes context(String text, int startChar, int endChar) {
        TokenizedText tokens = TokenizedText.of(text);
        int start = -1;
        int end = -1;
        for (int t = 0; t < tokens.size(); t++) {
            if (tokens.end(t) > startChar && tokens.start(t) < endChar) {
                if (start < 0) {
                    start = t;
                }
                end = t + 1;
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("no token in the target span " + startChar + ".." + endChar);
        }
        PhraseMatcher.Hits hits = new PhraseMatcher.Hits();
        boolean[] blocked = new boolean[tokens.size()];
        for (Section s : rules.sections().find(tokens, hits)) {
            Arrays.fill(blocked, s.headerStart(), s.startToken(), true);
        }
        Arrays.fill(blocked, start, end, true); // a cue inside the target is part of it ("no acute distress")
        boolean[] sentences = new boolean[tokens.sentence(tokens.size() - 1) + 1];
        sentences[tokens.sentence(start)] = true;
        List<ContextRules.Trigger> triggers = rules.context().find(tokens, blocked, sentences, hits, start, end);
        ContextRule[] terminatorAt = new ContextRule[tokens.size()];
        for (ContextRules.Trigger t : triggers) {
            if (t.rule().category() == ContextCategory.TERMINATE) {
                Arrays.fill(terminatorAt, t.start(), t.end(), t.rule());
            }
        }
        return attributes(tokens, null, start, end, triggers, terminatorAt, blocked, false,
                new boolean[tokens.size()]);
    }

    private List<Mention> mentions(TokenizedText tokens, Workspace ws) {
        ws.clear(tokens.size(), tokens.size() == 0 ? 0 : tokens.sentence(tokens.size() - 1) + 1);
        List<Section> sections = rules.sections().find(tokens, ws.hits);
        rules.lexicon().findHits(tokens, ws.hits);
        List<ScreeningInstruments.Result> screening = rules.screening().find(tokens);

        List<Candidate> candidates = resolve(tokens, ws.hits, screening, ws);
        // A header such as "Substance Use:" names a section, not a signal.
        if (!sections.isEmpty()) {
            int kept = 0;
            for (int k = 0; k < candidates.size(); k++) {
                Candidate c = candidates.get(k);
                if (c.fixed != null || !inHeader(sections, c)) {
                    candidates.set(kept++, c);
                }
            }
            truncate(candidates, kept);
        }
        // A coded term tagged as a procedure, regime or observable ("screening for domestic abuse (procedure)")
        // names an act or a question, not a condition; and its tag ends it, so a cue inside one coded term of a
        // list ("acute bronchitis (disorder), limited social contact (finding)") does not reach the next.
        if (tokens.hasParenthesis()
                && rules.semanticTags().markListBreaks(tokens, ws.listBreak, ws.listBreaks, ws.hits)) {
            int kept = 0;
            for (int k = 0; k < candidates.size(); k++) {
                Candidate c = candidates.get(k);
                if (c.fixed != null || !rules.semanticTags().namesNoFinding(tokens, c.end, ws.hits)) {
                    candidates.set(kept++, c);
                }
            }
            truncate(candidates, kept);
        }
        boolean[] inMention = ws.inMention;
        for (Candidate c : candidates) {
            if (!c.weak) {
                for (int t = c.start; t < c.end; t++) {
                    inMention[t] = true;
                }
            }
        }
        for (Section s : sections) {
            for (int t = s.headerStart(); t < s.startToken(); t++) {
                inMention[t] = true; // a header's words ("Social History") are not cues
            }
        }
        // A cue whose first word belongs to a signal phrase is part of that phrase ("no supports"); one that only
        // runs into a phrase still applies ("denies feeling" + "feeling isolated").
        // Only the triggers of a sentence with a mention that takes its assertion from cues are ever read: the scan
        // skips the other sentences, most of a note.
        boolean[] cued = ws.cued;
        for (int k = 0; k < candidates.size(); k++) {
            Candidate c = candidates.get(k);
            if (c.fixed == null) {
                cued[tokens.sentence(c.start)] = true;
            }
        }
        List<ContextRules.Trigger> triggers = rules.context().find(tokens, inMention, cued, ws.hits);
        ContextRule[] terminatorAt = ws.terminatorAt;
        for (ContextRules.Trigger t : triggers) {
            if (t.rule().category() == ContextCategory.TERMINATE) {
                for (int k = t.start(); k < t.end(); k++) {
                    terminatorAt[k] = t.rule();
                }
            }
        }

        int count = candidates.size();
        if (ws.order.length < count) {
            ws.order = new long[Math.max(count, ws.order.length * 2)];
            ws.made = new Mention[ws.order.length];
        }
        // Mentions in order of start offset then kind, ties in candidate order: one sort of packed longs.
        long[] order = ws.order;
        Mention[] made = ws.made;
        // One Optional per section, not per mention.
        @SuppressWarnings("unchecked")
        Optional<String>[] sectionNames = sections.isEmpty() ? null : new Optional[sections.size()];
        boolean anyAbsent = false;
        for (int k = 0; k < candidates.size(); k++) {
            anyAbsent |= candidates.get(k).entry != null && candidates.get(k).entry.absent();
        }
        for (int k = 0; k < candidates.size(); k++) {
            Candidate c = candidates.get(k);
            int at = sectionOf(sections, c.start);
            Section section = at < 0 ? null : sections.get(at);
            Optional<String> sectionName = Optional.empty();
            if (section != null) {
                sectionName = sectionNames[at];
                if (sectionName == null) {
                    sectionName = Optional.of(section.name());
                    sectionNames[at] = sectionName;
                }
            }
            ContextAttributes context = c.fixed != null ? ContextAttributes.of(c.fixed)
                    : attributes(tokens, c.kind, c.start, c.end, triggers, terminatorAt, inMention,
                    answeredAbsent(candidates, c, anyAbsent), ws.listBreak);
            Assertion assertion = c.fixed != null ? c.fixed
                    : context.assertion(c.entry != null && c.entry.absent(),
                    section == null ? Optional.empty() : section.defaultAssertion(),
                    c.entry == null ? Optional.empty() : c.entry.assertion());
            if (assertion == null) {
                made[k] = null;
                continue;
            }
            int startChar = c.startChar >= 0 ? c.startChar : tokens.start(c.start);
            int endChar = c.endChar >= 0 ? c.endChar : tokens.end(c.end - 1);
            double confidence = assertion == Assertion.UNCERTAIN ? Math.min(c.confidence, 0.7) : c.confidence;
            made[k] = new Mention(c.kind, assertion, context, c.start, c.end, startChar, endChar, sectionName, c.source,
                    confidence, c.weak);
            order[k] = (long) startChar << 32 | (long) c.kind.ordinal() << 24 | k;
        }
        // A mention the cues read as a topic, not a finding, was given no assertion: it goes.
        int live = 0;
        for (int k = 0; k < count; k++) {
            if (made[k] != null) {
                made[live] = made[k];
                order[live] = order[k] & ~0xFFFFFFL | live;
                live++;
            }
        }
        Arrays.fill(made, live, count, null);
        count = live;
        List<Mention> out = new ArrayList<>(count);
        if (count < 1 << 24) {
            Arrays.sort(order, 0, count);
            for (int k = 0; k < count; k++) {
                out.add(made[(int) (order[k] & 0xFFFFFF)]);
            }
        } else {
            out.addAll(Arrays.asList(made).subList(0, count));
            out.sort(BY_START_THEN_KIND);
        }
        Arrays.fill(made, 0, count, null);
        // Clear what this note set in the workspace (taken is left cleared by resolve).
        for (int k = 0; k < candidates.size(); k++) {
            Candidate c = candidates.get(k);
            Arrays.fill(inMention, c.start, c.end, false);
            cued[tokens.sentence(c.start)] = false;
        }
        for (int k = 0; k < sections.size(); k++) {
            Arrays.fill(inMention, sections.get(k).headerStart(), sections.get(k).startToken(), false);
        }
        for (int k = 0; k < triggers.size(); k++) {
            ContextRules.Trigger t = triggers.get(k);
            Arrays.fill(terminatorAt, t.start(), t.end(), null);
        }
        for (int k = 0; k < ws.listBreaks.size(); k++) {
            ws.listBreak[ws.listBreaks.get(k)] = false;
        }
        ws.listBreaks.clear();
        ws.clean = true;
        return out;
    }

    private static final Comparator<Mention> BY_START_THEN_KIND = (a, b) -> a.start() != b.start()
            ? Integer.compare(a.start(), b.start()) : a.kind().compareTo(b.kind());

    /** A mention being resolved. Screening results carry character offsets and a fixed assertion. */
    private static final class Candidate {
        SignalKind kind;
        int start;
        int end;
        int startChar = -1;
        int endChar = -1;
        LexiconEntry entry;
        Assertion fixed;
        String source;
        double confidence;
        boolean weak;

        int length() {
            return end - start;
        }

        boolean overlaps(Candidate o) {
            return start < o.end && o.start < end;
        }

        boolean contains(Candidate o) {
            return start <= o.start && o.end <= end;
        }
    }

    private static final int KINDS = SignalKind.values().length;

    /**
     * Exclusions, absorption between kinds, screening over lexicon, then leftmost-longest per kind. The lexicon's
     * matches are its hits in {@code matches}; the result is the workspace's candidate list.
     */
    private List<Candidate> resolve(TokenizedText tokens, PhraseMatcher.Hits matches,
                                    List<ScreeningInstruments.Result> screening, Workspace ws) {
        boolean[] taken = ws.taken;
        List<Candidate> exclusions = ws.exclusions;
        List<Candidate>[] byKind = ws.byKind;
        SignalLexicon lexicon = rules.lexicon();
        for (int mi = 0; mi < matches.size(); mi++) {
            LexiconEntry entry = lexicon.entry(matches, mi);
            List<SignalKind> kinds = entry.kinds();
            for (int ki = 0; ki < kinds.size(); ki++) {
                SignalKind kind = kinds.get(ki);
                Candidate c = ws.candidate();
                c.kind = kind;
                c.entry = entry;
                c.source = entry.id();
                c.confidence = entry.confidence();
                c.weak = entry.weak();
                if (entry.exclusion()) {
                    c.start = matches.start(mi);
                    c.end = matches.end(mi);
                    exclusions.add(c);
                } else {
                    c.start = matches.spanStart(mi);
                    c.end = matches.spanEnd(mi);
                    byKind[kind.ordinal()].add(c);
                }
            }
        }
        for (int ri = 0; ri < screening.size(); ri++) {
            ScreeningInstruments.Result r = screening.get(ri);
            Candidate c = ws.candidate();
            c.kind = r.kind();
            c.startChar = r.start();
            c.endChar = r.end();
            c.start = tokenAt(tokens, r.start());
            c.end = Math.max(c.start + 1, tokenAt(tokens, r.end() - 1) + 1);
            c.fixed = r.assertion();
            c.source = "screening/" + r.instrumentId();
            c.confidence = 0.95;
            byKind[c.kind.ordinal()].add(c);
        }

        List<Candidate> kept = ws.kept;
        // Tokens taken by a chosen mention of the kind at hand: a candidate clashes when it shares one (spans are
        // never empty, so sharing a token is overlapping).
        for (List<Candidate> list : byKind) {
            if (list.isEmpty()) {
                continue;
            }
            if (!exclusions.isEmpty()) {
                int left = 0;
                for (int k = 0; k < list.size(); k++) {
                    Candidate c = list.get(k);
                    if (c.fixed != null || !excluded(exclusions, c)) {
                        list.set(left++, c);
                    }
                }
                truncate(list, left);
            }
            sort(list);
            int first = kept.size();
            for (int k = 0; k < list.size(); k++) {
                Candidate c = list.get(k);
                boolean clash = false;
                for (int t = c.start; t < c.end; t++) {
                    if (taken[t]) {
                        clash = true;
                        break;
                    }
                }
                if (!clash) {
                    kept.add(c);
                    Arrays.fill(taken, c.start, c.end, true);
                }
            }
            for (int k = first; k < kept.size(); k++) {
                Arrays.fill(taken, kept.get(k).start, kept.get(k).end, false);
            }
        }
        dropFieldLabels(tokens, kept, ws);
        // Only a strong mention of a kind that absorbs another can absorb: most notes have a handful.
        List<Candidate> absorbers = ws.absorbers;
        for (int k = 0; k < kept.size(); k++) {
            Candidate c = kept.get(k);
            if (!c.weak && absorbsAny[c.kind.ordinal()]) {
                absorbers.add(c);
            }
        }
        // A mention can only be absorbed by one that covers its first token: taken (cleared above) marks those
        // tokens, so most mentions skip the absorbers.
        for (int a = 0; a < absorbers.size(); a++) {
            Arrays.fill(taken, absorbers.get(a).start, absorbers.get(a).end, true);
        }
        List<Candidate> out = ws.candidates;
        for (int k = 0; k < kept.size(); k++) {
            Candidate c = kept.get(k);
            if (!taken[c.start] || !absorbed(c, absorbers)) {
                out.add(c);
            }
        }
        for (int a = 0; a < absorbers.size(); a++) {
            Arrays.fill(taken, absorbers.get(a).start, absorbers.get(a).end, false);
        }
        return out;
    }

    private boolean absorbed(Candidate c, List<Candidate> absorbers) {
        for (int a = 0; a < absorbers.size(); a++) {
            Candidate outer = absorbers.get(a);
            if (outer.start <= c.start && c.end <= outer.end && outer.kind != c.kind
                    && absorbs[outer.kind.ordinal()][c.kind.ordinal()]
                    && (outer.length() > c.length() || outer.fixed != null)) {
                return true;
            }
        }
        return false;
    }

    /** Sorts by {@link #PRIORITY}, stably: a kind has a handful of candidates, for which an insertion sort is fastest. */
    private static void sort(List<Candidate> list) {
        for (int i = 1; i < list.size(); i++) {
            Candidate c = list.get(i);
            int j = i - 1;
            while (j >= 0 && PRIORITY.compare(list.get(j), c) > 0) {
                list.set(j + 1, list.get(j));
                j--;
            }
            list.set(j + 1, c);
        }
    }

    /** Drops the elements from {@code size} on. */
    private static void truncate(List<Candidate> list, int size) {
        for (int k = list.size() - 1; k >= size; k--) {
            list.remove(k);
        }
    }

    private static boolean inHeader(List<Section> sections, Candidate c) {
        for (int k = 0; k < sections.size(); k++) {
            Section s = sections.get(k);
            if (s.headerStart() <= c.start && c.end <= s.startToken()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops a field label ("Firearms: wife owns a hunting rifle", "Firearm screen: firearm in home: yes") when the
     * field's value names the same kind: the value is the mention. "SI: denied" keeps its label, the only mention.
     */
    private static void dropFieldLabels(TokenizedText tokens, List<Candidate> kept, Workspace ws) {
        // Every label is judged against all the mentions, dropped ones included, then the labels go.
        if (ws.drop.length < kept.size()) {
            ws.drop = new boolean[Math.max(kept.size(), ws.drop.length * 2)];
        }
        boolean[] drop = ws.drop;
        boolean any = false;
        for (int j = 0; j < kept.size(); j++) {
            drop[j] = isFieldLabel(tokens, kept, kept.get(j));
            any |= drop[j];
        }
        if (any) {
            int left = 0;
            for (int j = 0; j < kept.size(); j++) {
                if (!drop[j]) {
                    kept.set(left++, kept.get(j));
                }
            }
            truncate(kept, left);
        }
    }

    private static boolean isFieldLabel(TokenizedText tokens, List<Candidate> kept, Candidate label) {
        if (label.fixed != null || !tokens.atLineStart(label.start)) {
            return false;
        }
        int colon = label.end;
        if (colon < tokens.size() && !tokens.is(colon, ':')) {
            colon++; // "Firearm screen:"
        }
        if (colon >= tokens.size() || !tokens.is(colon, ':') || colon - label.end > 1) {
            return false;
        }
        int sentence = tokens.sentence(label.start);
        for (int k = 0; k < kept.size(); k++) {
            Candidate other = kept.get(k);
            if (other != label && other.kind == label.kind && other.start > colon
                    && tokens.sentence(other.start) == sentence && !tokens.atLineStart(other.start)) {
                return true;
            }
        }
        return false;
    }

    /** Screening results first, then longer, then earlier, then strong before weak. */
    private static final Comparator<Candidate> PRIORITY = (a, b) -> {
        int d = Integer.compare(a.fixed != null ? 0 : 1, b.fixed != null ? 0 : 1);
        if (d == 0) {
            d = Integer.compare(b.length(), a.length());
        }
        if (d == 0) {
            d = Integer.compare(a.start, b.start);
        }
        return d != 0 ? d : Integer.compare(a.weak ? 1 : 0, b.weak ? 1 : 0);
    };

    private static boolean excluded(List<Candidate> exclusions, Candidate c) {
        for (int k = 0; k < exclusions.size(); k++) {
            Candidate x = exclusions.get(k);
            if (x.kind == c.kind && x.overlaps(c)) {
                return true;
            }
        }
        return false;
    }

    private static int tokenAt(TokenizedText tokens, int charOffset) {
        int lo = 0;
        int hi = tokens.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tokens.start(mid) <= charOffset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The index of the section the token is in, or -1. */
    private static int sectionOf(List<Section> sections, int token) {
        int found = -1;
        for (int k = 0; k < sections.size(); k++) {
            if (sections.get(k).startToken() <= token) {
                found = k;
            } else {
                break;
            }
        }
        return found;
    }

    /**
     * The ConText flags of the target {@code [start, end)} (tokens) of {@code kind} (null: an untyped target, which
     * only the triggers for every kind modify): every non-terminating trigger of its sentence whose scope reaches it
     * sets its category's flag; of a history cue and a recency cue, the nearer one describes the target ("psychosis
     * in 2014 ..., now sober" is history; "MDD since 2015, currently symptomatic" is current).
     */
    private static ContextAttributes attributes(TokenizedText tokens, SignalKind kind, int start, int end,
                                                List<ContextRules.Trigger> triggers, ContextRule[] terminatorAt,
                                                boolean[] inMention, boolean answeredAbsent, boolean[] listBreak) {
        boolean family = false;
        boolean negated = answeredAbsent;
        boolean hypothetical = false;
        boolean possible = false;
        boolean topic = false;
        boolean definite = false;
        int historical = Integer.MAX_VALUE;
        int current = Integer.MAX_VALUE;
        int sentence = tokens.sentence(start);
        // Triggers are in text order: start at the first one of the target's sentence, stop after it.
        int lo = 0;
        int hi = triggers.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.sentence(triggers.get(mid).start()) < sentence) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int ti = lo; ti < triggers.size(); ti++) {
            ContextRules.Trigger t = triggers.get(ti);
            if (tokens.sentence(t.start()) > sentence) {
                break;
            }
            ContextRule rule = t.rule();
            ContextCategory cat = rule.category();
            if (cat == ContextCategory.TERMINATE || cat == ContextCategory.PSEUDO) {
                continue;
            }
            if (tokens.sentence(t.start()) != sentence || !rule.appliesTo(kind)) {
                continue;
            }
            if (!inScope(tokens, t, start, end, kind != null, terminatorAt, inMention, listBreak)) {
                continue;
            }
            switch (cat) {
                case FAMILY -> family = true;
                case NEGATED_EXISTENCE -> negated = true;
                case HYPOTHETICAL -> hypothetical = true;
                case POSSIBLE_EXISTENCE -> possible = true;
                case HISTORICAL -> historical = Math.min(historical, distance(t, start, end));
                case CURRENT -> current = Math.min(current, distance(t, start, end));
                case TOPIC -> topic = true;
                case DEFINITE_EXISTENCE -> definite = true;
                default -> { }
            }
        }
        return new ContextAttributes(negated, historical < current, hypothetical, family, possible,
                current != Integer.MAX_VALUE, topic, definite);
    }

    /**
     * Whether the mention is the rest of a field answered absent ("Firearms: denies [access to guns]", "Drugs: none
     * [in the home]"): a mention of the same kind that states absence ends right before it.
     */
    private static boolean answeredAbsent(List<Candidate> candidates, Candidate c, boolean anyAbsent) {
        if (!anyAbsent || c.entry == null || c.entry.absent()) {
            return false;
        }
        for (int k = 0; k < candidates.size(); k++) {
            Candidate a = candidates.get(k);
            if (a.end == c.start && a.kind == c.kind && a.entry != null && a.entry.absent()) {
                return true;
            }
        }
        return false;
    }

    private static int distance(ContextRules.Trigger t, int start, int end) {
        return t.end() <= start ? start - t.end() : Math.max(0, t.start() - end);
    }

    /**
     * Whether the mention lies in the trigger's scope: on the trigger's side, within its maximum scope, with no
     * terminator between them. A forward negation runs over a list ("no SI, HI, or AVH") but stops at a list
     * item that names no signal and has several words, so "no supports, depression" does not negate depression;
     * for an untyped target ({@code typed} false) no lexicon tells a finding from other words, so a list does not
     * stop it ("negative for chest pain, shortness of breath or palpitations").
     */
    private static boolean inScope(TokenizedText tokens, ContextRules.Trigger t, int start, int end, boolean typed,
                                   ContextRule[] terminatorAt, boolean[] inMention, boolean[] listBreak) {
        ContextRule rule = t.rule();
        ContextRule.Direction dir = rule.direction();
        if (t.start() < start && t.end() <= end && dir != ContextRule.Direction.BACKWARD) {
            int gap = Math.max(0, start - t.end());
            if (gap > rule.maxScope()) {
                return false;
            }
            int itemWords = 0;
            boolean itemHasMention = false;
            for (int k = t.end(); k < start; k++) {
                ContextRule term = terminatorAt[k];
                if (term != null && term.ends(rule.category())) {
                    return false;
                }
                if (rule.overLists()) {
                    continue;
                }
                if (listBreak[k]) {
                    return false;
                }
                if (tokens.is(k, ',') || tokens.is(k, '(') || tokens.is(k, ')')) {
                    if (typed && !itemHasMention && itemWords >= 3) {
                        return false;
                    }
                    itemWords = 0;
                    itemHasMention = false;
                } else if (inMention[k]) {
                    itemHasMention = true;
                } else if (tokens.isWord(k)) {
                    itemWords++;
                }
            }
            return true;
        }
        if (end <= t.start() && dir != ContextRule.Direction.FORWARD) {
            int gap = t.start() - end;
            if (gap > rule.backwardScope()) {
                return false;
            }
            for (int k = end; k < t.start(); k++) {
                ContextRule term = terminatorAt[k];
                if (term != null && term.ends(rule.category()) || listBreak[k]) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
