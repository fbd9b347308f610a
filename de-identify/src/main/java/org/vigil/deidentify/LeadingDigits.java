package org.vigil.deidentify;

/**
 * The fewest digits every match of a regular expression starts with, read from its source, so that a rule tried at
 * each run of digits is skipped where the run is shorter ({@code \d{3}-\d{2}-\d{4}} never at "12"). A lower bound:
 * the reading stops, keeping what it counted, at the first construct that is not a mandatory digit (a letter, a
 * class with other characters, an optional part holding non-digits, a back-reference...), so an unusual pattern only
 * loses the shortcut, never a match. Look-arounds are zero-width and skipped.
 */
final class LeadingDigits {

    private final String re;
    private int pos;

    private LeadingDigits(String re) {
        this.re = re;
    }

    /** The fewest leading digits of any match of {@code regex} (0 when nothing is known). */
    static int of(String regex) {
        try {
            LeadingDigits p = new LeadingDigits(regex);
            Count c = p.alternation();
            return p.pos == regex.length() ? c.min : 0;
        } catch (RuntimeException e) {
            return 0; // a construct this reading does not know: no shortcut
        }
    }

    /** {@code min} leading digits; {@code whole}: the part is made of digits only, so what follows still counts. */
    private record Count(int min, boolean whole) {
    }

    private Count alternation() {
        Count best = sequence();
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            Count next = sequence();
            best = new Count(Math.min(best.min, next.min), best.whole && next.whole);
        }
        return best;
    }

    /** A sequence up to {@code |} or {@code )}; counts digits until the first part that is not all digits. */
    private Count sequence() {
        int total = 0;
        boolean counting = true;
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            if (lookaround()) {
                continue;
            }
            Count atom = atom();
            int[] q = quantifier();
            if (!counting) {
                continue;
            }
            if (q[0] > 0) {
                // Repeats of an all-digit part all count; of a mixed part, only the first one's leading digits.
                total += atom.whole ? atom.min * q[0] : atom.min;
            }
            // An optional part adds nothing when skipped, and keeps the count going only if it is all digits.
            counting = atom.whole;
        }
        return new Count(total, counting);
    }

    private boolean lookaround() {
        if (re.startsWith("(?=", pos) || re.startsWith("(?!", pos) || re.startsWith("(?<=", pos)
                || re.startsWith("(?<!", pos)) {
            pos = closingParen(pos) + 1;
            return true;
        }
        return false;
    }

    /** One atom; a group is read recursively. */
    private Count atom() {
        char c = re.charAt(pos);
        if (c == '(') {
            int close = closingParen(pos);
            int inner;
            if (re.startsWith("(?<", pos)) {
                inner = re.indexOf('>', pos) + 1; // named group
            } else if (re.startsWith("(?", pos)) {
                int colon = re.indexOf(':', pos);
                int paren = re.indexOf(')', pos);
                if (paren >= 0 && (colon < 0 || paren < colon)) {
                    pos = paren + 1; // a flag setting such as (?i): zero-width
                    return new Count(0, true);
                }
                inner = colon + 1; // (?: or (?i:
            } else {
                inner = pos + 1;
            }
            pos = inner;
            Count c2 = alternation();
            if (pos != close) {
                throw new IllegalStateException("unbalanced group");
            }
            pos = close + 1;
            return c2;
        }
        if (c == '\\') {
            char e = re.charAt(pos + 1);
            pos += 2;
            if (e == 'd') {
                return new Count(1, true);
            }
            if (e == 'k') {
                pos = re.indexOf('>', pos) + 1; // a named back-reference
            } else if ((e == 'p' || e == 'P') && re.charAt(pos) == '{') {
                pos = re.indexOf('}', pos) + 1;
            } else if (e == 'Q') {
                int end = re.indexOf("\\E", pos);
                pos = end < 0 ? re.length() : end + 2; // a quoted literal, as word lists expand to
            } else if (e >= '0' && e <= '9' || e == 'x' || e == 'u' || e == 'c' || e == 'N') {
                throw new IllegalStateException("not read"); // numbered references, code points: no shortcut
            }
            return new Count(0, false);
        }
        if (c == '[') {
            int end = classEnd(pos);
            String body = re.substring(pos + 1, end);
            pos = end + 1;
            return new Count(digitsOnly(body) ? 1 : 0, digitsOnly(body));
        }
        pos++;
        boolean digit = c >= '0' && c <= '9';
        return new Count(digit ? 1 : 0, digit);
    }

    /** The least repeat count of the quantifier at {@code pos} ({1} when none) and its most (-1 unbounded). */
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
            pos++; // lazy or possessive: the same counts
        }
        return q;
    }

    /** Whether a character class body ("0-9", "01", "1-9") holds digits only. */
    private static boolean digitsOnly(String body) {
        if (body.isEmpty() || body.charAt(0) == '^') {
            return false;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c == '-' && i > 0 && i + 1 < body.length())) {
                return false;
            }
        }
        return true;
    }

    private int classEnd(int open) {
        int i = open + 1;
        if (i < re.length() && re.charAt(i) == '^') {
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
            i++;
        }
        for (; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                throw new IllegalStateException("nested class"); // unions and intersections: not read
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
                i++;
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
