package org.vigil.tools.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.FileProgress;
import org.vigil.ingest.IngestSettings;
import org.vigil.ingest.IngestStage;
import org.vigil.ingest.NotePublisher;
import org.vigil.ingest.NoteSource;
import org.vigil.ingest.SourceRun;
import org.vigil.ingest.csv.CsvNoteSource;
import org.vigil.ingest.folder.FolderJournal;
import org.vigil.ingest.folder.FolderNoteSource;
import org.vigil.ingest.folder.FolderWatch;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.embedded.kafka.EmbeddedKafkaBroker;
import org.vigil.runtime.kafka.Topics;
import org.vigil.embedded.registry.SchemaRegistryServer;
import org.vigil.ingest.fhir.FhirNoteReader;
import org.vigil.ingest.fhir.NdjsonNoteSource;
import org.vigil.ingest.hl7.Hl7FileSource;
import org.vigil.ingest.hl7.Hl7NoteReader;
import org.vigil.ingest.hl7.MllpListener;
import org.vigil.ingest.http.HttpNoteServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Measures each adapter's throughput into a real embedded broker and registry ({@code vigil bench ingest}):
 * writes synthetic input of N notes per format, times parse + publish + acknowledgement (acks=all), and prints
 * records per second. The notes are synthetic filler, not clinical records.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Benchmark the ingest adapters into an embedded broker; prints records/s per adapter.")
public final class IngestBenchmark implements Callable<Integer> {

    @Option(names = "--notes", defaultValue = "20000", description = "Notes per adapter (default ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--folder-notes", defaultValue = "5000", description = "Notes for the folder adapter, one file each (default ${DEFAULT-VALUE}).")
    int folderNotes;

    @Option(names = "--chars", defaultValue = "2000", description = "Characters per note (default ${DEFAULT-VALUE}).")
    int chars;

    @Option(names = "--listener-notes", defaultValue = "4000",
            description = "Notes sent to each of the MLLP and HTTP listeners (default ${DEFAULT-VALUE}).")
    int listenerNotes;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent MLLP connections / HTTP clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--adapters", split = ",", defaultValue = "csv,folder,ndjson,hl7-file,mllp,http",
            description = "Which adapters to measure (default ${DEFAULT-VALUE}).")
    List<String> adapters;

    @Option(names = "--work-dir", description = "Where input and the broker go (default: a temporary directory, removed after).")
    Path workDir;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new IngestBenchmark()).execute(args);
        if (code != 0) {
            throw new IllegalStateException("Benchmark failed with exit code " + code);
        }
    }

    /** One adapter's input, written before timing starts. */
    interface Input {
        long run(NotePublisher publisher, Path dataDir) throws IOException;
    }

    @Override
    public Integer call() throws Exception {
        // Before the registry's HTTP server reads it; see HttpNoteServer.NODELAY.
        if (System.getProperty(HttpNoteServer.NODELAY) == null) {
            System.setProperty(HttpNoteServer.NODELAY, "true");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("vigil-bench-ingest") : Files.createDirectories(workDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("cluster"))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Topics.create(admin, (short) 1, 6, Map.of());
            }
            SchemaRegistryServer registry = new SchemaRegistryServer(broker.bootstrapServers(), "127.0.0.1", 0, (short) 1);
            registry.start();
            try {
                VigilConfig config = new VigilConfig(IngestStage.definition(), Map.of(
                        VigilConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                        VigilConfig.SCHEMA_REGISTRY_URL, registry.url().toString(),
                        VigilConfig.DATA_DIR, dir.resolve("data").toString(),
                        IngestSettings.MAX_NOTE_CHARS, Math.max(chars * 2, 1000)));
                Admission admission = IngestStage.admission(config);
                ClinicalTime time = new ClinicalTime(ZoneId.of("UTC"));
                Map<String, Input> inputs = inputs(dir.resolve("input"), admission, time);
                // Building HAPI's FHIR context takes seconds once per JVM; keep it out of the ndjson figure.
                FhirNoteReader.parser(false).parseResource("{\"resourceType\":\"DocumentReference\",\"status\":\"current\","
                        + "\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"eA==\"}}]}");
                out.printf(Locale.ROOT, "vigil bench ingest: %d notes per file adapter (%d for folder, %d for mllp and http with %d "
                                + "clients), %d chars each, %d CPUs%n",
                        notes, folderNotes, listenerNotes, clients, chars, Runtime.getRuntime().availableProcessors());
                for (var entry : inputs.entrySet()) {
                    if (!adapters.contains(entry.getKey())) {
                        continue;
                    }
                    try (NotePublisher publisher = NotePublisher.connect(config, "bench-" + entry.getKey(), new SimpleMeterRegistry())) {
                        long start = System.nanoTime();
                        long count = entry.getValue().run(publisher, dir.resolve("data").resolve(entry.getKey()));
                        publisher.flush();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        out.printf(Locale.ROOT, "%-8s %8d records in %6.2f s = %9.0f records/s (published %d, dead-lettered %d)%n",
                                entry.getKey(), count, seconds, count / seconds, publisher.counts().published(),
                                publisher.counts().deadLettered());
                        out.flush();
                    }
                }
            } finally {
                registry.close();
            }
        } finally {
            if (temporary) {
                delete(dir);
            }
        }
        return 0;
    }

    private Map<String, Input> inputs(Path dir, Admission admission, ClinicalTime time) throws IOException {
        Files.createDirectories(dir);
        Map<String, Input> inputs = new LinkedHashMap<>();
        Path csv = writeCsv(dir.resolve("noteevents.csv"));
        inputs.put("csv", (publisher, data) -> runFile(publisher, data, "csv", csv,
                CsvNoteSource.open(csv, Optional.empty(), admission, time)));
        Path folder = writeFolder(dir.resolve("folder"));
        inputs.put("folder", (publisher, data) -> {
            FolderNoteSource source = new FolderNoteSource(folder, "*.txt", admission, time);
            try (FolderJournal journal = new FolderJournal(data.resolve("folder.journal"))) {
                FolderWatch watch = new FolderWatch(source, publisher, journal, Duration.ofSeconds(1), Duration.ZERO, Clock.systemUTC());
                return watch.scanOnce().handled();
            }
        });
        Path ndjson = writeNdjson(dir.resolve("DocumentReference.ndjson"));
        inputs.put("ndjson", (publisher, data) -> runFile(publisher, data, "ndjson", ndjson, NdjsonNoteSource.open(ndjson,
                new FhirNoteReader(admission, NdjsonNoteSource.ADAPTER), 8 * chars + 65_536)));
        Path hl7 = writeHl7Batch(dir.resolve("batch.hl7"));
        inputs.put("hl7-file", (publisher, data) -> runFile(publisher, data, "hl7-file", hl7, Hl7FileSource.open(hl7,
                new Hl7NoteReader(admission, time, Hl7FileSource.ADAPTER), 8 * chars + 65_536)));
        inputs.put("mllp", (publisher, data) -> runMllp(publisher, admission, time));
        inputs.put("http", (publisher, data) -> runHttp(publisher, admission, time));
        return inputs;
    }

    /** Sends {@code --listener-notes} MDM messages over MLLP from {@code --clients} connections, each waiting for its ACK. */
    private long runMllp(NotePublisher publisher, Admission admission, ClinicalTime time) throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (MllpListener listener = MllpListener.start(port, java.util.Optional.empty(), new Hl7NoteReader(admission, time, MllpListener.ADAPTER), publisher,
                Duration.ofSeconds(30))) {
            return concurrently(client -> {
                // A plain MLLP client (VT ... FS CR frames): it measures the listener, not a client library.
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    var out = new java.io.BufferedOutputStream(socket.getOutputStream());
                    var in = new java.io.BufferedInputStream(socket.getInputStream());
                    Random random = new Random(client);
                    long acked = 0;
                    for (int i = client; i < listenerNotes; i += clients) {
                        out.write(0x0b);
                        out.write(mdm(i, text(random, i)).getBytes(StandardCharsets.UTF_8));
                        out.write(0x1c);
                        out.write(0x0d);
                        out.flush();
                        StringBuilder ack = new StringBuilder();
                        for (int b = in.read(); b != 0x1c; b = in.read()) {
                            if (b == -1) {
                                throw new IOException("The MLLP listener closed the connection");
                            }
                            ack.append((char) b);
                        }
                        in.read(); // the CR after FS
                        if (ack.indexOf("MSA|AA|") >= 0) {
                            acked++;
                        }
                    }
                    return acked;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    /** Posts {@code --listener-notes} text/plain notes from {@code --clients} threads, each waiting for its 202. */
    private long runHttp(NotePublisher publisher, Admission admission, ClinicalTime time) throws IOException {
        try (HttpNoteServer server = HttpNoteServer.start("127.0.0.1", 0, java.util.Optional.empty(), "bench-token", 4L * chars + 65_536,
                Duration.ofSeconds(30), admission, time, publisher)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/notes");
            return concurrently(client -> {
                Random random = new Random(client);
                long accepted = 0;
                for (int i = client; i < listenerNotes; i += clients) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench-token")
                            .header("Content-Type", "text/plain; charset=utf-8").header("X-Vigil-Patient-Id", "P" + (i % 977))
                            .header("X-Vigil-Note-Id", "H" + i).POST(HttpRequest.BodyPublishers.ofString(text(random, i))).build();
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                        accepted++;
                    }
                }
                return accepted;
            });
        }
    }

    /** A client loop run on one thread each; returns the total the loops report. */
    interface ClientLoop {
        long run(int client) throws Exception;
    }

    private long concurrently(ClientLoop loop) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> loop.run(client)));
            }
            long total = 0;
            for (Future<Long> result : results) {
                total += result.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("A benchmark client failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private String mdm(int i, String text) {
        // OBX-5 is TX: line breaks become repetitions, and HL7 delimiters in the filler never occur.
        return "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||MDM^T02^MDM_T02|C" + i + "|P|2.5.1\r"
                + "PID|1||MRN" + (i % 977) + "^^^HOSP^MR\r"
                + "TXA|1|PN|TX|20240305100000||||||||DOC-" + i + "|||||AU||AV\r"
                + "OBX|1|TX|PN||" + text.replace("\n", "~") + "||||||F\r";
    }

    private Path writeNdjson(Path file) throws IOException {
        Random random = new Random(3);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= notes; i++) {
                w.write("{\"resourceType\":\"DocumentReference\",\"id\":\"d" + i + "\",\"status\":\"current\","
                        + "\"subject\":{\"reference\":\"Patient/p" + (i % 977) + "\"},\"date\":\"2024-03-04T05:06:07Z\","
                        + "\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\""
                        + Base64.getEncoder().encodeToString(text(random, i).getBytes(StandardCharsets.UTF_8)) + "\"}}]}\n");
            }
        }
        return file;
    }

    private Path writeHl7Batch(Path file) throws IOException {
        Random random = new Random(4);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("FHS|^~\\&|EHR\rBHS|^~\\&|EHR\r");
            for (int i = 1; i <= notes; i++) {
                w.write(mdm(i, text(random, i)));
            }
            w.write("BTS|" + notes + "\rFTS|1\r");
        }
        return file;
    }

    private static long runFile(NotePublisher publisher, Path data, String adapter, Path file, NoteSource source) throws IOException {
        try (source) {
            SourceRun run = new SourceRun(publisher, new FileProgress(data), 5000, Duration.ofSeconds(1));
            return run.run(adapter, file, source, () -> false).handled();
        }
    }

    /** Synthetic filler text of about {@code chars} characters, different per note. */
    String text(Random random, int i) {
        String[] words = {"Patient", "seen", "today", "for", "follow-up", "mood", "stable", "sleep", "improved", "appetite",
                "fair", "denies", "SI", "HI", "AVH", "plan", "continue", "sertraline", "50", "mg", "return", "in", "two", "weeks"};
        StringBuilder text = new StringBuilder("Note ").append(i).append(".\n");
        while (text.length() < chars) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        return text.toString();
    }

    private Path writeCsv(Path file) throws IOException {
        Random random = new Random(1);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n");
            for (int i = 1; i <= notes; i++) {
                w.write(i + "," + (10_000 + i % 977) + "," + (100_000 + i) + ",2150-01-01,2150-01-01 10:00:00,,Nursing,Progress,,,\""
                        + text(random, i).replace("\"", "\"\"") + "\"\n");
            }
        }
        return file;
    }

    private Path writeFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(2);
        FileTime past = FileTime.from(Instant.now().minusSeconds(60));
        try (BufferedWriter manifest = Files.newBufferedWriter(folder.resolve(FolderNoteSource.MANIFEST))) {
            manifest.write("file,patientId,noteType,authoredAt\n");
            for (int i = 1; i <= folderNotes; i++) {
                String name = String.format(Locale.ROOT, "note-%06d.txt", i);
                Files.setLastModifiedTime(Files.writeString(folder.resolve(name), text(random, i)), past);
                manifest.write(name + ",P" + (i % 977) + ",Progress,2150-01-01T10:00:00Z\n");
            }
        }
        return folder;
    }


    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // leave a temporary directory behind rather than fail a finished benchmark
        }
    }
}
