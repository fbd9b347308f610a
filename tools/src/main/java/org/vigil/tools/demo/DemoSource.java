package org.vigil.tools.demo;

import org.vigil.ingest.IngestSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One input of {@code vigil demo --source KIND=PATH}: which of ingest's own file adapters reads it, and where. The
 * demo runs it as an ingest stage with the settings {@code vigil ingest KIND PATH} would use.
 */
record DemoSource(Kind kind, Path path) {

    /** The kinds a demo can read, named as {@code vigil ingest} names them. */
    enum Kind {
        FHIR("fhir"), NDJSON("ndjson"), HL7("hl7-file"), CSV("csv"), FOLDER("folder");

        /** The value of ingest.source that reads this kind. */
        final String ingestSource;

        Kind(String ingestSource) {
            this.ingestSource = ingestSource;
        }

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DemoSource parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("Expected KIND=PATH, KIND one of " + kinds());
        }
        String name = spec.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown source kind '" + name + "', expected one of " + kinds()));
        return new DemoSource(kind, Path.of(spec.substring(eq + 1)));
    }

    private static String kinds() {
        return Arrays.stream(Kind.values()).map(Kind::cliName).collect(Collectors.joining(", "));
    }

    /** The ingest stage's settings for this input; the sending system stays ingest's default, as for `vigil ingest`. */
    Map<String, Object> ingestSettings() {
        Map<String, Object> s = new HashMap<>();
        s.put(IngestSettings.SOURCE, kind.ingestSource);
        s.put(IngestSettings.PATH, path.toString());
        if (kind == Kind.FOLDER) {
            // The files are all there before the demo starts: nothing is still being written.
            s.put(IngestSettings.FOLDER_SETTLE_MS, 0L);
        }
        return s;
    }

    /** Lets picocli read {@code --source KIND=PATH}. */
    static final class Converter implements ITypeConverter<DemoSource> {
        @Override
        public DemoSource convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
