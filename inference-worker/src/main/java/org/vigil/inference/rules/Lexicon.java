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
public final class Lexicon {

    /** One expanded phrase: the entry and where its mention span sits inside the matched tokens. */
    record Phrase(LexiconEntry entry, List<String> surface, int spanFrom, int spanFromEnd) {
    }

    /** A lexicon match: mention tokens {@code [start, end)} and the whole matched tokens {@code [matchStart, matchEnd)}. */
    public record Match(LexiconEntry entry, int start, int end, int matchStart, int matchEnd) {
    }

    private final PhraseTrie<Phrase> trie = new PhraseTrie<>();
    private final List<LexiconEntry> entries = new ArrayList<>();

    /** Loads the lexicon of each kind from {@code <base>/lexicon/<KIND>.txt} on the class path. */
    public static Lexicon load(String base, List<SignalKind> kinds) {
        Lexicon lexicon = new Lexicon();
        for (SignalKind kind : kinds) {
            String resource = base + "/lexicon/" + kind.name() + ".txt";
            try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
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
        String p = entry.pattern().replace("[", " \u0001 ").replace("]", " \u0002 ");
        for (List<String> seq : PhrasePattern.expand(p, entry.caseSensitive())) {
            int open = seq.indexOf("\u0001");
            List<String> tokens = new ArrayList<>(seq);
            int from = 0;
            int fromEnd = 0;
            if (open >= 0) {
                tokens.remove(open);
                int close = tokens.indexOf("\u0002");
                if (close < 0) {
                    throw new IllegalArgumentException(entry.id() + ": '[' without ']'");
                }
                tokens.remove(close);
                from = open;
                fromEnd = tokens.size() - close;
            }
            if (tokens.isEmpty() || from >= tokens.size() - fromEnd) {
                throw new IllegalArgumentException(entry.id() + ": empty mention span in " + entry.pattern());
            }
            trie.add(tokens, new Phrase(entry, tokens, from, fromEnd));
        }
    }

    public List<LexiconEntry> entries() {
        return List.copyOf(entries);
    }

    public int phrases() {
        return trie.phrases();
    }

    /** Every lexicon match in the text, unfiltered (callers resolve overlaps per kind). */
    public List<Match> find(TokenizedText text) {
        List<Match> out = new ArrayList<>();
        List<PhraseTrie.Hit<Phrase>> hits = new ArrayList<>();
        int n = text.size();
        for (int i = 0; i < n; i++) {
            if (!trie.canStartWith(text, i)) {
                continue;
            }
            hits.clear();
            trie.matchAt(text, i, n, hits);
            for (PhraseTrie.Hit<Phrase> hit : hits) {
                Phrase ph = hit.value();
                if (ph.entry().caseSensitive() && !sameCase(text, hit.start(), ph.surface())) {
                    continue;
                }
                out.add(new Match(ph.entry(), hit.start() + ph.spanFrom(), hit.end() - ph.spanFromEnd(),
                        hit.start(), hit.end()));
            }
        }
        return out;
    }

    private static boolean sameCase(TokenizedText text, int start, List<String> surface) {
        for (int k = 0; k < surface.size(); k++) {
            String want = surface.get(k);
            if (want.equals(PhrasePattern.ANY_WORD) || want.equals(PhrasePattern.NUM) || want.equals(PhrasePattern.YEAR)) {
                continue;
            }
            if (!text.surface(start + k).equals(want)) {
                return false;
            }
        }
        return true;
    }
}
