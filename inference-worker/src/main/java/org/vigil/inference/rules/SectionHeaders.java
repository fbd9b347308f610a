package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds section headers at the start of a line, as notes written by different hands shape them: a known header
 * from the {@code sections.tsv} data file ("Past Psychiatric History:", "FHx:", "A/P", "S:"), after an optional
 * Markdown prefix ({@code #} to {@code ######} and a space, or {@code **bold**}), followed by {@code :} or
 * {@code -} or alone on its line; and a line shaped as a header whose text the file does not name (a short line
 * alone after a Markdown {@code #}, or a short line in capitals ending with a colon), which is section
 * {@value #UNNAMED} with no default assertion.
 *
 * <p>File format: {@code header pattern TAB SECTION_NAME TAB default assertion or - [TAB options]}; options
 * {@code cs} (match the letters' case: the SOAP letters "S:" "A:" "P:") and {@code colon} (only when a colon
 * follows: a single letter alone on a line is no header).
 */
public final class SectionHeaders {

    /** The name of a section whose header has a header's shape but a text {@code sections.tsv} does not list. */
    public static final String UNNAMED = "OTHER";

    /** The most words a header of unlisted text may have: a longer line is prose or a list item. */
    private static final int SHAPE_MAX_WORDS = 6;
    /** The most {@code #} characters of a Markdown header. */
    private static final int MARKDOWN_MAX_LEVEL = 6;

    record Header(String name, Optional<Assertion> defaultAssertion, boolean needsColon) {
    }

    private final PhraseMatcher<Header> matcher = new PhraseMatcher<>();

    public static SectionHeaders load(String resource) {
        SectionHeaders headers = new SectionHeaders();
        RulesTable.read(resource, "section headers", 3, 4, (cols, where) -> {
            Optional<Assertion> def = cols[2].strip().equals("-") ? Optional.empty()
                    : Optional.of(Assertion.valueOf(cols[2].strip()));
            boolean cs = false;
            boolean colon = false;
            if (cols.length == 4) {
                for (String opt : cols[3].strip().split("\\s+")) {
                    switch (opt) {
                        case "cs" -> cs = true;
                        case "colon" -> colon = true;
                        default -> throw new IllegalArgumentException(where + ": unknown option '" + opt + "'");
                    }
                }
            }
            headers.matcher.add(cols[0], cs, new Header(cols[1].strip(), def, colon));
        });
        return headers;
    }

    /** The sections of the text in order; text before the first header is in no section. */
    public List<Section> find(TokenizedText text) {
        return find(text, new PhraseMatcher.Hits());
    }

    /** The same, with {@code hits} as scratch space. */
    List<Section> find(TokenizedText text, PhraseMatcher.Hits hits) {
        List<Section> out = new ArrayList<>();
        int n = text.size();
        for (int i = 0; i < n; i++) {
            if (!text.atLineStart(i)) {
                continue;
            }
            int markdown = markdownPrefix(text, i);
            int at = markdown > i ? markdown : boldPrefix(text, i);
            if (at >= n || text.atLineStart(at) && at > i) {
                continue;
            }
            hits.clear();
            matcher.matchAt(text, at, hits);
            int best = -1;
            int bestStart = -1;
            for (int h = 0; h < hits.size(); h++) {
                int next = skipBold(text, hits.end(h), at > i && markdown == i);
                boolean colon = next < n && text.is(next, ':');
                boolean dash = next < n && text.is(next, '-');
                boolean ownLine = next >= n || text.atLineStart(next);
                Header header = matcher.value(hits, h);
                boolean ends = header.needsColon() ? colon : colon || dash || ownLine;
                if (ends && (best < 0 || hits.length(h) > hits.length(best))) {
                    best = h;
                    bestStart = colon || dash ? skipBold(text, next + 1, at > i && markdown == i) : next;
                }
            }
            if (best >= 0) {
                Header header = matcher.value(hits, best);
                out.add(new Section(header.name(), i, bestStart, header.defaultAssertion()));
                i = bestStart - 1;
                continue;
            }
            int end = shapedHeaderEnd(text, i, markdown);
            if (end > i) {
                out.add(new Section(UNNAMED, i, end, Optional.empty()));
                i = end - 1;
            }
        }
        return out;
    }

    /** The first token after a Markdown header's {@code #}s and the space after them, or {@code i} when none. */
    private static int markdownPrefix(TokenizedText text, int i) {
        int k = i;
        int n = text.size();
        while (k < n && k - i < MARKDOWN_MAX_LEVEL && text.is(k, '#') && (k == i || text.start(k) == text.end(k - 1))) {
            k++;
        }
        // "#MDD" (no space) is a problem-list item, not a header.
        if (k == i || k >= n || text.atLineStart(k) || text.start(k) == text.end(k - 1)) {
            return i;
        }
        return k;
    }

    /** The first token after a leading {@code **} (bold header), or {@code i} when none. */
    private static int boldPrefix(TokenizedText text, int i) {
        int n = text.size();
        if (i + 2 < n && text.is(i, '*') && text.is(i + 1, '*') && text.start(i + 1) == text.end(i)
                && !text.atLineStart(i + 2)) {
            return i + 2;
        }
        return i;
    }

    /** {@code at}, or the token after a closing {@code **} there when the header opened in bold. */
    private static int skipBold(TokenizedText text, int at, boolean bold) {
        if (bold && at + 1 < text.size() && text.is(at, '*') && text.is(at + 1, '*')) {
            return at + 2;
        }
        return at;
    }

    /**
     * Where the content after a header of unlisted text starts (the next line), or {@code i} when the line at
     * {@code i} is not shaped as a header: a Markdown header of at most {@value #SHAPE_MAX_WORDS} words, or a line
     * of at most that many words in capitals that ends with a colon.
     */
    private static int shapedHeaderEnd(TokenizedText text, int i, int markdown) {
        int n = text.size();
        if (markdown == i && !capitalized(text, i)) {
            return i; // most lines: prose, fields and lists start with a word not in capitals
        }
        int end = i + 1;
        while (end < n && !text.atLineStart(end) && end - i <= 3 * SHAPE_MAX_WORDS) {
            end++;
        }
        if (end < n && !text.atLineStart(end) || markdown == i && !text.is(end - 1, ':')) {
            return i; // a long line, or no Markdown and no closing colon: most lines stop here
        }
        int words = 0;
        boolean letters = false;
        boolean capitals = true;
        String chars = text.text();
        for (int k = markdown; k < end; k++) {
            if (text.isWord(k)) {
                words++;
                for (int c = text.start(k); c < text.end(k); c++) {
                    char ch = chars.charAt(c);
                    if (Character.isLowerCase(ch)) {
                        capitals = false;
                    } else if (Character.isLetter(ch)) {
                        letters = true;
                    }
                }
            } else if (text.is(k, '.') || text.is(k, '?') || text.is(k, '!') || text.is(k, ';') || text.is(k, ',')
                    || text.is(k, ':') && k < end - 1) {
                return i; // a sentence, a list or a field with its value ("# Return precautions: SI, HI"), not a header
            }
        }
        if (words == 0 || words > SHAPE_MAX_WORDS) {
            return i;
        }
        if (markdown > i) {
            return end;
        }
        boolean colonLast = text.is(end - 1, ':');
        return capitals && letters && colonLast && words >= 1 && startsWithLetter(text, i) ? end : i;
    }

    /** Whether token {@code i} is a word with no lower-case letter and a capital first. */
    private static boolean capitalized(TokenizedText text, int i) {
        if (!text.isWord(i) || !Character.isUpperCase(text.text().charAt(text.start(i)))) {
            return false;
        }
        String chars = text.text();
        for (int c = text.start(i) + 1; c < text.end(i); c++) {
            if (Character.isLowerCase(chars.charAt(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithLetter(TokenizedText text, int i) {
        return text.isWord(i) && !text.startsWithDigit(i);
    }
}
