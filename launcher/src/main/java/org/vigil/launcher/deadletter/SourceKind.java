package org.vigil.launcher.deadletter;

import org.vigil.schemas.DeadLetter;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of input a dead letter came from, read off the location its stage stored: a topic for the stages that
 * consume one, and for ingest the shape of its location (a channel label, or a hashed file name with its extension
 * kept, a line or row, an HL7 control id or a FHIR resource). The dead letter carries no adapter field, so this is
 * the launcher's reading of ingest's location format, hand-written because no library knows that format.
 */
public final class SourceKind {

    /** Ingest's hashed file name: {@code #} and 16 hex characters, the extension kept when it names the file's kind. */
    private static final Pattern HASHED_FILE = Pattern.compile("^#[0-9a-f]{16}(\\.[A-Za-z0-9]{1,5})?(?=$|[: ])");
    private static final Pattern FHIR_RESOURCE = Pattern.compile("(^| )[A-Z][A-Za-z]+(/|$| )");

    private SourceKind() {
    }

    /** {@code csv}, {@code ndjson}, {@code fhir}, {@code hl7}, {@code mllp}, {@code http}, {@code file}, a topic name or {@code unknown}. */
    public static String of(DeadLetter letter) {
        if (letter.getSourceTopic() != null) {
            return letter.getSourceTopic();
        }
        String location = letter.getSourceLocation();
        if (location.startsWith("http:")) {
            return "http";
        }
        if (location.startsWith("mllp")) {
            return "mllp";
        }
        Matcher file = HASHED_FILE.matcher(location);
        if (!file.find()) {
            return "unknown";
        }
        if (location.contains("MSH-10")) {
            return "hl7";
        }
        String extension = file.group(1) == null ? "" : file.group(1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case ".csv" -> "csv";
            case ".jsonl" -> "ndjson";
            case ".json", ".xml" -> "fhir";
            case ".hl7", ".er7" -> "hl7";
            // Ingest keeps extensions of up to five characters, so ".ndjson" is hashed with the name: a hashed
            // file with a line and no extension is, of ingest's line-based sources, an NDJSON export.
            case "" -> location.startsWith(":", file.end()) ? "ndjson"
                    : FHIR_RESOURCE.matcher(location.substring(file.end())).find() ? "fhir" : "file";
            default -> FHIR_RESOURCE.matcher(location.substring(file.end())).find() ? "fhir" : "file";
        };
    }
}
