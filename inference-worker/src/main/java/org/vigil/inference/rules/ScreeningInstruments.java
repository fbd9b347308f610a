package org.vigil.inference.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scored screening results (PHQ-9 total and item 9, PHQ-2, AUDIT-C, C-SSRS answers, urine drug screen, blood
 * alcohol), from {@code screening.json}. A result's assertion comes from its value, not from ConText cues:
 * "PHQ-9 = 21" is DEPRESSION AFFIRMED by the cut-off, "UDS negative" SUBSTANCE_USE NEGATED.
 *
 * <p>Each instrument has a regular expression (run only when one of its keyword tokens is in the note) and a
 * type: {@code threshold} (named group {@code value} compared with {@code threshold}; a leading "&lt;" or a word
 * listed in {@code negative} reads as below it), {@code polarity} (named group {@code answer} looked up in
 * {@code positive}/{@code negative}), or {@code questions} (C-SSRS: group {@code answer} and group
 * {@code questions} naming question numbers, each mapped to a kind by {@code questions}).
 */
public final class ScreeningInstruments {

    /** A screening result found in the text: character offsets and a fixed assertion. */
    public record Result(String instrumentId, SignalKind kind, Assertion assertion, int start, int end) {
    }

    /** One instrument definition. */
    record Instrument(String id, String type, SignalKind kind, Pattern pattern, double threshold,
                      Set<String> positive, Set<String> negative, Map<Integer, SignalKind> questions,
                      List<String> keywords, int window, int index, Needs needs, Starts starts) {
    }

    /**
     * Text one piece of which every match of an instrument's expression contains (lower-case ASCII, or any digit):
     * the expression is case-insensitive for ASCII only, so a window without any of them cannot match and its
     * regex run is skipped. "alcohol" and "negative" are frequent keywords whose windows rarely hold a result.
     */
    record Needs(boolean digit, char[][] words, FirstChars first) {

        static final Needs NOTHING = new Needs(false, new char[0][]);

        Needs(boolean digit, char[][] words) {
            this(digit, words, FirstChars.of(words, digit));
        }

        boolean always() {
            return !digit && words.length == 0;
        }

        /** Whether {@code text[from, to)} holds a digit (when needed) or one of the words, ignoring ASCII case. */
        boolean in(String text, int from, int to) {
            for (int j = from; j < to; j++) {
                char c = text.charAt(j);
                if (!first.has(c)) {
                    continue;
                }
                if (digit && c >= '0' && c <= '9') {
                    return true;
                }
                char lc = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                for (char[] w : words) {
                    if (w[0] == lc && startsAt(text, j, to, w)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean startsAt(String text, int j, int to, char[] w) {
            if (j + w.length > to) {
                return false;
            }
            for (int k = 1; k < w.length; k++) {
                char c = text.charAt(j + k);
                if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != w[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Where a match of an instrument's expression can begin: at one of {@code prefixes} (lower-case ASCII, compared
     * ignoring ASCII case like the expression), and, when the expression opens with {@code \\b}, not straight after
     * a word character. A window then costs one anchored attempt at each such place instead of an attempt at every
     * character, nearly all of which fail ("alcohol use" in a window keyed on "alcohol").
     */
    record Starts(char[][] prefixes, boolean boundary, FirstChars first) {

        Starts(char[][] prefixes, boolean boundary) {
            this(prefixes, boundary, FirstChars.of(prefixes, false));
        }

        /** The first place in {@code text[from, to)} where a match can begin, or -1. */
        int next(String text, int from, int to) {
            for (int j = from; j < to; j++) {
                char c = text.charAt(j);
                if (!first.has(c)) {
                    continue;
                }
                char lc = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                for (char[] w : prefixes) {
                    if (w[0] == lc && Needs.startsAt(text, j, to, w) && (!boundary || !wordBefore(text, j, w[0]))) {
                        return j;
                    }
                }
            }
            return -1;
        }

        /**
         * Whether \b cannot hold at {@code j}: a word character both before it and at it (java.util.regex's
         * word characters; a rule that gives up only where the regex would also fail).
         */
        private static boolean wordBefore(String text, int j, char first) {
            if (j == 0 || !isWord(first)) {
                return false;
            }
            return isWord(text.charAt(j - 1));
        }

        private static boolean isWord(char c) {
            return c == '_' || Character.isLetterOrDigit(c);
        }
    }

    /**
     * The ASCII characters that can open one of some lower-case words, in either case (and the digits, when asked
     * for), as a 128-bit set: a window's scan tests one bit per character and compares words only where one opens.
     */
    record FirstChars(long low, long high) {

        static FirstChars of(char[][] words, boolean digits) {
            long low = 0;
            long high = 0;
            for (char[] w : words) {
                for (char c : new char[] {w[0], Character.toUpperCase(w[0])}) {
                    if (c < 64) {
                        low |= 1L << c;
                    } else if (c < 128) {
                        high |= 1L << (c - 64);
                    }
                }
            }
            if (digits) {
                for (char c = '0'; c <= '9'; c++) {
                    low |= 1L << c;
                }
            }
            return new FirstChars(low, high);
        }

        boolean has(char c) {
            return c < 64 ? (low & 1L << c) != 0 : c < 128 && (high & 1L << (c - 64)) != 0;
        }
    }

    private static final Pattern QUESTION_RANGE = Pattern.compile("(\\d)\\s*(?:-|\u2013|through|to)\\s*[Qq]?\\s*(\\d)");
    private static final Pattern QUESTION = Pattern.compile("\\d");

    private static final int LOOK_BACK = 24;

    private final List<Instrument> instruments;
    /** Instruments by the vocabulary id of a keyword. */
    private final Instrument[][] byKeyword;
    /** Whether an instrument's expression has a group named {@code span} / {@code less}, by instrument index. */
    private final boolean[] spanGroup;
    private final boolean[] lessGroup;
    /** Whether an instrument reports every match in a window (C-SSRS answers), not only the first. */
    private final boolean[] everyMatch;
    /** A thread's matchers, one per instrument, reset to each note instead of made anew for it. */
    private final ThreadLocal<Matcher[]> matchers;

    ScreeningInstruments(List<Instrument> instruments) {
        this.instruments = List.copyOf(instruments);
        Vocabulary.addAll(instruments.stream().flatMap(i -> i.keywords().stream()).toList());
        Map<Integer, List<Instrument>> lists = new HashMap<>();
        for (Instrument i : instruments) {
            for (String k : i.keywords()) {
                lists.computeIfAbsent(Vocabulary.idOf(k), x -> new ArrayList<>()).add(i);
            }
        }
        byKeyword = new Instrument[lists.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1][];
        lists.forEach((id, list) -> byKeyword[id] = list.toArray(new Instrument[0]));
        int slots = instruments.stream().mapToInt(Instrument::index).max().orElse(-1) + 1;
        spanGroup = new boolean[slots];
        lessGroup = new boolean[slots];
        everyMatch = new boolean[slots];
        for (Instrument i : instruments) {
            spanGroup[i.index()] = hasGroup(i.pattern(), "span");
            lessGroup[i.index()] = hasGroup(i.pattern(), "less");
            everyMatch[i.index()] = i.type().equals("questions");
        }
        matchers = ThreadLocal.withInitial(() -> new Matcher[slots]);
    }

    public static ScreeningInstruments load(String resource) {
        try (InputStream in = ScreeningInstruments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing screening instruments " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Instrument> out = new ArrayList<>();
            for (JsonNode n : root.path("instruments")) {
                String id = n.path("id").asText();
                Map<Integer, SignalKind> questions = new HashMap<>();
                n.path("questions").fields().forEachRemaining(e ->
                        questions.put(Integer.parseInt(e.getKey()), SignalKind.valueOf(e.getValue().asText())));
                List<String> keywords = new ArrayList<>();
                n.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
                if (keywords.isEmpty()) {
                    throw new IllegalArgumentException(resource + ": instrument " + id + " has no keywords");
                }
                out.add(new Instrument(id, n.path("type").asText(),
                        n.hasNonNull("kind") ? SignalKind.valueOf(n.path("kind").asText()) : SignalKind.OTHER,
                        Pattern.compile(n.path("regex").asText(), Pattern.CASE_INSENSITIVE),
                        n.path("threshold").asDouble(1), words(n.path("positive")), words(n.path("negative")),
                        questions, keywords, n.path("window").asInt(80), out.size(), needs(id, n.path("needs")),
                        starts(id, n.path("starts"), n.path("regex").asText())));
            }
            return new ScreeningInstruments(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read screening instruments " + resource, e);
        }
    }

    private static Needs needs(String id, JsonNode node) {
        boolean digit = false;
        List<char[]> words = new ArrayList<>();
        for (JsonNode w : node) {
            String s = w.asText();
            if (s.equals("<DIGIT>")) {
                digit = true;
            } else if (s.isEmpty() || !s.equals(s.toLowerCase(Locale.ROOT)) || !s.chars().allMatch(c -> c < 128)) {
                throw new IllegalArgumentException("instrument " + id + ": 'needs' holds lower-case ASCII text or <DIGIT>: " + s);
            } else {
                words.add(s.toCharArray());
            }
        }
        return words.isEmpty() && !digit ? Needs.NOTHING : new Needs(digit, words.toArray(new char[0][]));
    }

    /** The places a match can begin, or null (anywhere) when the instrument lists no {@code starts}. */
    private static Starts starts(String id, JsonNode node, String regex) {
        List<char[]> prefixes = new ArrayList<>();
        for (JsonNode w : node) {
            String s = w.asText();
            if (s.isEmpty() || !s.equals(s.toLowerCase(Locale.ROOT)) || !s.chars().allMatch(c -> c < 128)) {
                throw new IllegalArgumentException("instrument " + id + ": 'starts' holds lower-case ASCII text: " + s);
            }
            prefixes.add(s.toCharArray());
        }
        return prefixes.isEmpty() ? null : new Starts(prefixes.toArray(new char[0][]), regex.startsWith("\\b"));
    }

    private static Set<String> words(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.forEach(w -> out.add(w.asText().toLowerCase(Locale.ROOT)));
        return out;
    }

    public List<Instrument> instruments() {
        return instruments;
    }

    /**
     * Screening results in the text. Each instrument's expression runs only in a window that starts at one of its
     * keyword tokens ({@code window} characters, 80 unless set), and only when that window holds one of the
     * instrument's {@code needs}, so a note costs a few short regex runs.
     */
    public List<Result> find(TokenizedText tokens) {
        List<Result> out = new ArrayList<>();
        // Matches already reported: instrument index, start, end (a note has one or two).
        int[] seen = NONE_SEEN;
        int seenCount = 0;
        String text = tokens.text();
        // The thread's matchers, each reset to this note when first needed: region() resets it for each window.
        Matcher[] matchers = null;
        boolean[] reset = null;
        int lastEnd = -1;
        Instrument lastInstrument = null;
        for (int i = 0; i < tokens.size(); i++) {
            int id = tokens.id(i);
            Instrument[] hit = id >= 0 && id < byKeyword.length ? byKeyword[id] : null;
            if (hit == null) {
                continue;
            }
            for (Instrument instrument : hit) {
                // Start a little before the keyword: "Serum ethanol undetectable" is keyed on "ethanol".
                int from = Math.max(0, tokens.start(i) - LOOK_BACK);
                int to = Math.min(text.length(), tokens.start(i) + instrument.window());
                Needs needs = instrument.needs();
                if (!needs.always() && !needs.in(text, from, to)) {
                    continue;
                }
                if (matchers == null) {
                    matchers = this.matchers.get();
                    reset = new boolean[matchers.length];
                }
                int index = instrument.index();
                Matcher m = matchers[index];
                if (m == null) {
                    m = instrument.pattern().matcher(text);
                    m.useTransparentBounds(true);
                    matchers[index] = m;
                    reset[index] = true;
                } else if (!reset[index]) {
                    m.reset(text);
                    reset[index] = true;
                }
                Starts starts = instrument.starts();
                boolean all = everyMatch[index];
                if (starts == null) {
                    m.region(from, to);
                    while (m.find()) {
                        if (isNew(instrument, m, seen, seenCount)) {
                            seen = remember(instrument, m, seen, seenCount++);
                            add(instrument, m, out);
                        }
                        if (!all) {
                            break;
                        }
                    }
                    continue;
                }
                // The matches find() would report, found by anchored attempts where one can begin: with transparent
                // bounds an attempt at p sees the text around it exactly as find() does when it reaches p.
                int p = from;
                while ((p = starts.next(text, p, to)) >= 0) {
                    m.region(p, to);
                    if (!m.lookingAt()) {
                        p++;
                        continue;
                    }
                    if (isNew(instrument, m, seen, seenCount)) {
                        seen = remember(instrument, m, seen, seenCount++);
                        add(instrument, m, out);
                    }
                    if (!all) {
                        break;
                    }
                    p = m.end() > p ? m.end() : p + 1;
                }
            }
        }
        return out;
    }

    private static final int[] NONE_SEEN = new int[0];

    /** Whether no earlier keyword found the same match (the same instrument id, start and end). */
    private boolean isNew(Instrument instrument, Matcher m, int[] seen, int count) {
        int start = m.start();
        int end = m.end();
        for (int k = 0; k < count * 3; k += 3) {
            if (seen[k + 1] == start && seen[k + 2] == end && instruments.get(seen[k]).id().equals(instrument.id())) {
                return false;
            }
        }
        return true;
    }

    private int[] remember(Instrument instrument, Matcher m, int[] seen, int count) {
        if (seen.length < (count + 1) * 3) {
            seen = java.util.Arrays.copyOf(seen, Math.max(6, seen.length * 2));
        }
        int position = 0;
        while (instruments.get(position) != instrument) {
            position++;
        }
        seen[count * 3] = position;
        seen[count * 3 + 1] = m.start();
        seen[count * 3 + 2] = m.end();
        return seen;
    }

    private void add(Instrument instrument, Matcher m, List<Result> out) {
        boolean span = spanGroup[instrument.index()] && m.group("span") != null;
        int start = span ? m.start("span") : m.start();
        int end = span ? m.end("span") : m.end();
        switch (instrument.type()) {
            case "threshold" -> {
                String raw = m.group("value").toLowerCase(Locale.ROOT).trim();
                boolean below;
                if (instrument.negative().contains(raw)) {
                    below = true;
                } else if (instrument.positive().contains(raw)) {
                    below = false;
                } else {
                    boolean lessThan = lessGroup[instrument.index()] && m.group("less") != null;
                    double value = Double.parseDouble(raw);
                    below = lessThan || value < instrument.threshold();
                }
                out.add(new Result(instrument.id(), instrument.kind(), below ? Assertion.NEGATED : Assertion.AFFIRMED,
                        start, end));
            }
            case "polarity" -> {
                Assertion a = answer(instrument, m.group("answer"));
                if (a != null) {
                    out.add(new Result(instrument.id(), instrument.kind(), a, start, end));
                }
            }
            case "questions" -> {
                Assertion a = answer(instrument, m.group("answer"));
                if (a == null) {
                    return;
                }
                Set<SignalKind> kinds = EnumSet.noneOf(SignalKind.class);
                for (int q : questionNumbers(m.group("questions"))) {
                    SignalKind k = instrument.questions().get(q);
                    if (k != null) {
                        kinds.add(k);
                    }
                }
                for (SignalKind k : kinds) {
                    out.add(new Result(instrument.id(), k, a, start, end));
                }
            }
            default -> throw new IllegalStateException("unknown instrument type " + instrument.type());
        }
    }

    private static final Map<Pattern, Set<String>> GROUPS = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean hasGroup(Pattern p, String name) {
        return GROUPS.computeIfAbsent(p, x -> {
            Set<String> names = new HashSet<>();
            Matcher gm = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(x.pattern());
            while (gm.find()) {
                names.add(gm.group(1));
            }
            return names;
        }).contains(name);
    }

    private static Assertion answer(Instrument instrument, String raw) {
        String a = raw.toLowerCase(Locale.ROOT).trim();
        if (instrument.positive().contains(a)) {
            return Assertion.AFFIRMED;
        }
        if (instrument.negative().contains(a)) {
            return Assertion.NEGATED;
        }
        return null;
    }

    /** "Q1, Q2" -> 1, 2; "Q3-5" -> 3, 4, 5. */
    static Set<Integer> questionNumbers(String spec) {
        Set<Integer> out = new TreeSet<>();
        Matcher range = QUESTION_RANGE.matcher(spec);
        String rest = spec;
        while (range.find()) {
            int from = Integer.parseInt(range.group(1));
            int to = Integer.parseInt(range.group(2));
            for (int q = Math.min(from, to); q <= Math.max(from, to); q++) {
                out.add(q);
            }
        }
        rest = QUESTION_RANGE.matcher(rest).replaceAll(" ");
        Matcher single = QUESTION.matcher(rest);
        while (single.find()) {
            out.add(Integer.parseInt(single.group()));
        }
        return out;
    }
}
