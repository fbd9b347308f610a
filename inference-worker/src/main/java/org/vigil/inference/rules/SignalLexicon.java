package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signal phrases of every kind, from the {@code lexicon/<KIND>.txt} data files, matched in one pass.
 *
 * <p>File format, one entry a line: {@code pattern [TAB options]}; {@code #} starts a comment. Square brackets in
 * the pattern mark the mention span when the pattern needs context words outside it ("SI with [plan]").
 * Options: {@code cs} (case-sensitive), {@code also=KIND,KIND} (the same span is also these kinds),
 * {@code absent}, {@code exclude}, {@code weak}, {@code assert=ASSERTION}, {@code conf=0.85}.
 */
public final class SignalLexicon {

    /** A lexicon match: mention tokens {@code [start, end)} and the whole matched tokens {@code [matchStart, matchEnd)}. */
    public record Match(LexiconEntry entry, int start, int end, int matchStart, int matchEnd) {
    }

    private final PhraseMatcher<LexiconEntry> matcher = new PhraseMatcher<>();
    private final List<LexiconEntry> entries = new ArrayList<>();

    /** Loads the lexicon of each kind from {@code <base>/lexicon/<KIND>.txt} on the class path. */
    public static SignalLexicon load(String base, List<SignalKind> kinds) {
        SignalLexicon lexicon = new SignalLexicon();
        for (SignalKind kind : kinds) {
            String resource = base + "/lexicon/" + kind.name() + ".txt";
            try (InputStream in = SignalLexicon.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing lexicon " + resource);
                }
                lexicon.read(kind, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read lexicon " + resource, e);
            }
        }
        return lexicon;
    }

    /** Adds the entries of one kind's file. */
    void read(SignalKind kind, BufferedReader reader) throws IOException {
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            add(parse("lexicon/" + kind.name() + ":" + lineNo, kind, cols[0].strip(), cols.length > 1 ? cols[1] : ""));
        }
    }

    static LexiconEntry parse(String id, SignalKind kind, String pattern, String options) {
        List<SignalKind> kinds = new ArrayList<>(List.of(kind));
        boolean cs = false;
        boolean absent = false;
        boolean exclude = false;
        boolean weak = false;
        Optional<Assertion> assertion = Optional.empty();
        double confidence = 0.9;
        for (String opt : options.trim().split("\\s+")) {
            if (opt.isEmpty()) {
                continue;
            }
            if (opt.equals("cs")) {
                cs = true;
            } else if (opt.equals("absent")) {
                absent = true;
            } else if (opt.equals("exclude")) {
                exclude = true;
            } else if (opt.equals("weak")) {
                weak = true;
            } else if (opt.startsWith("also=")) {
                for (String k : opt.substring(5).split(",")) {
                    kinds.add(SignalKind.valueOf(k));
                }
            } else if (opt.startsWith("assert=")) {
                assertion = Optional.of(Assertion.valueOf(opt.substring(7)));
            } else if (opt.startsWith("conf=")) {
                confidence = Double.parseDouble(opt.substring(5));
            } else {
                throw new IllegalArgumentException(id + ": unknown option '" + opt + "'");
            }
        }
        return new LexiconEntry(id, pattern, kinds, cs, absent, exclude, weak, assertion, confidence);
    }

    void add(LexiconEntry entry) {
        entries.add(entry);
        try {
            matcher.add(entry.pattern(), entry.caseSensitive(), entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(entry.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every lexicon match in the text as hits in {@code hits} (cleared first), in the order {@link #find} lists
     * them: hit {@code h} is {@link #entry}(hits, h) at mention tokens [spanStart, spanEnd), matched tokens
     * [start, end).
     */
    void findHits(TokenizedText text, PhraseMatcher.Hits hits) {
        hits.clear();
        int n = text.size();
        for (int i = 0; i < n; i++) {
            matcher.matchAt(text, i, hits);
        }
    }

    LexiconEntry entry(PhraseMatcher.Hits hits, int hit) {
        return matcher.value(hits, hit);
    }

    public List<LexiconEntry> entries() {
        return List.copyOf(entries);
    }

    public int patterns() {
        return matcher.patterns();
    }

    /** Every lexicon match in the text, unfiltered (callers resolve overlaps per kind). */
    public List<Match> find(TokenizedText text) {
        return find(text, new PhraseMatcher.Hits());
    }

    /** The same, with {@code hits} as scratch space. */
    List<Match> find(TokenizedText text, PhraseMatcher.Hits hits) {
        List<Match> out = new ArrayList<>();
        findHits(text, hits);
        for (int h = 0; h < hits.size(); h++) {
            out.add(new Match(matcher.value(hits, h), hits.spanStart(h), hits.spanEnd(h), hits.start(h), hits.end(h)));
        }
        return out;
    }
}
