package org.vigil.ingest;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.vigil.ingest.csv.IdentifierColumns;
import org.vigil.ingest.hl7.Hl7NoteReader;
import org.vigil.runtime.config.VigilConfig;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/** The ingest stage's own settings, all named {@code ingest.*}, defined once with type, default and docs. */
public final class IngestSettings {

    public static final String SOURCE = "ingest.source";
    public static final String PATH = "ingest.path";
    public static final String SOURCE_SYSTEM = "ingest.source.system";
    public static final String MAX_NOTE_CHARS = "ingest.max.note.chars";
    public static final String TIMEZONE = "ingest.timezone";
    public static final String CSV_COLUMNS = "ingest.csv.columns";
    public static final String CSV_IDENTIFIER_COLUMNS = "ingest.csv.identifier.columns";
    public static final String FOLDER_GLOB = "ingest.folder.glob";
    public static final String FOLDER_POLL_MS = "ingest.folder.poll.ms";
    public static final String FOLDER_SETTLE_MS = "ingest.folder.settle.ms";
    public static final String FHIR_MAX_FILE_BYTES = "ingest.fhir.max.file.bytes";
    public static final String HL7_WITHOUT_NOTE = "ingest.hl7.without.note";
    public static final String PDF_MAX_BYTES = "ingest.pdf.max.bytes";
    public static final String PDF_TIMEOUT_MS = "ingest.pdf.timeout.ms";
    public static final String HTTP_HOST = "ingest.http.host";
    public static final String HTTP_PORT = "ingest.http.port";
    public static final String HTTP_TOKEN_FILE = "ingest.http.token.file";
    public static final String HTTP_MAX_BYTES = "ingest.http.max.bytes";
    public static final String MLLP_HOST = "ingest.mllp.host";
    public static final String MLLP_PORT = "ingest.mllp.port";
    public static final String MLLP_ALLOWED_SOURCES = "ingest.mllp.allowed.sources";
    public static final String PLAINTEXT_ALLOWED = "ingest.plaintext.allowed";
    public static final String TLS_KEYSTORE_FILE = "ingest.tls.keystore.file";
    public static final String TLS_KEYSTORE_PASSWORD = "ingest.tls.keystore.password";
    public static final String PUBLISH_TIMEOUT_MS = "ingest.publish.timeout.ms";
    public static final String LOCATION_KEY_FILE = "ingest.location.key.file";
    public static final String LOCATION_KEY_ENV = "ingest.location.key.env";
    public static final String CHECKPOINT_RECORDS = "ingest.checkpoint.records";
    public static final String CHECKPOINT_MS = "ingest.checkpoint.ms";

    /** The kinds of source one ingest stage can run. */
    public static final String[] SOURCES = {"folder", "csv", "fhir", "ndjson", "hl7-file", "mllp", "http"};

    private IngestSettings() {
    }

    /** The settings every stage shares plus ingest's own. */
    public static ConfigDef definition() {
        return VigilConfig.common()
                .define(SOURCE, Type.STRING, "folder", ValidString.in(SOURCES), Importance.HIGH,
                        "Which adapter this stage runs: folder (watch a directory of text files), csv (MIMIC-III NOTEEVENTS, "
                                + "MIMIC-IV-Note or a mapped shape), fhir (FHIR R4 JSON/XML files: a resource or Bundle each), "
                                + "ndjson (FHIR Bulk Data export files, streamed), hl7-file (HL7 v2 message and batch files), "
                                + "mllp (HL7 v2 listener), http (POST /notes).")
                .define(PATH, Type.STRING, "", Importance.HIGH,
                        "Input for file sources: the folder to watch, or a file (or a directory of such files) to read once.")
                .define(SOURCE_SYSTEM, Type.STRING, "local", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Name of the sending system; with the source's note id it forms the stable note key "
                                + "(sourceSystem|sourceNoteId), so keep it constant for one sender.")
                .define(MAX_NOTE_CHARS, Type.INT, 200_000, Range.atLeast(1), Importance.MEDIUM,
                        "Longest note accepted, in characters; longer notes are dead-lettered as OVERSIZE.")
                .define(TIMEZONE, Type.STRING, "UTC", Importance.MEDIUM,
                        "Time zone of source timestamps that carry no offset (MIMIC, HL7 without offset).")
                .define(CSV_COLUMNS, Type.STRING, "", Importance.MEDIUM,
                        "Column mapping for CSV shapes other than MIMIC-III/MIMIC-IV, e.g. "
                                + "sourceNoteId=id,patientId=mrn,text=body,authoredAt=written|date (fields: sourceNoteId, "
                                + "patientId, encounterId, noteType, authorRole, authoredAt, text, inError, sex, birthDate).")
                .define(CSV_IDENTIFIER_COLUMNS, Type.STRING, "", new IdentifierColumnsValidator(), Importance.MEDIUM,
                        "Which CSV columns hold known identifiers of the note's people, which de-identify then removes "
                                + "wherever the text mentions them: [HOLDER.]KIND=COLUMN[|COLUMN...] entries, e.g. "
                                + "GIVEN_NAME=first_name|middle_name,FAMILY_NAME=last_name,IDENTIFIER=mrn,BIRTH_DATE=dob,"
                                + "PRACTITIONER.FAMILY_NAME=author (kinds: GIVEN_NAME, FAMILY_NAME, IDENTIFIER, ADDRESS_LINE, "
                                + "CITY, POSTAL_CODE, TELECOM, BIRTH_DATE, OTHER; holders: PATIENT, the default, RELATED_PERSON, "
                                + "PRACTITIONER, OTHER). Birth dates in yyyy-MM-dd, MM/dd/yyyy or yyyyMMdd; others are dropped. "
                                + "A file lacking a named column is dead-lettered. Empty: none (MIMIC's note tables carry no identifiers).")
                .define(FOLDER_GLOB, Type.STRING, "*.txt", Importance.LOW,
                        "Which files in the watched folder are notes.")
                .define(FOLDER_POLL_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW,
                        "Longest wait between two scans of the watched folder.")
                .define(FOLDER_SETTLE_MS, Type.LONG, 500L, Range.atLeast(0), Importance.LOW,
                        "A file modified more recently than this is still being written and waits for the next scan.")
                .define(FHIR_MAX_FILE_BYTES, Type.LONG, 256L * 1024 * 1024, Range.atLeast(1), Importance.LOW,
                        "Largest FHIR JSON/XML file parsed whole; larger exports must come as NDJSON, which streams.")
                .define(HL7_WITHOUT_NOTE, Type.STRING, "skip", ValidString.in("skip", "dead-letter"), Importance.MEDIUM,
                        "What becomes of well-formed HL7 v2 messages that carry no note (ADT and other types, ORU^R01 "
                                + "without TX/FT/ST/ED results, MDM notifications T01/T03/T05/T07/T09): skip (acknowledged with "
                                + "AA, counted in vigil.ingest.skipped by message type and trigger, sent nowhere) or dead-letter "
                                + "(the former behaviour: UNSUPPORTED_MESSAGE or EMPTY_NOTE dead letters, MLLP answers AR). "
                                + "Malformed messages are dead-lettered either way.")
                .define(PDF_MAX_BYTES, Type.LONG, PdfText.DEFAULT_MAX_BYTES, Range.atLeast(1), Importance.MEDIUM,
                        "Largest PDF note read (FHIR application/pdf attachments, HL7 OBX ED); larger ones are dead-lettered "
                                + "as OVERSIZE. NDJSON lines and HL7 messages may be as long as such a PDF in base64.")
                .define(PDF_TIMEOUT_MS, Type.LONG, PdfText.DEFAULT_TIMEOUT.toMillis(), Range.atLeast(1), Importance.LOW,
                        "Longest time spent reading one PDF's text layer; slower PDFs are dead-lettered as EXTRACTION_TIMEOUT.")
                .define(HTTP_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Address the HTTP source listens on: loopback by default; any other address (0.0.0.0 included) "
                                + "needs " + TLS_KEYSTORE_FILE + " unless " + PLAINTEXT_ALLOWED + " is true.")
                .define(HTTP_PORT, Type.INT, 8087, Range.between(0, 65535), Importance.MEDIUM,
                        "Port of the HTTP source (POST /notes); 0 picks a free one.")
                .define(HTTP_TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                        "File holding the bearer token HTTP clients must send (Authorization: Bearer ...); required for http.")
                .define(HTTP_MAX_BYTES, Type.LONG, 4L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                        "Largest HTTP request body; larger requests get 413 and a dead letter.")
                .define(MLLP_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Address the HL7 v2 MLLP listener listens on: loopback by default; any other address (0.0.0.0 "
                                + "included) needs " + TLS_KEYSTORE_FILE + " unless " + PLAINTEXT_ALLOWED + " is true.")
                .define(MLLP_PORT, Type.INT, 2575, Range.between(1, 65535), Importance.MEDIUM,
                        "Port of the HL7 v2 MLLP listener.")
                .define(MLLP_ALLOWED_SOURCES, Type.LIST, "", new SourceAddressesValidator(), Importance.HIGH,
                        "Source addresses the MLLP listener accepts connections from: IPv4/IPv6 addresses and CIDR "
                                + "blocks, e.g. 10.20.0.0/16,192.0.2.7 (the interface engines that send HL7). A connection "
                                + "from any other address is closed before a byte is read, counted in "
                                + "vigil.ingest.connections.refused and logged with its address only. Empty: every source.")
                .define(PLAINTEXT_ALLOWED, Type.BOOLEAN, false, Importance.HIGH,
                        "Let the MLLP and HTTP listeners take plain text (no " + TLS_KEYSTORE_FILE + ") on an address "
                                + "other than loopback, for a network that is encrypted by other means (a service mesh "
                                + "with mutual TLS, an IPsec tunnel). False: such a start fails, since notes carry names "
                                + "and record numbers.")
                .define(TLS_KEYSTORE_FILE, Type.STRING, "", Importance.HIGH,
                        "PKCS#12 key store with the private key and certificate chain of the MLLP and HTTP listeners; "
                                + "when set they speak TLS 1.3/1.2 only. Empty: plain TCP, which starts on loopback only "
                                + "(see " + PLAINTEXT_ALLOWED + ").")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                        "Password of that key store and of its key.")
                .define(PUBLISH_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        "How long MLLP and HTTP wait for Kafka to acknowledge a note before answering 'not stored'.")
                .define(LOCATION_KEY_FILE, Type.STRING, "", Importance.HIGH,
                        "File holding ingest's own key (base64 or hex, at least 32 bytes; not de-identify's pseudonym "
                                + "key) under which file names and FHIR resource ids are hashed (HMAC-SHA256) in logs and "
                                + "dead letters, which show '#' and 16 hex characters plus the position in the file; the "
                                + "raw topic alone keeps the names. Empty: the variable " + LOCATION_KEY_ENV + " names, "
                                + "else data.dir/ingest/location.key, created at random on first start.")
                .define(LOCATION_KEY_ENV, Type.STRING, "INGEST_LOCATION_KEY", Importance.MEDIUM,
                        "Environment variable holding ingest's location key when " + LOCATION_KEY_FILE + " is empty.")
                .define(CHECKPOINT_RECORDS, Type.INT, 5000, Range.atLeast(1), Importance.LOW,
                        "File sources record durable progress at least every this many records.")
                .define(CHECKPOINT_MS, Type.LONG, 1000L, Range.atLeast(1), Importance.LOW,
                        "File sources record durable progress at least this often.");
    }

    /** Fails a malformed identifier column mapping at start, naming the bad entry. */
    private static final class IdentifierColumnsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                IdentifierColumns.parse(value == null ? "" : value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "[HOLDER.]KIND=COLUMN[|COLUMN...],...";
        }
    }

    /** Fails a malformed source address list at start, naming the bad entry. */
    private static final class SourceAddressesValidator implements ConfigDef.Validator {
        @Override
        @SuppressWarnings("unchecked")
        public void ensureValid(String name, Object value) {
            try {
                SourceAddresses.parse(value == null ? java.util.List.of() : (java.util.List<String>) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "IP addresses and CIDR blocks, comma-separated";
        }
    }

    /** The sources the MLLP listener admits. */
    public static SourceAddresses mllpAllowedSources(VigilConfig config) {
        return SourceAddresses.parse(config.getList(MLLP_ALLOWED_SOURCES));
    }

    /** Whether HL7 v2 messages that carry no note are skipped (the default) or dead-lettered. */
    public static Hl7NoteReader.WithoutNote hl7WithoutNote(VigilConfig config) {
        return config.getString(HL7_WITHOUT_NOTE).equals("dead-letter")
                ? Hl7NoteReader.WithoutNote.DEAD_LETTER : Hl7NoteReader.WithoutNote.SKIP;
    }

    /** The PDF reader from the size limit, time-out and note limit. */
    public static PdfText pdfText(VigilConfig config) {
        return new PdfText(config.getLong(PDF_MAX_BYTES), Duration.ofMillis(config.getLong(PDF_TIMEOUT_MS)),
                config.getInt(MAX_NOTE_CHARS));
    }

    static ZoneId zone(VigilConfig config) {
        try {
            return ZoneId.of(config.getString(TIMEZONE));
        } catch (DateTimeException e) {
            throw new ConfigException(TIMEZONE, config.getString(TIMEZONE), "Not a time zone id");
        }
    }
}
