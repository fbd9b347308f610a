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
     * The tokens of the note this thread extracts from, in arrays kept from its previous note: extract() lets no
     * tokens out, and a worker thread then tokenizes note after note without allocating.
     */
    private static final ThreadLocal<TokenizedText> SCRATCH = new ThreadLocal<>();

    @Override
    public List<RiskSignal> extract(String text) {
        TokenizedText tokens = TokenizedText.reuse(SCRATCH.get(), text);
        SCRATCH.set(tokens);
        List<Mention> mentions = mentions(tokens);
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
        return new Analysis(tokens, mentions(tokens));
    }

    private List<Mention> mentions(TokenizedText tokens) {
        List<Section> sections = rules.sections().find(tokens);
        List<Lexicon.Match> matches = rules.lexicon().find(tokens);
        List<ScreeningInstruments.Result> screening = rules.screening().find(tokens);

        List<Candidate> candidates = resolve(tokens, matches, screening);
        // A header such as "Substance Use:" names a section, not a signal.
        if (!sections.isEmpty()) {
            candidates.removeIf(c -> c.fixed == null && inHeader(sections, c));
        }
        boolean[] inMention = new boolean[tokens.size()];
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
        boolean[] cued = new boolean[tokens.size() == 0 ? 0 : tokens.sentence(tokens.size() - 1) + 1];
        for (int k = 0; k < candidates.size(); k++) {
            Candidate c = candidates.get(k);
            if (c.fixed == null) {
                cued[tokens.sentence(c.start)] = true;
            }
        }
        List<ContextRules.Trigger> triggers = rules.context().find(tokens, inMention, cued);
        ContextRule[] terminatorAt = new ContextRule[tokens.size()];
        for (ContextRules.Trigger t : triggers) {
            if (t.rule().category() == ContextCategory.TERMINATE) {
                for (int k = t.start(); k < t.end(); k++) {
                    terminatorAt[k] = t.rule();
                }
            }
        }

        List<Mention> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Section section = sectionOf(sections, c.start);
            Optional<String> sectionName = section == null ? Optional.empty() : Optional.of(section.name());
            Assertion assertion = c.fixed != null ? c.fixed
                    : assertion(tokens, c, section, triggers, terminatorAt, inMention);
            int startChar = c.startChar >= 0 ? c.startChar : tokens.start(c.start);
            int endChar = c.endChar >= 0 ? c.endChar : tokens.end(c.end - 1);
            double confidence = assertion == Assertion.UNCERTAIN ? Math.min(c.confidence, 0.7) : c.confidence;
            out.add(new Mention(c.kind, assertion, c.start, c.end, startChar, endChar, sectionName, c.source,
                    confidence, c.weak));
        }
        out.sort(BY_START_THEN_KIND);
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

    /** Exclusions, absorption between kinds, screening over lexicon, then leftmost-longest per kind. */
    private List<Candidate> resolve(TokenizedText tokens, List<Lexicon.Match> matches,
                                    List<ScreeningInstruments.Result> screening) {
        List<Candidate> exclusions = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Candidate>[] byKind = new List[KINDS];
        for (int mi = 0; mi < matches.size(); mi++) {
            Lexicon.Match m = matches.get(mi);
            List<SignalKind> kinds = m.entry().kinds();
            for (int ki = 0; ki < kinds.size(); ki++) {
                SignalKind kind = kinds.get(ki);
                Candidate c = new Candidate();
                c.kind = kind;
                c.start = m.start();
                c.end = m.end();
                c.entry = m.entry();
                c.source = m.entry().id();
                c.confidence = m.entry().confidence();
                c.weak = m.entry().weak();
                if (m.entry().exclusion()) {
                    c.start = m.matchStart();
                    c.end = m.matchEnd();
                    exclusions.add(c);
                } else {
                    add(byKind, c);
                }
            }
        }
        for (ScreeningInstruments.Result r : screening) {
            Candidate c = new Candidate();
            c.kind = r.kind();
            c.startChar = r.start();
            c.endChar = r.end();
            c.start = tokenAt(tokens, r.start());
            c.end = Math.max(c.start + 1, tokenAt(tokens, r.end() - 1) + 1);
            c.fixed = r.assertion();
            c.source = "screening/" + r.instrumentId();
            c.confidence = 0.95;
            add(byKind, c);
        }

        List<Candidate> kept = new ArrayList<>();
        // Tokens taken by a chosen mention of the kind at hand: a candidate clashes when it shares one (spans are
        // never empty, so sharing a token is overlapping).
        boolean[] taken = new boolean[tokens.size()];
        for (List<Candidate> list : byKind) {
            if (list == null) {
                continue;
            }
            if (!exclusions.isEmpty()) {
                list.removeIf(c -> c.fixed == null && excluded(exclusions, c));
            }
            list.sort(PRIORITY);
            int first = kept.size();
            for (Candidate c : list) {
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
        dropFieldLabels(tokens, kept);
        // Only a strong mention of a kind that absorbs another can absorb: most notes have a handful.
        List<Candidate> absorbers = new ArrayList<>();
        for (Candidate c : kept) {
            if (!c.weak && absorbsAny[c.kind.ordinal()]) {
                absorbers.add(c);
            }
        }
        List<Candidate> out = new ArrayList<>(kept.size());
        for (Candidate c : kept) {
            boolean absorbed = false;
            for (int a = 0; a < absorbers.size(); a++) {
                Candidate outer = absorbers.get(a);
                if (outer.start <= c.start && c.end <= outer.end && outer.kind != c.kind
                        && absorbs[outer.kind.ordinal()][c.kind.ordinal()]
                        && (outer.length() > c.length() || outer.fixed != null)) {
                    absorbed = true;
                    break;
                }
            }
            if (!absorbed) {
                out.add(c);
            }
        }
        return out;
    }

    private static void add(List<Candidate>[] byKind, Candidate c) {
        List<Candidate> list = byKind[c.kind.ordinal()];
        if (list == null) {
            list = new ArrayList<>();
            byKind[c.kind.ordinal()] = list;
        }
        list.add(c);
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
    private static void dropFieldLabels(TokenizedText tokens, List<Candidate> kept) {
        kept.removeIf(label -> {
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
        });
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

    private static Section sectionOf(List<Section> sections, int token) {
        Section found = null;
        for (int k = 0; k < sections.size(); k++) {
            Section s = sections.get(k);
            if (s.startToken() <= token) {
                found = s;
            } else {
                break;
            }
        }
        return found;
    }

    /**
     * The mention's assertion, by the guidelines' precedence: FAMILY, NEGATED, HYPOTHETICAL, UNCERTAIN,
     * HISTORICAL (unless a recency cue says current), the section's default, the phrase's own, AFFIRMED.
     */
    private Assertion assertion(TokenizedText tokens, Candidate c, Section section,
                                List<ContextRules.Trigger> triggers, ContextRule[] terminatorAt, boolean[] inMention) {
        boolean family = false;
        boolean negated = false;
        boolean hypothetical = false;
        boolean possible = false;
        int historical = Integer.MAX_VALUE;
        int current = Integer.MAX_VALUE;
        int sentence = tokens.sentence(c.start);
        // Triggers are in text order: start at the first one of the mention's sentence, stop after it.
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
            if (tokens.sentence(t.start()) != sentence || !rule.appliesTo(c.kind)) {
                continue;
            }
            if (!inScope(tokens, t, c, terminatorAt, inMention)) {
                continue;
            }
            switch (cat) {
                case FAMILY -> family = true;
                case NEGATED_EXISTENCE -> negated = true;
                case HYPOTHETICAL -> hypothetical = true;
                case POSSIBLE_EXISTENCE -> possible = true;
                case HISTORICAL -> historical = Math.min(historical, distance(t, c));
                case CURRENT -> current = Math.min(current, distance(t, c));
                default -> { }
            }
        }
        boolean absent = c.entry != null && c.entry.absent();
        Optional<Assertion> sectionDefault = section == null ? Optional.empty() : section.defaultAssertion();
        if (family || sectionDefault.orElse(null) == Assertion.FAMILY) {
            return Assertion.FAMILY;
        }
        if (negated) {
            return absent ? Assertion.AFFIRMED : Assertion.NEGATED;
        }
        if (absent) {
            return Assertion.NEGATED;
        }
        if (hypothetical) {
            return Assertion.HYPOTHETICAL;
        }
        if (possible) {
            return Assertion.UNCERTAIN;
        }
        // Of a history cue and a recency cue, the nearer one describes the mention ("psychosis in 2014 ..., now
        // sober" is history; "MDD since 2015, currently symptomatic" is current).
        if (historical < current) {
            return Assertion.HISTORICAL;
        }
        boolean isCurrent = current != Integer.MAX_VALUE;
        if (!isCurrent && sectionDefault.isPresent()) {
            return sectionDefault.get();
        }
        if (!isCurrent && c.entry != null && c.entry.assertion().isPresent()) {
            return c.entry.assertion().get();
        }
        return Assertion.AFFIRMED;
    }

    private static int distance(ContextRules.Trigger t, Candidate c) {
        return t.end() <= c.start ? c.start - t.end() : Math.max(0, t.start() - c.end);
    }

    /**
     * Whether the mention lies in the trigger's scope: on the trigger's side, within its maximum scope, with no
     * terminator between them. A forward negation runs over a list ("no SI, HI, or AVH") but stops at a list
     * item that names no signal and has several words, so "no supports, depression" does not negate depression.
     */
    private static boolean inScope(TokenizedText tokens, ContextRules.Trigger t, Candidate c,
                                   ContextRule[] terminatorAt, boolean[] inMention) {
        ContextRule rule = t.rule();
        ContextRule.Direction dir = rule.direction();
        if (t.start() < c.start && t.end() <= c.end && dir != ContextRule.Direction.BACKWARD) {
            int gap = Math.max(0, c.start - t.end());
            if (gap > rule.maxScope()) {
                return false;
            }
            int itemWords = 0;
            boolean itemHasMention = false;
            for (int k = t.end(); k < c.start; k++) {
                ContextRule term = terminatorAt[k];
                if (term != null && term.ends(rule.category())) {
                    return false;
                }
                if (tokens.is(k, ',') || tokens.is(k, '(') || tokens.is(k, ')')) {
                    if (!itemHasMention && itemWords >= 3) {
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
        if (c.end <= t.start() && dir != ContextRule.Direction.FORWARD) {
            int gap = t.start() - c.end;
            if (gap > rule.backwardScope()) {
                return false;
            }
            for (int k = c.end; k < t.start(); k++) {
                ContextRule term = terminatorAt[k];
                if (term != null && term.ends(rule.category())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
