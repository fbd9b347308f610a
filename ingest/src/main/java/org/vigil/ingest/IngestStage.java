package org.vigil.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.ingest.csv.CsvLayout;
import org.vigil.ingest.csv.CsvNoteSource;
import org.vigil.ingest.csv.IdentifierColumns;
import org.vigil.ingest.fhir.FhirExport;
import org.vigil.ingest.fhir.FhirFileSource;
import org.vigil.ingest.fhir.FhirNoteReader;
import org.vigil.ingest.fhir.NdjsonNoteSource;
import org.vigil.ingest.fhir.PersonIndex;
import org.vigil.ingest.folder.FolderJournal;
import org.vigil.ingest.folder.FolderNoteSource;
import org.vigil.ingest.folder.FolderWatch;
import org.vigil.ingest.hl7.Hl7FileSource;
import org.vigil.ingest.hl7.Hl7NoteReader;
import org.vigil.ingest.hl7.MllpListener;
import org.vigil.ingest.http.HttpNoteServer;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.Topics;
import org.vigil.runtime.lifecycle.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The ingest stage: runs the adapter chosen by {@code ingest.source} and publishes what it reads to the raw
 * notes topic, bad input to the dead letters. File sources run in a background thread; a file source finishes
 * after one pass, the folder source keeps watching.
 */
public final class IngestStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final VigilConfig config;
    private final MeterRegistry meters;
    private final CountDownLatch completed = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Optional<String> failure = Optional.empty();
    private NotePublisher publisher;
    private Thread worker;
    private FolderWatch watch;
    private FolderJournal journal;
    private MllpListener mllp;
    private HttpNoteServer http;

    public IngestStage(VigilConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    public static ConfigDef definition() {
        return IngestSettings.definition();
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public void start() {
        if (publisher != null) {
            throw new IllegalStateException("Ingest stage already started");
        }
        String source = config.getString(IngestSettings.SOURCE);
        Path path = Path.of(config.getString(IngestSettings.PATH));
        boolean listener = source.equals("mllp") || source.equals("http");
        if (!listener && (config.getString(IngestSettings.PATH).isBlank() || !Files.exists(path))) {
            throw new ConfigException(IngestSettings.PATH, path.toString(), "The " + source + " source needs an existing path");
        }
        if (listener) {
            // Before any connection to Kafka: a listener that may not start should fail at once, with its reason.
            String host = source.equals("mllp") ? IngestSettings.MLLP_HOST : IngestSettings.HTTP_HOST;
            ListenerTls.requireOffLoopback(host, config.getString(host), ListenerTls.from(config),
                    config.getBoolean(IngestSettings.PLAINTEXT_ALLOWED));
        }
        Admission admission = admission(config);
        ClinicalTime time = new ClinicalTime(IngestSettings.zone(config));
        Optional<CsvLayout> layout = config.getString(IngestSettings.CSV_COLUMNS).isBlank() ? Optional.empty()
                : Optional.of(CsvLayout.parse(config.getString(IngestSettings.CSV_COLUMNS)));
        IdentifierColumns identifierColumns = IdentifierColumns.parse(config.getString(IngestSettings.CSV_IDENTIFIER_COLUMNS));
        createTopics();
        // Unique per stage: two ingest stages in one JVM (the demo runs several) must not share a client id.
        publisher = NotePublisher.connect(config, "vigil-ingest-" + source + "-" + INSTANCES.incrementAndGet(), meters);
        try {
            switch (source) {
                case "folder" -> startFolder(path, admission, time);
                case "csv" -> startFiles(source, path, List.of(".csv"), file -> CsvNoteSource.open(file, layout, identifierColumns, admission, time));
                case "fhir" -> {
                    FhirNoteReader reader = new FhirNoteReader(admission, FhirNoteReader.ADAPTER, PersonIndex.EMPTY,
                            IngestSettings.pdfText(config));
                    long maxBytes = config.getLong(IngestSettings.FHIR_MAX_FILE_BYTES);
                    startFiles(source, path, List.of(".json", ".xml"), file -> FhirFileSource.open(file, reader, maxBytes));
                }
                case "ndjson" -> startNdjson(path, admission);
                case "hl7-file" -> {
                    Hl7NoteReader reader = new Hl7NoteReader(admission, time, Hl7FileSource.ADAPTER,
                            IngestSettings.hl7WithoutNote(config), IngestSettings.pdfText(config));
                    startFiles(source, path, List.of(".hl7", ".txt", ".er7"),
                            file -> Hl7FileSource.open(file, reader, maxRecordChars(config)));
                }
                case "mllp" -> startMllp(admission, time);
                case "http" -> startHttp(admission, time);
                default -> throw new ConfigException(IngestSettings.SOURCE, source, "Unknown source");
            }
        } catch (RuntimeException e) {
            // A listener that cannot bind its port must not leave a producer behind.
            publisher.close();
            publisher = null;
            throw e;
        }
        LOG.info("Ingest started: source {}", source);
    }

    private void startMllp(Admission admission, ClinicalTime time) {
        // HAPI numbers the negative acknowledgements it makes itself from a file, id_file, in its home directory,
        // which is the working directory unless hapi.home says otherwise: keep it with the stage's data.
        if (System.getProperty("hapi.home") == null) {
            Path home = config.dataDir().resolve("hapi").toAbsolutePath();
            try {
                Files.createDirectories(home);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + home, e);
            }
            System.setProperty("hapi.home", home.toString());
        }
        Optional<ListenerTls> tls = ListenerTls.from(config);
        String host = config.getString(IngestSettings.MLLP_HOST);
        try {
            mllp = MllpListener.start(new MllpListener.Access(host, config.getInt(IngestSettings.MLLP_PORT),
                            IngestSettings.mllpAllowedSources(config), meters), tls,
                    new Hl7NoteReader(admission, time, MllpListener.ADAPTER, IngestSettings.hl7WithoutNote(config),
                            IngestSettings.pdfText(config)), publisher, publishTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the MLLP listener", e);
        }
    }

    private void startHttp(Admission admission, ClinicalTime time) {
        String tokenFile = config.getString(IngestSettings.HTTP_TOKEN_FILE);
        String token;
        try {
            token = tokenFile.isBlank() ? "" : Files.readString(Path.of(tokenFile)).strip();
        } catch (IOException e) {
            throw new ConfigException(IngestSettings.HTTP_TOKEN_FILE, tokenFile, "Cannot read the token file");
        }
        if (token.isEmpty()) {
            throw new ConfigException(IngestSettings.HTTP_TOKEN_FILE, tokenFile, "The http source needs a file holding a bearer token");
        }
        Optional<ListenerTls> tls = ListenerTls.from(config);
        String host = config.getString(IngestSettings.HTTP_HOST);
        http = HttpNoteServer.start(host, config.getInt(IngestSettings.HTTP_PORT), tls, token,
                config.getLong(IngestSettings.HTTP_MAX_BYTES), publishTimeout(), admission, time,
                IngestSettings.hl7WithoutNote(config), IngestSettings.pdfText(config), publisher);
    }

    private Duration publishTimeout() {
        return Duration.ofMillis(config.getLong(IngestSettings.PUBLISH_TIMEOUT_MS));
    }

    /** The port the MLLP or HTTP source listens on, once started. */
    public Optional<Integer> listeningPort() {
        return mllp != null ? Optional.of(mllp.port()) : http != null ? Optional.of(http.port()) : Optional.empty();
    }

    /** The admission gate from the stage's settings. */
    public static Admission admission(VigilConfig config) {
        return new Admission(config.getString(IngestSettings.SOURCE_SYSTEM), config.getInt(IngestSettings.MAX_NOTE_CHARS),
                Clock.systemUTC());
    }

    private void createTopics() {
        try (Admin admin = Admin.create(ClientSettings.admin(config))) {
            Topics.create(admin, config.getShort(VigilConfig.TOPIC_REPLICATION_FACTOR),
                    config.getInt(VigilConfig.TOPIC_PARTITIONS),
                    Map.of("min.insync.replicas", String.valueOf(config.getInt(VigilConfig.TOPIC_MIN_INSYNC_REPLICAS))));
        }
    }

    private void startFolder(Path dir, Admission admission, ClinicalTime time) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(IngestSettings.PATH, dir.toString(), "The folder source needs a directory");
        }
        FolderNoteSource folder = new FolderNoteSource(dir, config.getString(IngestSettings.FOLDER_GLOB), admission, time);
        String journalName = "folder-" + FileProgress.sha256(dir.toAbsolutePath().normalize().toString().getBytes(
                StandardCharsets.UTF_8)).substring(0, 16) + ".journal";
        journal = new FolderJournal(config.dataDir().resolve("ingest").resolve(journalName));
        watch = new FolderWatch(folder, publisher, journal,
                Duration.ofMillis(config.getLong(IngestSettings.FOLDER_POLL_MS)),
                Duration.ofMillis(config.getLong(IngestSettings.FOLDER_SETTLE_MS)), Clock.systemUTC());
        worker = new Thread(() -> {
            try {
                watch.run();
            } finally {
                completed.countDown();
            }
        }, "vigil-ingest-folder");
        worker.start();
        Thread firstPass = new Thread(() -> {
            try {
                if (watch.awaitFirstPass(Duration.ofDays(365))) {
                    completed.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-ingest-folder-first-pass");
        firstPass.setDaemon(true);
        firstPass.start();
    }

    /**
     * A Bulk Data export directory ({@link FhirExport}: its people files become the person index, then the files of
     * note types are read), or a single NDJSON file as it is.
     */
    private void startNdjson(Path path, Admission admission) {
        FhirExport export;
        try {
            export = FhirExport.open(path, admission, IngestSettings.pdfText(config), maxRecordChars(config),
                    config.getLong(IngestSettings.FHIR_MAX_FILE_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the NDJSON input", e);
        }
        LOG.info("Ingest ndjson: {} people indexed", export.people());
        startFiles(NdjsonNoteSource.ADAPTER, export.ndjsonNoteFiles(), export::open);
    }

    /**
     * Longest NDJSON line or HL7 message: base64 makes an inline attachment 4/3 of its bytes, and UTF-8 spends up
     * to 4 bytes a character, so allow for both plus the surrounding structure; a PDF up to its own limit, in
     * base64, must fit too.
     */
    static int maxRecordChars(VigilConfig config) {
        long text = 6L * config.getInt(IngestSettings.MAX_NOTE_CHARS);
        long pdf = config.getLong(IngestSettings.PDF_MAX_BYTES) / 3 * 4 + 4;
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(text, pdf) + 64 * 1024);
    }

    /** Opens one input file as a note source. */
    @FunctionalInterface
    public interface Opener {
        NoteSource open(Path file) throws IOException;
    }

    private void startFiles(String adapter, Path path, List<String> extensions, Opener opener) {
        List<Path> files;
        try {
            files = inputFiles(path, extensions);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the input files", e);
        }
        startFiles(adapter, files, opener);
    }

    private void startFiles(String adapter, List<Path> files, Opener opener) {
        SourceRun run = new SourceRun(publisher, new FileProgress(config.dataDir().resolve("ingest").resolve("progress")),
                config.getInt(IngestSettings.CHECKPOINT_RECORDS), Duration.ofMillis(config.getLong(IngestSettings.CHECKPOINT_MS)));
        worker = new Thread(() -> {
            try {
                for (Path file : files) {
                    if (stopping) {
                        break;
                    }
                    try (NoteSource source = opener.open(file)) {
                        SourceRun.Result result = run.run(adapter, file, source, () -> stopping);
                        // The file's name may carry a record number or a name: logged as its keyed hash.
                        LOG.info("Ingest {}: {} {} ({} records this pass)", adapter, publisher.locations().file(file),
                                result.complete() ? "read" : "paused", result.handled());
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = Optional.of(e.getClass().getSimpleName());
                LOG.error("Ingest {} stopped: {}", adapter, e.getClass().getSimpleName());
            } finally {
                completed.countDown();
            }
        }, "vigil-ingest-" + adapter);
        worker.start();
    }

    /** {@code path} itself if it is a file, else its files ending in one of {@code extensions}, by name. */
    static List<Path> inputFiles(Path path, List<String> extensions) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(f -> Files.isRegularFile(f) && extensions.stream().anyMatch(f.getFileName().toString()::endsWith))
                    .sorted().toList();
        }
    }

    /**
     * Waits until a one-pass source has read all its input and Kafka acknowledged it, or, for the folder source,
     * until its first scan is published (it keeps watching after). Listeners (mllp, http) never complete.
     */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public IngestCounts counts() {
        return publisher == null ? IngestCounts.none() : publisher.counts();
    }

    /** Why the source stopped early (the exception's class; never input content), if it did. */
    public Optional<String> failure() {
        return failure;
    }

    @Override
    public boolean healthy() {
        return publisher != null && failure.isEmpty() && !stopping && (mllp == null || mllp.running());
    }

    /** Stops reading, waits for in-flight records to be acknowledged and progress to be recorded. */
    @Override
    public void close() {
        stopping = true;
        if (watch != null) {
            watch.stop();
        }
        if (mllp != null) {
            mllp.close();
        }
        if (http != null) {
            http.close();
        }
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (journal != null) {
            journal.close();
        }
    }
}
