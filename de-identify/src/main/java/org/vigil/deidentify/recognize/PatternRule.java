package org.vigil.deidentify.recognize;

import org.vigil.deidentify.text.PhiType;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of a pattern file: a regular expression for one identifier type, where to try it (its trigger), its
 * base score, a validator, and context phrases that raise (or, negative, lower) the score, as in Presidio.
 *
 * @param phiGroup whether the pattern marks the identifier with a named group {@code phi} inside a wider match
 */
public record PatternRule(String id, PhiType type, double score, Trigger trigger, Validator validator,
        List<String> context, double boost, List<String> negative, Pattern pattern, boolean phiGroup) {

    /** Characters before a match searched for context phrases. */
    static final int CONTEXT_WINDOW = 40;
    /** Characters on either side of a match searched for negative phrases. */
    static final int NEGATIVE_WINDOW = 20;

    public PatternRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        context = List.copyOf(context);
        negative = List.copyOf(negative);
    }

    /** Negative phrases that count before a match: all but those marked {@code >} (after only). */
    List<String> negativeBefore() {
        return negative.stream().filter(p -> !p.startsWith(">")).map(p -> p.startsWith("<") ? p.substring(1) : p).toList();
    }

    /** Negative phrases that count after a match: all but those marked {@code <} (before only). */
    List<String> negativeAfter() {
        return negative.stream().filter(p -> !p.startsWith("<")).map(p -> p.startsWith(">") ? p.substring(1) : p).toList();
    }

    /** Where a rule is tried: each is cheap to enumerate, so no rule scans every position of every note. */
    public sealed interface Trigger {
        /** At the start of every run of digits not glued to a preceding letter. */
        record Digit() implements Trigger {
        }

        /** At the start of every token. */
        record Token() implements Trigger {
        }

        /** At the start of every token that mixes letters and digits ("AB123456", "bellr90"). */
        record Mixed() implements Trigger {
        }

        /** At every occurrence of one of these characters. */
        record Chars(String chars) implements Trigger {
        }

        /** At every token whose lower-case form is in the set. */
        record Words(Set<String> words) implements Trigger {
        }

        /** A plain search over the whole note, run only when the note contains one of these literals. */
        record Scan(List<String> literals) implements Trigger {
        }

        /** At every token that starts within the context window after one of the rule's context phrases. */
        record AfterContext() implements Trigger {
        }

        /**
         * At every occurrence of one of these lower-case literals ("http", "www."); with {@code back}, at the start of
         * the run of address characters ([A-Za-z0-9._%+-]) that ends there ("jane.doe" before "@", a domain before ".com").
         */
        record Literal(List<String> literals, boolean back) implements Trigger {
        }
    }

    /** Whether one of {@code phrases} occurs as whole words within {@code [from, to)} of the lower-case text. */
    static boolean anyPhraseIn(String lower, List<String> phrases, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(lower.length(), to);
        if (to <= from) {
            return false;
        }
        for (String phrase : phrases) {
            int last = to - phrase.length();
            for (int at = from; at <= last; at++) {
                if (lower.charAt(at) == phrase.charAt(0) && lower.startsWith(phrase, at) && wholeWord(lower, phrase, at)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A fixed set of lower-case phrases, grouped by first character, for {@link #anyIn}: the same answer as
     * {@link #anyPhraseIn}, reading each position of the window once instead of once per phrase.
     */
    static final class Phrases {
        private final String[][] byFirstChar = new String[128][];
        private final String[] other;
        private final boolean empty;

        Phrases(List<String> phrases) {
            java.util.List<String> rest = new java.util.ArrayList<>();
            for (String p : phrases) {
                if (p.isEmpty()) {
                    continue;
                }
                char c = p.charAt(0);
                if (c < 128) {
                    String[] old = byFirstChar[c];
                    String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
                    grown[grown.length - 1] = p;
                    byFirstChar[c] = grown;
                } else {
                    rest.add(p);
                }
            }
            this.other = rest.toArray(new String[0]);
            this.empty = phrases.stream().allMatch(String::isEmpty);
        }

        /** Whether one of the phrases occurs as whole words within {@code [from, to)} of the lower-case text. */
        boolean anyIn(String lower, int from, int to) {
            from = Math.max(0, from);
            to = Math.min(lower.length(), to);
            if (to <= from || empty) {
                return false;
            }
            for (int at = from; at < to; at++) {
                char c = lower.charAt(at);
                String[] candidates = c < 128 ? byFirstChar[c] : null;
                if (candidates != null) {
                    for (String phrase : candidates) {
                        if (at + phrase.length() <= to && lower.startsWith(phrase, at) && wholeWord(lower, phrase, at)) {
                            return true;
                        }
                    }
                }
            }
            for (String phrase : other) {
                if (anyPhraseIn(lower, List.of(phrase), from, to)) {
                    return true;
                }
            }
            return false;
        }
    }

    static boolean wholeWord(String lower, String phrase, int at) {
        boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1))
                || !Character.isLetterOrDigit(phrase.charAt(0));
        int end = at + phrase.length();
        boolean endOk = end >= lower.length() || !Character.isLetterOrDigit(lower.charAt(end))
                || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1));
        return startOk && endOk;
    }

    static List<String> phrases(String column) {
        if (column.equals("-") || column.isBlank()) {
            return List.of();
        }
        return List.of(column.toLowerCase(Locale.ROOT).split("\\|"));
    }
}
