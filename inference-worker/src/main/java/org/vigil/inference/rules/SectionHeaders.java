package org.vigil.inference.rules;

import org.vigil.schemas.Assertion;

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
 * Finds section headers ("Past Psychiatric History:", "FHx:", "MSE:") at the start of a line, from the
 * {@code sections.tsv} data file: {@code header pattern TAB SECTION_NAME TAB default assertion or -}.
 */
public final class SectionHeaders {

    record Header(String name, Optional<Assertion> defaultAssertion) {
    }

    private final PhraseMatcher<Header> matcher = new PhraseMatcher<>();

    public static SectionHeaders load(String resource) {
        SectionHeaders headers = new SectionHeaders();
        try (InputStream in = SectionHeaders.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing section headers " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 3) {
                    throw new IllegalArgumentException(resource + ":" + lineNo + ": expected 3 tab-separated columns");
                }
                Optional<Assertion> def = cols[2].strip().equals("-") ? Optional.empty()
                        : Optional.of(Assertion.valueOf(cols[2].strip()));
                Header h = new Header(cols[1].strip(), def);
                headers.matcher.add(cols[0], false, h);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read section headers " + resource, e);
        }
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
            hits.clear();
            matcher.matchAt(text, i, hits);
            int best = -1;
            for (int h = 0; h < hits.size(); h++) {
                int next = hits.end(h);
                boolean colon = next < n && (text.is(next, ':') || text.is(next, '-'));
                boolean ownLine = next >= n || text.atLineStart(next);
                if ((colon || ownLine) && (best < 0 || hits.length(h) > hits.length(best))) {
                    best = h;
                }
            }
            if (best >= 0) {
                Header header = matcher.value(hits, best);
                int start = hits.end(best);
                if (start < n && (text.is(start, ':') || text.is(start, '-'))) {
                    start++;
                }
                out.add(new Section(header.name(), i, start, header.defaultAssertion()));
                i = start - 1;
            }
        }
        return out;
    }
}
