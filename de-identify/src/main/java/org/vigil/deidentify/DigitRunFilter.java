package org.vigil.deidentify;

/**
 * Which runs of digits a digit rule can match at, read from its pattern: by the run's length and the character
 * after it. A match that starts at a run of {@code L} digits either leaves the digits after some {@code D <= L} of
 * them and ends there or goes on with a non-digit, which then must be the text's character after the run
 * ({@code D == L}). So for each count {@code D} the reading keeps the non-digit characters the pattern can go on
 * with, and the counts where a match can end; "\d{1,2}/\d{1,2}" is never tried at "120 mg" or at "5 mg".
 * An over-approximation: look-arounds, anchors and laziness are read as if absent, a back-reference or a construct
 * this reading does not know counts as "anything from here on", and an unknown pattern gets no filter at all, so
 * a rule only loses the shortcut, never a match. Digits are ASCII, as {@code \d} reads them.
 */
final class DigitRunFilter {

    /** Digit counts from this many on are not told apart: such runs are always tried. */
    static final int MAX_COUNT = 63;

    /** Per leading-digit count, the characters below 128 that may follow (two words) and whether any other may. */
    private final long[] followLow = new long[MAX_COUNT];
    private final long[] followHigh = new long[MAX_COUNT];
    private final boolean[] followOther = new boolean[MAX_COUNT];
    /** Counts after which a match may end or anything may follow (bit D). */
    private long endAt;

    /** The filter of {@code regex}, or null when its pattern is not understood. */
    static DigitRunFilter of(String regex) {
        try {
            for (int i = regex.indexOf("(?"); i >= 0; i = regex.indexOf("(?", i + 1)) {
                // Flags other than case-insensitivity change what classes hold: not read (escaped or not).
                int j = i + 2;
                while (j < regex.length() && Character.isLetter(regex.charAt(j))) {
                    if (regex.charAt(j) != 'i') {
                        return null;
                    }
                    j++;
                }
                if (j < regex.length() && regex.charAt(j) == '-') {
                    return null;
                }
            }
            DigitRunFilter f = new DigitRunFilter();
            Reader r = new Reader(regex, f, regex.contains("(?i"));
            long states = r.alternation(1L);
            if (r.pos != regex.length()) {
                return null;
            }
            f.endAt |= states;
            return f;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether a match can start at {@code pos} of {@code text}, where a digit run starts: false only when the
     * run's length and the character after it rule every match out.
     */
    boolean mayMatchAt(CharSequence text, int pos) {
        int n = text.length();
        int at = pos;
        while (at < n && at - pos < MAX_COUNT) {
            char c = text.charAt(at);
            if (c < '0' || c > '9') {
                break;
            }
            at++;
        }
        int run = at - pos;
        if (run >= MAX_COUNT) {
            return true;
        }
        // Ending after D <= run digits, or anything after them.
        if ((endAt & ((1L << (run + 1)) - 1)) != 0) {
            return true;
        }
        if (at >= n) {
            return false;
        }
        char c = text.charAt(at);
        if (c < 64) {
            return (followLow[run] & (1L << c)) != 0;
        }
        if (c < 128) {
            return (followHigh[run] & (1L << (c - 64))) != 0;
        }
        return followOther[run];
    }

    /** A set of characters: below 128 as two words, the rest as one flag. */
    private record Chars(long low, long high, boolean other) {
        static final Chars ANY = new Chars(-1L, -1L, true);
        static final long DIGITS = 0x03FF_0000_0000_0000L;

        static Chars of(char c) {
            return c < 64 ? new Chars(1L << c, 0, false) : c < 128 ? new Chars(0, 1L << (c - 64), false)
                    : new Chars(0, 0, true);
        }

        Chars or(Chars o) {
            return new Chars(low | o.low, high | o.high, other || o.other);
        }

        Chars not() {
            return new Chars(~low, ~high, true);
        }

        boolean hasDigit() {
            return (low & DIGITS) != 0;
        }

        Chars withoutDigits() {
            return new Chars(low & ~DIGITS, high, other);
        }

        boolean empty() {
            return low == 0 && high == 0 && !other;
        }

        /** Both cases of each ASCII letter, and any other character (case folding may reach beyond ASCII). */
        Chars caseless() {
            long letters = high & 0x07FF_FFFE_07FF_FFFEL;
            if (letters == 0) {
                return this;
            }
            long folded = letters | ((letters & 0x07FF_FFFEL) << 32) | ((letters >>> 32) & 0x07FF_FFFEL);
            return new Chars(low, high | folded, true);
        }
    }

    private void follow(long states, Chars nonDigits) {
        for (int d = 0; d < MAX_COUNT; d++) {
            if ((states & (1L << d)) != 0) {
                followLow[d] |= nonDigits.low();
                followHigh[d] |= nonDigits.high();
                followOther[d] |= nonDigits.other();
            }
        }
    }

    /** States are bit sets of leading-digit counts read so far while still in the leading digits; bit 63: 63 or more. */
    private static long plusOne(long states) {
        long top = states & (1L << MAX_COUNT);
        return (states << 1) | top;
    }

    private static final class Reader {
        private final String re;
        private final DigitRunFilter f;
        private final boolean caseless;
        int pos;

        Reader(String re, DigitRunFilter f, boolean caseless) {
            this.re = re;
            this.f = f;
            this.caseless = caseless;
        }

        /** Reads an alternation from {@code pos} up to {@code )} or the end; returns the states after it. */
        long alternation(long states) {
            long out = sequence(states);
            while (pos < re.length() && re.charAt(pos) == '|') {
                pos++;
                out |= sequence(states);
            }
            return out;
        }

        private long sequence(long states) {
            while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
                int atomStart = pos;
                skipAtom();
                int atomEnd = pos;
                int[] q = quantifier();
                int after = pos;
                states = repeat(atomStart, atomEnd, q[0], q[1], states);
                pos = after;
            }
            return states;
        }

        /** Applies the atom at [start, end) between min and max times (max -1: unbounded). */
        private long repeat(int start, int end, int min, int max, long states) {
            long result = min == 0 ? states : 0;
            long cur = states;
            for (int k = 1; cur != 0 && (max < 0 || k <= max); k++) {
                pos = start;
                cur = atom(cur);
                if (pos != end) {
                    throw new IllegalStateException("atom misread");
                }
                if (k >= min) {
                    long grown = result | cur;
                    if (grown == result && k > min) {
                        break; // nothing new: later repeats add nothing either
                    }
                    result = grown;
                }
                if (k > min + 4 * MAX_COUNT) {
                    throw new IllegalStateException("no fixed point"); // counts saturate long before
                }
            }
            return result;
        }

        /** Moves {@code pos} past one atom without reading it. */
        private void skipAtom() {
            char c = re.charAt(pos);
            if (c == '(') {
                pos = closingParen(pos) + 1;
            } else if (c == '[') {
                pos = classEnd(pos) + 1;
            } else if (c == '\\') {
                char e = re.charAt(pos + 1);
                if (e == 'Q') {
                    int end = re.indexOf("\\E", pos + 2);
                    pos = end < 0 ? re.length() : end + 2;
                    if (pos < re.length() && "?*+{".indexOf(re.charAt(pos)) >= 0) {
                        throw new IllegalStateException("quantified quote");
                    }
                } else if (e == 'k' || e == 'p' || e == 'P') {
                    int close = re.indexOf(e == 'k' ? '>' : '}', pos);
                    pos = re.charAt(pos + 2) == (e == 'k' ? '<' : '{') ? close + 1 : pos + 3;
                } else if (e == 'x' || e == 'u' || e == 'c' || e == 'N' || e == '0') {
                    throw new IllegalStateException("not read");
                } else {
                    pos += 2;
                }
            } else {
                pos++;
            }
        }

        /** Reads one atom at {@code pos}, recording follows; returns the states after it. */
        private long atom(long states) {
            char c = re.charAt(pos);
            if (c == '(') {
                int close = closingParen(pos);
                if (re.startsWith("(?=", pos) || re.startsWith("(?!", pos) || re.startsWith("(?<=", pos)
                        || re.startsWith("(?<!", pos)) {
                    pos = close + 1;
                    return states; // zero width; what it rules out is not used
                }
                int inner;
                if (re.startsWith("(?<", pos)) {
                    inner = re.indexOf('>', pos) + 1;
                } else if (re.startsWith("(?>", pos)) {
                    inner = pos + 3;
                } else if (re.startsWith("(?", pos)) {
                    int colon = re.indexOf(':', pos);
                    int paren = re.indexOf(')', pos);
                    if (paren >= 0 && (colon < 0 || paren < colon)) {
                        pos = paren + 1; // flags only
                        return states;
                    }
                    inner = colon + 1;
                } else {
                    inner = pos + 1;
                }
                pos = inner;
                long out = alternation(states);
                if (pos != close) {
                    throw new IllegalStateException("unbalanced group");
                }
                pos = close + 1;
                return out;
            }
            if (c == '[') {
                int end = classEnd(pos);
                Chars set = classBody(pos + 1, end);
                pos = end + 1;
                return chars(states, set);
            }
            if (c == '\\') {
                char e = re.charAt(pos + 1);
                if (e == 'Q') {
                    int end = re.indexOf("\\E", pos + 2);
                    int stop = end < 0 ? re.length() : end;
                    for (int i = pos + 2; i < stop; i++) {
                        states = chars(states, literal(re.charAt(i)));
                    }
                    pos = end < 0 ? re.length() : end + 2;
                    return states;
                }
                if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
                    pos += 2;
                    return states;
                }
                if (e == 'k' || (e >= '1' && e <= '9')) {
                    skipAtom();
                    return giveUp(states);
                }
                Chars set = escape(e);
                skipAtom();
                return chars(states, set);
            }
            pos++;
            if (c == '^' || c == '$') {
                return states;
            }
            return chars(states, c == '.' ? Chars.ANY : literal(c));
        }

        private Chars literal(char c) {
            Chars set = Chars.of(c);
            return caseless ? set.caseless() : set;
        }

        private long giveUp(long states) {
            f.endAt |= states;
            return 0;
        }

        private long chars(long states, Chars set) {
            Chars nonDigits = set.withoutDigits();
            if (!nonDigits.empty()) {
                f.follow(states & ~(1L << MAX_COUNT), nonDigits);
                if ((states & (1L << MAX_COUNT)) != 0) {
                    f.endAt |= 1L << MAX_COUNT;
                }
            }
            return set.hasDigit() ? plusOne(states) : 0;
        }

        private static Chars escape(char e) {
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
                default -> Character.isLetterOrDigit(e) ? Chars.ANY : Chars.of(e);
            };
        }

        private static Chars whitespace() {
            return Chars.of(' ').or(Chars.of('\t')).or(Chars.of('\n')).or(Chars.of('\u000B')).or(Chars.of('\f'))
                    .or(Chars.of('\r'));
        }

        private static Chars word() {
            Chars w = new Chars(Chars.DIGITS, 0, false).or(Chars.of('_'));
            for (char c = 'a'; c <= 'z'; c++) {
                w = w.or(Chars.of(c)).or(Chars.of((char) (c - 'a' + 'A')));
            }
            return w;
        }

        /** The characters of a class body [start, end). */
        private Chars classBody(int start, int end) {
            boolean negated = re.charAt(start) == '^';
            int i = negated ? start + 1 : start;
            Chars set = new Chars(0, 0, false);
            while (i < end) {
                char c = re.charAt(i);
                Chars one;
                char lo;
                if (c == '\\') {
                    char e = re.charAt(i + 1);
                    if (e == 'Q' || e == 'p' || e == 'P' || e == 'x' || e == 'u' || e == 'c' || e == 'N' || e == '0') {
                        throw new IllegalStateException("not read");
                    }
                    one = escape(e);
                    lo = Character.isLetterOrDigit(e) ? 0 : e;
                    i += 2;
                } else {
                    one = Chars.of(c);
                    lo = c;
                    i++;
                }
                if (lo != 0 && i + 1 < end && re.charAt(i) == '-') {
                    char hi = re.charAt(i + 1);
                    if (hi == '\\' || hi == '[') {
                        throw new IllegalStateException("not read");
                    }
                    for (int k = lo; k <= hi; k++) {
                        one = one.or(Chars.of((char) k));
                    }
                    i += 2;
                }
                set = set.or(one);
            }
            if (caseless) {
                set = set.caseless();
            }
            return negated ? set.not() : set;
        }

        private int[] quantifier() {
            if (pos >= re.length()) {
                return new int[] {1, 1};
            }
            char c = re.charAt(pos);
            int[] q;
            if (c == '?') {
                q = new int[] {0, 1};
                pos++;
            } else if (c == '*') {
                q = new int[] {0, -1};
                pos++;
            } else if (c == '+') {
                q = new int[] {1, -1};
                pos++;
            } else if (c == '{') {
                int close = re.indexOf('}', pos);
                String[] parts = re.substring(pos + 1, close).split(",", -1);
                int min = Integer.parseInt(parts[0].trim());
                q = new int[] {min, parts.length == 1 ? min : parts[1].isBlank() ? -1 : Integer.parseInt(parts[1].trim())};
                pos = close + 1;
            } else {
                return new int[] {1, 1};
            }
            if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
                pos++;
            }
            return q;
        }

        private int classEnd(int open) {
            int i = open + 1;
            if (i < re.length() && re.charAt(i) == '^') {
                i++;
            }
            if (i < re.length() && re.charAt(i) == ']') {
                throw new IllegalStateException("not read");
            }
            for (; i < re.length(); i++) {
                char c = re.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '[' || (c == '&' && i + 1 < re.length() && re.charAt(i + 1) == '&')) {
                    throw new IllegalStateException("not read");
                } else if (c == ']') {
                    return i;
                }
            }
            throw new IllegalStateException("unclosed class");
        }

        private int closingParen(int open) {
            int depth = 0;
            for (int i = open; i < re.length(); i++) {
                char c = re.charAt(i);
                if (c == '\\') {
                    if (re.startsWith("Q", i + 1)) {
                        int end = re.indexOf("\\E", i + 2);
                        i = end < 0 ? re.length() : end + 1;
                    } else {
                        i++;
                    }
                } else if (c == '[') {
                    i = classEnd(i);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            throw new IllegalStateException("unclosed group");
        }
    }
}
