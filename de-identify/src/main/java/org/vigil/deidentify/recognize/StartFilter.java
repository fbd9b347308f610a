package org.vigil.deidentify.recognize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which positions a rule's pattern can start a match at, read from the pattern as a small deterministic automaton
 * over the characters that follow: a position where no match can begin ("120 mg" for a phone number) is never
 * handed to java.util.regex, which resets every group and local of the matcher at each position it tries.
 *
 * <p>An over-approximation, so a rule only loses the shortcut, never a match: a positive look-ahead that opens the
 * pattern ("(?=[A-Za-z0-9-]*\d)...", nothing consumed before it, not quantified, no top-level alternative beside
 * it) must match at the same position, so it is read as a filter of its own that must let the position through
 * too; other look-arounds, anchors and word boundaries read as if absent, a back-reference as any text its group
 * could match, lazy and possessive quantifiers and atomic groups as plain ones, and every character beyond ASCII as
 * one symbol that a class holding any such character accepts (twice in a row, for a surrogate pair). A pattern this
 * reading does not know (flags other than {@code i}, nested classes, code-point escapes) gets no filter, and an
 * automaton grown past {@link #MAX_STATES} answers "may match" where it stops.
 *
 * <p>Written by hand: the automaton libraries on Maven Central (dk.brics.automaton and its descendants) read a regex
 * dialect of their own, not java.util.regex's, and none offers a sound over-approximation of a Java pattern.
 */
final class StartFilter {

    /** Deterministic states built at most; a state past the limit answers "may match". */
    static final int MAX_STATES = 2000;
    /** Characters read at most from a position; a match still possible after them is tried by the regex. */
    static final int MAX_SCAN = 48;
    /** Copies of a bounded repeat unrolled at most; a larger bound reads as unbounded. */
    private static final int MAX_UNROLL = 64;
    /** Nondeterministic states at most, so a pathological pattern cannot take the load time. */
    private static final int MAX_NFA_STATES = 50_000;

    /** The symbol every character from U+0080 on reads as. */
    private static final int OTHER = 128;

    /** Per symbol (0-127, then {@link #OTHER}), its class of interchangeable symbols. */
    private final byte[] classOf;
    private final int classes;
    /** {@code next[state * classes + class]}: the next state, or -1 where no match can go on. */
    private final int[] next;
    /** States where a match may already be complete, or that the construction did not expand. */
    private final boolean[] mayMatch;
    /**
     * Where the pattern tells no ASCII digit from another: per count of leading digits, the state after them, or
     * {@link #NO_MATCH} or {@link #MAY_MATCH} once that is settled; null otherwise. A digit rule is tried at the
     * start of every run of digits, and each run is measured once per note rather than read once per rule.
     */
    private final int[] afterDigits;
    /**
     * Per count of leading ASCII digits {@code d} (below {@link #MAX_SCAN}), the ASCII characters that may follow
     * them, whatever the digits are, as two words at {@code 2d}; most digit runs are ruled out by this one read
     * ("5 mg" for a date).
     */
    private final long[] digitsThen;

    private static final int NO_MATCH = -1;
    private static final int MAY_MATCH = -2;

    /** The filters of the pattern's leading look-aheads: a position must pass each of them as well. */
    private final StartFilter[] lookaheads;

    private StartFilter(byte[] classOf, int classes, int[] next, boolean[] mayMatch) {
        this.classOf = classOf;
        this.classes = classes;
        this.next = next;
        this.mayMatch = mayMatch;
        this.afterDigits = afterDigits();
        this.digitsThen = digitsThen();
        this.lookaheads = NO_LOOKAHEADS;
    }

    private StartFilter(StartFilter body, StartFilter[] lookaheads) {
        this.classOf = body.classOf;
        this.classes = body.classes;
        this.next = body.next;
        this.mayMatch = body.mayMatch;
        this.afterDigits = body.afterDigits;
        this.digitsThen = body.digitsThen;
        this.lookaheads = lookaheads;
    }

    private static final StartFilter[] NO_LOOKAHEADS = new StartFilter[0];

    /** Follows every digit at once: the states some run of {@code d} digits can lead to, for each {@code d}. */
    private long[] digitsThen() {
        long[] then = new long[2 * MAX_SCAN];
        BitSet states = new BitSet();
        states.set(0);
        boolean may = mayMatch[0];
        for (int d = 0; d < MAX_SCAN; d++) {
            for (int c = 0; c < OTHER; c++) {
                boolean goesOn = may;
                for (int s = states.nextSetBit(0); s >= 0 && !goesOn; s = states.nextSetBit(s + 1)) {
                    goesOn = next[s * classes + classOf[c]] >= 0;
                }
                if (goesOn) {
                    then[2 * d + (c >>> 6)] |= 1L << c;
                }
            }
            BitSet moved = new BitSet();
            for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
                for (char digit = '0'; digit <= '9'; digit++) {
                    int t = next[s * classes + classOf[digit]];
                    if (t >= 0) {
                        moved.set(t);
                        may |= mayMatch[t];
                    }
                }
            }
            states = moved;
        }
        return then;
    }

    /**
     * Whether a match may start at a run of exactly {@code digits} ASCII digits followed by {@code after} (an ASCII
     * character); false only when none can. Runs of {@link #MAX_SCAN} digits or more always may.
     */
    boolean mayFollowDigits(int digits, char after) {
        if (!bodyMayFollowDigits(digits, after)) {
            return false;
        }
        for (StartFilter ahead : lookaheads) {
            if (!ahead.mayFollowDigits(digits, after)) {
                return false;
            }
        }
        return true;
    }

    private boolean bodyMayFollowDigits(int digits, char after) {
        return digits >= MAX_SCAN || (digitsThen[2 * digits + (after >>> 6)] & (1L << after)) != 0;
    }

    private int[] afterDigits() {
        for (char d = '1'; d <= '9'; d++) {
            if (classOf[d] != classOf['0']) {
                return null;
            }
        }
        int[] after = new int[MAX_SCAN];
        int state = mayMatch[0] ? MAY_MATCH : 0;
        for (int k = 0; k < after.length; k++) {
            after[k] = state;
            if (state >= 0) {
                state = next[state * classes + classOf['0']];
                if (state >= 0 && mayMatch[state]) {
                    state = MAY_MATCH;
                }
            }
        }
        return after;
    }

    /** The filter of {@code regex} (compiled without flags), or null when its pattern is not understood. */
    static StartFilter of(String regex) {
        try {
            Parser parser = new Parser(regex);
            StartFilter body = of(parser.parse());
            List<Node> leading = parser.leadingLookaheads();
            if (leading.isEmpty()) {
                return body;
            }
            StartFilter[] lookaheads = new StartFilter[leading.size()];
            for (int i = 0; i < lookaheads.length; i++) {
                lookaheads[i] = of(leading.get(i));
            }
            return new StartFilter(body, lookaheads);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static StartFilter of(Node ast) {
        Nfa nfa = new Nfa();
        int accept = nfa.state();
        int start = nfa.compile(ast, accept);
        return nfa.determinize(start, accept);
    }

    /** Whether a match may start at {@code pos} of {@code text}: false only when none can. */
    boolean mayMatchAt(char[] text, int pos) {
        if (!bodyMayMatchAt(text, pos)) {
            return false;
        }
        for (StartFilter ahead : lookaheads) {
            if (!ahead.mayMatchAt(text, pos)) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #mayMatchAt(char[], int)}, where {@code digits} ASCII digits start at {@code pos}. */
    boolean mayMatchAt(char[] text, int pos, int digits) {
        if (!bodyMayMatchAt(text, pos, digits)) {
            return false;
        }
        for (StartFilter ahead : lookaheads) {
            if (!ahead.mayMatchAt(text, pos, digits)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the pattern without its leading look-aheads may match at {@code pos}. */
    private boolean bodyMayMatchAt(char[] text, int pos) {
        if (mayMatch[0]) {
            return true;
        }
        return mayMatchFrom(text, pos, 0, Math.min(text.length, pos + MAX_SCAN));
    }

    private boolean bodyMayMatchAt(char[] text, int pos, int digits) {
        if (afterDigits == null || digits >= afterDigits.length) {
            return bodyMayMatchAt(text, pos);
        }
        int at = pos + digits;
        if (at < text.length && text[at] < OTHER && !bodyMayFollowDigits(digits, text[at])) {
            return false;
        }
        int state = afterDigits[digits];
        if (state < 0) {
            return state == MAY_MATCH;
        }
        return mayMatchFrom(text, at, state, Math.min(text.length, pos + MAX_SCAN));
    }

    private boolean mayMatchFrom(char[] text, int from, int state, int limit) {
        for (int p = from; p < limit; p++) {
            char c = text[p];
            state = next[state * classes + classOf[c < OTHER ? c : OTHER]];
            if (state < 0) {
                return false;
            }
            if (mayMatch[state]) {
                return true;
            }
        }
        return true;
    }

    /** Whether the pattern tells no ASCII digit from another, so that a run of them is measured once per note. */
    boolean digitsAlike() {
        return afterDigits != null;
    }

    /** How many deterministic states the filter holds (for tests). */
    int states() {
        return mayMatch.length;
    }

    // ---- character sets -------------------------------------------------------------------------------------

    /** A set of symbols: ASCII as two words, and whether characters from U+0080 on may be in it. */
    record Chars(long low, long high, boolean other) {
        static final Chars NONE = new Chars(0, 0, false);
        static final Chars ANY = new Chars(-1L, -1L, true);
        static final long DIGITS = 0x03FF_0000_0000_0000L;

        static Chars of(char c) {
            return c < 64 ? new Chars(1L << c, 0, false) : c < 128 ? new Chars(0, 1L << (c - 64), false)
                    : new Chars(0, 0, true);
        }

        static Chars range(char from, char to) {
            Chars set = NONE;
            for (int c = from; c <= Math.min(to, 127); c++) {
                set = set.or(of((char) c));
            }
            return to >= 128 ? set.or(new Chars(0, 0, true)) : set;
        }

        Chars or(Chars o) {
            return new Chars(low | o.low, high | o.high, other || o.other);
        }

        /** The complement; beyond ASCII it keeps everything, as one symbol cannot say which such character was meant. */
        Chars not() {
            return new Chars(~low, ~high, true);
        }

        boolean has(int symbol) {
            return symbol == OTHER ? other : symbol < 64 ? (low & (1L << symbol)) != 0 : (high & (1L << (symbol - 64))) != 0;
        }

        /** Both cases of each ASCII letter, and any character beyond ASCII. */
        Chars caseless() {
            long letters = high & 0x07FF_FFFE_07FF_FFFEL;
            long folded = letters | ((letters & 0x07FF_FFFEL) << 32) | ((letters >>> 32) & 0x07FF_FFFEL);
            return new Chars(low, high | folded, true);
        }
    }

    // ---- syntax tree ----------------------------------------------------------------------------------------

    private sealed interface Node {
    }

    private record Set(Chars chars) implements Node {
    }

    private record Seq(List<Node> items) implements Node {
    }

    private record Alt(List<Node> options) implements Node {
    }

    /** {@code max} -1: unbounded. */
    private record Repeat(Node item, int min, int max) implements Node {
    }

    private static final Node EMPTY = new Seq(List.of());

    private static Node caseless(Node n) {
        if (n instanceof Set s) {
            return new Set(s.chars().caseless());
        } else if (n instanceof Seq s) {
            return new Seq(s.items().stream().map(StartFilter::caseless).toList());
        } else if (n instanceof Alt a) {
            return new Alt(a.options().stream().map(StartFilter::caseless).toList());
        }
        Repeat r = (Repeat) n;
        return new Repeat(caseless(r.item()), r.min(), r.max());
    }

    /** Reads java.util.regex syntax into the tree; throws on anything it does not know. */
    private static final class Parser {
        private final String re;
        private int pos;
        private boolean caseless;
        /** Capturing groups by number (from 1) and by name, once closed: a back-reference reads as its group. */
        private final List<Node> groups = new ArrayList<>();
        private final Map<String, Node> named = new HashMap<>();
        /** How many groups enclose {@link #pos}. */
        private int depth;
        /** Whether nothing that consumes text has been read yet in the pattern's top-level sequence. */
        private boolean atStart = true;
        /** The body of the positive look-ahead group just read, or null. */
        private Node lookahead;
        private final List<Node> leading = new ArrayList<>();
        private boolean alternatives;

        Parser(String re) {
            this.re = re;
        }

        Node parse() {
            groups.add(null); // group 0 is the whole match
            Node n = alternation();
            if (pos != re.length()) {
                throw new IllegalStateException("unbalanced )");
            }
            return n;
        }

        /**
         * The bodies of the positive look-aheads every match must pass at its start (read by {@link #parse}): those
         * before anything that consumes text in the top-level sequence, not quantified, when the pattern has no
         * top-level alternatives (a look-ahead in one alternative does not bind the others).
         */
        List<Node> leadingLookaheads() {
            return alternatives ? List.of() : List.copyOf(leading);
        }

        private Node alternation() {
            List<Node> options = new ArrayList<>();
            options.add(sequence());
            while (pos < re.length() && re.charAt(pos) == '|') {
                alternatives |= depth == 0;
                pos++;
                options.add(sequence());
            }
            return options.size() == 1 ? options.get(0) : new Alt(options);
        }

        private Node sequence() {
            List<Node> items = new ArrayList<>();
            while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
                boolean top = depth == 0;
                lookahead = null;
                Node atom = atom();
                if (atom == null) {
                    continue; // a flag group: nothing to match, nothing to quantify
                }
                Node item = quantified(atom);
                if (top && atStart) {
                    if (item == atom && lookahead != null) {
                        leading.add(lookahead);
                    } else if (!consumesNothing(item)) {
                        atStart = false;
                    }
                }
                items.add(item);
            }
            return items.size() == 1 ? items.get(0) : new Seq(items);
        }

        /** What a look-around, an anchor or a word boundary reads as: the empty sequence. */
        private static boolean consumesNothing(Node n) {
            return n instanceof Seq s && s.items().isEmpty();
        }

        private Node quantified(Node atom) {
            while (pos < re.length()) {
                char c = re.charAt(pos);
                int min;
                int max;
                if (c == '*') {
                    min = 0;
                    max = -1;
                    pos++;
                } else if (c == '+') {
                    min = 1;
                    max = -1;
                    pos++;
                } else if (c == '?') {
                    min = 0;
                    max = 1;
                    pos++;
                } else if (c == '{') {
                    int close = re.indexOf('}', pos);
                    String[] bounds = re.substring(pos + 1, close).split(",", -1);
                    if (bounds.length > 2 || bounds[0].isEmpty()) {
                        throw new IllegalStateException("bad repeat");
                    }
                    min = Integer.parseInt(bounds[0]);
                    max = bounds.length == 1 ? min : bounds[1].isEmpty() ? -1 : Integer.parseInt(bounds[1]);
                    pos = close + 1;
                } else {
                    return atom;
                }
                // Lazy and possessive forms match no more than the greedy one: read alike.
                if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
                    pos++;
                }
                if (min > MAX_UNROLL) {
                    throw new IllegalStateException("repeat too long to unroll");
                }
                atom = new Repeat(atom, min, max > MAX_UNROLL ? -1 : max);
            }
            return atom;
        }

        /** One atom, or null for a group that only sets flags. */
        private Node atom() {
            char c = re.charAt(pos);
            if (c == '(') {
                return group();
            }
            if (c == '[') {
                return set(charClass());
            }
            if (c == '\\') {
                return escape();
            }
            pos++;
            return switch (c) {
                case '^', '$' -> EMPTY;
                case '.' -> new Set(Chars.ANY);
                case '*', '+', '?', '{' -> throw new IllegalStateException("dangling quantifier");
                default -> set(Chars.of(c));
            };
        }

        private Node set(Chars chars) {
            return new Set(caseless ? chars.caseless() : chars);
        }

        private Node group() {
            boolean saved = caseless;
            pos++; // (
            depth++;
            Node body;
            if (re.startsWith("?=", pos) || re.startsWith("?!", pos) || re.startsWith("?<=", pos)
                    || re.startsWith("?<!", pos)) {
                boolean positiveAhead = re.startsWith("?=", pos);
                pos += re.charAt(pos + 1) == '<' ? 3 : 2;
                // A look-around consumes nothing and is read as absent; a positive look-ahead's body is kept for
                // the caller, which knows whether it opens the pattern.
                Node read = alternation();
                lookahead = positiveAhead && depth == 1 ? read : null;
                body = EMPTY;
            } else if (re.startsWith("?<", pos)) {
                int close = re.indexOf('>', pos);
                String name = re.substring(pos + 2, close);
                pos = close + 1;
                int number = groups.size();
                groups.add(null);
                body = alternation();
                groups.set(number, body);
                named.put(name, body);
            } else if (re.startsWith("?:", pos) || re.startsWith("?>", pos)) {
                pos += 2;
                body = alternation();
            } else if (re.charAt(pos) == '?') {
                pos++;
                while (pos < re.length() && re.charAt(pos) != ')' && re.charAt(pos) != ':') {
                    if (re.charAt(pos) != 'i') {
                        throw new IllegalStateException("flag not read");
                    }
                    caseless = true;
                    pos++;
                }
                if (re.charAt(pos) == ')') {
                    pos++;
                    depth--;
                    return null; // "(?i)": on for the rest of the enclosing group
                }
                pos++; // :
                body = alternation();
            } else {
                int number = groups.size();
                groups.add(null);
                body = alternation();
                groups.set(number, body);
            }
            if (pos >= re.length() || re.charAt(pos) != ')') {
                throw new IllegalStateException("unclosed group");
            }
            pos++;
            depth--;
            caseless = saved;
            return body;
        }

        private Node escape() {
            char e = re.charAt(pos + 1);
            if (e == 'Q') {
                int end = re.indexOf("\\E", pos + 2);
                int stop = end < 0 ? re.length() : end;
                List<Node> literal = new ArrayList<>();
                for (int i = pos + 2; i < stop; i++) {
                    literal.add(set(Chars.of(re.charAt(i))));
                }
                pos = end < 0 ? re.length() : end + 2;
                return new Seq(literal);
            }
            if (e == 'k') {
                int close = re.indexOf('>', pos);
                if (re.charAt(pos + 2) != '<' || close < 0) {
                    throw new IllegalStateException("bad back-reference");
                }
                Node group = named.get(re.substring(pos + 3, close));
                pos = close + 1;
                return backReference(group);
            }
            if (e >= '1' && e <= '9') {
                pos += 2;
                if (pos < re.length() && Character.isDigit(re.charAt(pos))) {
                    throw new IllegalStateException("multi-digit back-reference not read");
                }
                return backReference(e - '0' < groups.size() ? groups.get(e - '0') : null);
            }
            pos += 2;
            return switch (e) {
                case 'b', 'B', 'A', 'z', 'Z', 'G' -> EMPTY;
                default -> set(escapedChars(e));
            };
        }

        /** The text a group matched, read as anything the group could match (case-insensitively if asked to). */
        private Node backReference(Node group) {
            if (group == null) {
                throw new IllegalStateException("back-reference to an open or unknown group");
            }
            return caseless ? caseless(group) : group;
        }

        /** The characters of a one-character escape, outside or inside a class. */
        private static Chars escapedChars(char e) {
            return switch (e) {
                case 'd' -> new Chars(Chars.DIGITS, 0, false);
                case 'D' -> new Chars(Chars.DIGITS, 0, false).not();
                case 's' -> whitespace();
                case 'S' -> whitespace().not();
                case 'w' -> word();
                case 'W' -> word().not();
                case 't' -> Chars.of('\t');
                case 'n' -> Chars.of('\n');
                case 'r' -> Chars.of('\r');
                case 'f' -> Chars.of('\f');
                case 'e' -> Chars.of('\u001B');
                case 'a' -> Chars.of('\u0007');
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new IllegalStateException("escape \\" + e + " not read");
                    }
                    yield Chars.of(e);
                }
            };
        }

        private static Chars whitespace() {
            return Chars.of(' ').or(Chars.of('\t')).or(Chars.of('\n')).or(Chars.of('\u000B')).or(Chars.of('\f'))
                    .or(Chars.of('\r'));
        }

        private static Chars word() {
            return Chars.range('0', '9').or(Chars.range('a', 'z')).or(Chars.range('A', 'Z')).or(Chars.of('_'));
        }

        /** A bracketed class from {@code pos}: members, ranges, one-character escapes, a leading ^. */
        private Chars charClass() {
            pos++; // [
            boolean negated = pos < re.length() && re.charAt(pos) == '^';
            if (negated) {
                pos++;
            }
            Chars set = Chars.NONE;
            boolean first = true;
            while (true) {
                char c = re.charAt(pos);
                if (c == ']') {
                    if (first) {
                        throw new IllegalStateException("empty class or leading ] not read");
                    }
                    pos++;
                    break;
                }
                first = false;
                if (c == '[' || (c == '&' && re.startsWith("&&", pos))) {
                    throw new IllegalStateException("nested class or intersection not read");
                }
                char lo;
                Chars one;
                if (c == '\\') {
                    char e = re.charAt(pos + 1);
                    one = escapedChars(e);
                    lo = Character.isLetterOrDigit(e) ? 0 : e;
                    pos += 2;
                } else {
                    one = Chars.of(c);
                    lo = c;
                    pos++;
                }
                if (lo != 0 && pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                    char hi = re.charAt(pos + 1);
                    if (hi == '\\' || hi == '[') {
                        throw new IllegalStateException("escaped range end not read");
                    }
                    if (hi < lo) {
                        throw new IllegalStateException("bad range");
                    }
                    one = Chars.range(lo, hi);
                    pos += 2;
                }
                set = set.or(one);
            }
            return negated ? set.not() : set;
        }
    }

    // ---- automata -------------------------------------------------------------------------------------------

    /** A Thompson automaton: each state has a set transition to one state, or empty moves to several. */
    private static final class Nfa {
        private final List<Chars> setOf = new ArrayList<>();
        private final List<Integer> target = new ArrayList<>();
        private final List<int[]> empty = new ArrayList<>();

        int state() {
            if (setOf.size() >= MAX_NFA_STATES) {
                throw new IllegalStateException("pattern too large");
            }
            setOf.add(null);
            target.add(-1);
            empty.add(new int[0]);
            return setOf.size() - 1;
        }

        private void link(int from, int to) {
            int[] old = empty.get(from);
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = to;
            empty.set(from, grown);
        }

        /** States for {@code n} that go on to {@code then}; returns the entry state. */
        int compile(Node n, int then) {
            if (n instanceof Set s) {
                int in = state();
                setOf.set(in, s.chars());
                if (s.chars().other()) {
                    // A character beyond the BMP is two chars but one code point to java.util.regex.
                    int low = state();
                    link(low, then);
                    int second = state();
                    setOf.set(second, new Chars(0, 0, true));
                    target.set(second, then);
                    link(low, second);
                    target.set(in, low);
                } else {
                    target.set(in, then);
                }
                return in;
            }
            if (n instanceof Seq s) {
                int entry = then;
                for (int i = s.items().size() - 1; i >= 0; i--) {
                    entry = compile(s.items().get(i), entry);
                }
                return entry;
            }
            if (n instanceof Alt a) {
                int in = state();
                for (Node option : a.options()) {
                    link(in, compile(option, then));
                }
                return in;
            }
            Repeat r = (Repeat) n;
            int entry;
            if (r.max() < 0) {
                // then <- loop: the loop state may leave, or go round the item once more.
                int loop = state();
                link(loop, then);
                link(loop, compile(r.item(), loop));
                entry = loop;
            } else {
                entry = then;
                for (int k = r.max() - r.min(); k > 0; k--) {
                    int optional = state();
                    link(optional, then);
                    link(optional, compile(r.item(), entry));
                    entry = optional;
                }
            }
            for (int k = 0; k < r.min(); k++) {
                entry = compile(r.item(), entry);
            }
            return entry;
        }

        private BitSet closure(BitSet states) {
            BitSet seen = (BitSet) states.clone();
            ArrayDeque<Integer> work = new ArrayDeque<>();
            states.stream().forEach(work::push);
            while (!work.isEmpty()) {
                for (int t : empty.get(work.pop())) {
                    if (!seen.get(t)) {
                        seen.set(t);
                        work.push(t);
                    }
                }
            }
            return seen;
        }

        StartFilter determinize(int start, int accept) {
            // Symbols that every set treats alike share a class.
            List<Chars> distinct = setOf.stream().filter(java.util.Objects::nonNull).distinct().toList();
            Map<String, Integer> bySignature = new HashMap<>();
            byte[] classOf = new byte[OTHER + 1];
            List<Integer> representative = new ArrayList<>();
            for (int symbol = 0; symbol <= OTHER; symbol++) {
                StringBuilder sig = new StringBuilder();
                for (Chars set : distinct) {
                    sig.append(set.has(symbol) ? '1' : '0');
                }
                Integer cls = bySignature.get(sig.toString());
                if (cls == null) {
                    cls = representative.size();
                    if (cls > Byte.MAX_VALUE) {
                        throw new IllegalStateException("too many classes");
                    }
                    bySignature.put(sig.toString(), cls);
                    representative.add(symbol);
                }
                classOf[symbol] = (byte) (int) cls;
            }
            int classes = representative.size();
            List<BitSet> dstates = new ArrayList<>();
            Map<BitSet, Integer> ids = new HashMap<>();
            BitSet first = new BitSet();
            first.set(start);
            first = closure(first);
            dstates.add(first);
            ids.put(first, 0);
            List<int[]> rows = new ArrayList<>();
            List<Boolean> may = new ArrayList<>();
            for (int d = 0; d < dstates.size(); d++) {
                BitSet current = dstates.get(d);
                int[] row = new int[classes];
                Arrays.fill(row, -1);
                boolean done = current.get(accept);
                if (!done && d >= MAX_STATES) {
                    done = true; // not expanded: may match
                }
                if (!done) {
                    for (int cls = 0; cls < classes; cls++) {
                        int symbol = representative.get(cls);
                        BitSet moved = new BitSet();
                        for (int s = current.nextSetBit(0); s >= 0; s = current.nextSetBit(s + 1)) {
                            Chars set = setOf.get(s);
                            if (set != null && set.has(symbol)) {
                                moved.set(target.get(s));
                            }
                        }
                        if (moved.isEmpty()) {
                            continue;
                        }
                        BitSet reached = closure(moved);
                        Integer id = ids.get(reached);
                        if (id == null) {
                            id = dstates.size();
                            dstates.add(reached);
                            ids.put(reached, id);
                        }
                        row[cls] = id;
                    }
                }
                rows.add(row);
                may.add(done);
            }
            int[] next = new int[rows.size() * classes];
            boolean[] mayMatch = new boolean[rows.size()];
            for (int d = 0; d < rows.size(); d++) {
                System.arraycopy(rows.get(d), 0, next, d * classes, classes);
                mayMatch[d] = may.get(d);
            }
            return new StartFilter(classOf, classes, next, mayMatch);
        }
    }
}
