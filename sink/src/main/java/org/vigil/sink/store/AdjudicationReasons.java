package org.vigil.sink.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The coded reasons a clinician can give for an adjudication, from the data file {@code adjudication-reasons.tsv}.
 * Codes rather than free text, because adjudications are stored and published forever and a typed sentence can carry
 * a name that never passed the de-identifier.
 */
public final class AdjudicationReasons {

    /** One reason: the code stored and published, and the label the dashboard shows. */
    public record Reason(String code, String label) {
    }

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{1,39}");
    private static final AdjudicationReasons STANDARD = load("adjudication-reasons.tsv");

    private final String version;
    private final Map<String, Reason> byCode;

    private AdjudicationReasons(String version, Map<String, Reason> byCode) {
        this.version = version;
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static AdjudicationReasons standard() {
        return STANDARD;
    }

    static AdjudicationReasons load(String resource) {
        try (InputStream in = AdjudicationReasons.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing data file " + resource);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static AdjudicationReasons parse(List<String> lines, String source) {
        String version = null;
        Map<String, Reason> reasons = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("# version ")) {
                version = line.substring("# version ".length()).strip();
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 2 || !CODE.matcher(columns[0]).matches() || columns[1].isBlank()) {
                throw new IllegalStateException(source + " line " + (i + 1) + ": expected CODE<tab>label");
            }
            if (reasons.put(columns[0], new Reason(columns[0], columns[1].strip())) != null) {
                throw new IllegalStateException(source + " line " + (i + 1) + ": duplicate code " + columns[0]);
            }
        }
        if (version == null || reasons.isEmpty()) {
            throw new IllegalStateException(source + ": needs a '# version' line and at least one reason");
        }
        return new AdjudicationReasons(version, reasons);
    }

    /** The reason with this code, case and surrounding blanks ignored; empty for anything else, free text included. */
    public Optional<Reason> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code.strip().toUpperCase(Locale.ROOT)));
    }

    public List<Reason> all() {
        return new ArrayList<>(byCode.values());
    }

    public String version() {
        return version;
    }
}
