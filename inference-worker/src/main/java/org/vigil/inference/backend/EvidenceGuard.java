package org.vigil.inference.backend;

import io.micrometer.core.instrument.MeterRegistry;
import org.vigil.inference.rules.Mention;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.inference.rules.Section;
import org.vigil.inference.rules.TokenizedText;
import org.vigil.schemas.SignalKind;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides where in a note a model's quoted evidence lies, and whether it may stand as a signal of the kind the
 * model gave; every quote it turns down is counted by reason and kind in {@value #METRIC} (never with its text).
 *
 * <p>A quote is found at word boundaries, its case and its runs of white space ignored (a model re-spaces and
 * re-cases what it copies; it must not find "HI" inside "THIS"). Of several occurrences it takes the one closest to
 * the offset the model gives, else the first one that holds up; an occurrence already taken by a kept quote of the
 * same kind is not taken twice. The occurrence must lie within one section, and must overlap a candidate of the
 * same kind that the rules engine sees there: one of {@link RuleBasedExtractor#analyze}'s mentions, weak candidates
 * and screening results included. A model may thus confirm, re-assert or add what the rules' data files can name,
 * never a phrase they know nothing of, nor one they read as another kind: a lexicon match the rules dropped as a
 * header, a coded procedure or a homonym is no candidate, and one the taxonomy folds into a wider kind ("overdose"
 * in "plan to overdose") is evidence of that wider kind only.
 *
 * <p>The search itself is {@code java.util.regex}; the choice of occurrence and the candidate check are written
 * here, as no library knows the rules' candidates.
 */
public final class EvidenceGuard {

    /** Quotes turned down, tagged {@code backend}, {@code kind} and {@code reason}. */
    public static final String METRIC = "vigil.inference.evidence.rejected";

    /** Why a quote was turned down; the metric's {@code reason} tag is the lower-case name. */
    public enum Reason {
        /** No evidence given. */
        EMPTY,
        /** The words do not occur in the note, not even inside other words: an invented quote. */
        NOT_IN_NOTE,
        /** The letters occur only inside longer words ("HI" in "THIS"). */
        INSIDE_WORD,
        /** Every occurrence is already the evidence of a kept quote of the same kind. */
        DUPLICATE,
        /** The occurrence runs over a section header into the next section. */
        SPANS_SECTIONS,
        /** The occurrence overlaps candidates of other kinds only. */
        WRONG_KIND,
        /** The occurrence overlaps no candidate of any kind. */
        NO_CANDIDATE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What became of one quote. */
    public sealed interface Verdict permits Placed, Rejected {
    }

    /** The quote stands: its span in the note, end exclusive, and the section it lies in. */
    public record Placed(int start, int end, Optional<String> section) implements Verdict {
    }

    /** The quote is dropped. */
    public record Rejected(Reason reason) implements Verdict {
    }

    /** White space as a note may hold it, no-break and other Unicode spaces included. */
    private static final String SPACE = "[\\s\\p{Z}]+";
    private static final String WORD_CHAR = "[\\p{L}\\p{Nd}]";

    private final RuleSet rules;
    private final MeterRegistry meters;
    private final String backend;

    public EvidenceGuard(RuleSet rules, MeterRegistry meters, String backend) {
        this.rules = rules;
        this.meters = meters;
        this.backend = backend;
    }

    /** The note the analysis was made of, ready to check one model answer's quotes in order. */
    public Quotes read(RuleBasedExtractor.Analysis analysis) {
        return new Quotes(analysis);
    }

    /** One note's candidates and sections, and the occurrences kept quotes have taken so far. Not thread-safe. */
    public final class Quotes {

        private record Span(SignalKind kind, int start, int end) {
        }

        private final String text;
        private final List<Span> candidates = new ArrayList<>();
        private final List<Section> sections;
        private final int[] headerStarts;
        private final Map<SignalKind, BitSet> taken = new EnumMap<>(SignalKind.class);

        private Quotes(RuleBasedExtractor.Analysis analysis) {
            TokenizedText tokens = analysis.tokens();
            this.text = tokens.text();
            for (Mention m : analysis.mentions()) {
                candidates.add(new Span(m.kind(), m.start(), m.end()));
            }
            this.sections = rules.sections().find(tokens);
            this.headerStarts = sections.stream().mapToInt(s -> tokens.start(s.headerStart())).toArray();
        }

        /**
         * Places one quote of the model's answer, or turns it down and counts why.
         *
         * @param offset the character offset the model gave for the quote, if any
         */
        public Verdict place(SignalKind kind, String evidence, OptionalInt offset) {
            Verdict v = judge(kind, evidence, offset);
            if (v instanceof Placed p) {
                taken.computeIfAbsent(kind, k -> new BitSet()).set(p.start());
            } else if (v instanceof Rejected r) {
                meters.counter(METRIC, "backend", backend, "kind", kind.name(), "reason", r.reason().tag()).increment();
            }
            return v;
        }

        private Verdict judge(SignalKind kind, String evidence, OptionalInt offset) {
            String[] words = evidence.strip().split(SPACE);
            if (words.length == 0 || words[0].isEmpty()) {
                return new Rejected(Reason.EMPTY);
            }
            List<int[]> found = occurrences(pattern(words, true));
            if (found.isEmpty()) {
                return new Rejected(pattern(words, false).matcher(text).find() ? Reason.INSIDE_WORD : Reason.NOT_IN_NOTE);
            }
            BitSet used = taken.getOrDefault(kind, new BitSet());
            List<int[]> open = found.stream().filter(o -> !used.get(o[0])).toList();
            if (open.isEmpty()) {
                return new Rejected(Reason.DUPLICATE);
            }
            if (offset.isPresent()) {
                // The occurrence the model pointed at, give or take its counting: a model's offsets drift, its
                // choice between two occurrences does not.
                int at = offset.getAsInt();
                int[] nearest = open.stream().min(Comparator.comparingInt((int[] o) -> Math.abs(o[0] - at))
                        .thenComparingInt(o -> o[0])).orElseThrow();
                return check(kind, nearest);
            }
            Verdict first = null;
            for (int[] o : open) {
                Verdict v = check(kind, o);
                if (v instanceof Placed) {
                    return v;
                }
                first = first == null ? v : first;
            }
            return first;
        }

        private Verdict check(SignalKind kind, int[] occurrence) {
            int start = occurrence[0];
            int end = occurrence[1];
            for (int h : headerStarts) {
                if (start < h && h < end) {
                    return new Rejected(Reason.SPANS_SECTIONS);
                }
            }
            boolean other = false;
            boolean same = false;
            for (Span c : candidates) {
                if (c.start() < end && start < c.end()) {
                    same |= c.kind() == kind;
                    other |= c.kind() != kind;
                }
            }
            if (!same) {
                return new Rejected(other ? Reason.WRONG_KIND : Reason.NO_CANDIDATE);
            }
            Optional<String> section = Optional.empty();
            for (int k = 0; k < headerStarts.length && headerStarts[k] <= start; k++) {
                section = Optional.of(sections.get(k).name());
            }
            return new Placed(start, end, section);
        }

        /** Every match's [start, end), overlapping ones included ("no no" in "no no no"). */
        private List<int[]> occurrences(Pattern p) {
            List<int[]> out = new ArrayList<>();
            Matcher m = p.matcher(text);
            int from = 0;
            while (from <= text.length() && m.find(from)) {
                out.add(new int[]{m.start(), m.end()});
                from = m.start() + 1;
            }
            return out;
        }
    }

    /** The quote's words in order, any white space between them, case ignored; at word boundaries if asked. */
    private static Pattern pattern(String[] words, boolean bounded) {
        StringBuilder p = new StringBuilder();
        if (bounded && Character.isLetterOrDigit(words[0].codePointAt(0))) {
            p.append("(?<!").append(WORD_CHAR).append(')');
        }
        for (int i = 0; i < words.length; i++) {
            p.append(i == 0 ? "" : SPACE).append(Pattern.quote(words[i]));
        }
        String last = words[words.length - 1];
        if (bounded && Character.isLetterOrDigit(last.codePointBefore(last.length()))) {
            p.append("(?!").append(WORD_CHAR).append(')');
        }
        return Pattern.compile(p.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
