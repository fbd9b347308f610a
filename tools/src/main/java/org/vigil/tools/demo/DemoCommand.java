package org.vigil.tools.demo;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import org.vigil.corpus.SyntheticNote;
import org.vigil.ingest.IngestStage;
import org.vigil.schemas.wire.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the whole pipeline embedded, on generated synthetic notes or on the user's own files, and prints what each stage did. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in this JVM: a Kafka broker (KRaft), the schema registry and PostgreSQL, "
                + "then ingest, de-identify, inference and sink on generated synthetic notes (never real patient text), "
                + "or with --source on your own files, read by the same adapters as `vigil ingest`.",
                "Prints progress, then a summary, and exits 0 when every note is accounted for. The data folder holds "
                        + "the raw notes topic (note text with identifiers) and the de-identification key: it is deleted "
                        + "at exit unless --keep."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--source", paramLabel = "KIND=PATH", converter = DemoSource.Converter.class,
            description = "Your own input instead of generated notes, read as `vigil ingest KIND PATH` reads it; repeatable. "
                    + "KIND: fhir (FHIR R4 JSON/XML files or Bundles), ndjson (a FHIR Bulk Data export folder or file), "
                    + "hl7 (HL7 v2 files), csv (MIMIC-shaped CSV), folder (text files with metadata).")
    List<DemoSource> sources = new ArrayList<>();

    @Option(names = "--notes", defaultValue = "200", description = "Synthetic notes to generate without --source (default: ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", defaultValue = "data/demo",
            description = "Data folder, emptied first, deleted at exit unless --keep; only a new, empty or earlier demo "
                    + "folder is accepted (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the data folder at exit (it holds note text with identifiers and the key).")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--serve", description = "Keep running after the summary, serving the dashboard, until interrupted; "
            + "prints the broker, registry and PostgreSQL addresses that `vigil ingest` and `vigil run` can join.")
    boolean serve;

    private final PrintStream out;

    public DemoCommand() {
        this(System.out);
    }

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        for (DemoSource source : sources) {
            if (!Files.exists(source.path())) {
                out.printf("No such input for --source %s: %s%n", source.kind().cliName(), source.path());
                return 2;
            }
        }
        DemoFolder folder;
        try {
            folder = DemoFolder.claim(dataDir);
        } catch (IllegalStateException e) {
            out.println(e.getMessage());
            return 2;
        }
        out.printf("Data folder %s: deleted at exit unless --keep.%n", dataDir);
        // Ctrl-C (how --serve ends) runs shutdown hooks, not finally blocks: the hook stops this thread and waits
        // until the pipeline is closed and the folder with the raw notes deleted.
        Thread caller = Thread.currentThread();
        CountDownLatch released = new CountDownLatch(1);
        Thread onExit = new Thread(() -> {
            caller.interrupt();
            try {
                released.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-demo-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            return run(folder.path());
        } finally {
            Thread.interrupted();
            folder.release(keep, out);
            released.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException exiting) {
                // The JVM is shutting down and the hook is what is waiting for us.
            }
        }
    }

    private int run(Path dir) throws Exception {
        List<Map<String, Object>> inputs = sources.isEmpty() ? generate(dir.resolve("notes"))
                : sources.stream().map(DemoSource::ingestSettings).toList();
        // The demo's smaller note limit makes its oversized flawed row quarantined; own notes get the defaults.
        Map<String, Object> settings = sources.isEmpty() ? DemoInputs.stageSettings() : Map.of();
        long started = System.nanoTime();
        out.println("Starting the embedded platform (Kafka broker, schema registry, PostgreSQL) and the stages ...");
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("run"), 3, settings)) {
            try {
                return demo(pipeline, inputs, dir, started);
            } catch (InterruptedException | InterruptException e) {
                // Close the pipeline with the interrupt cleared, or its clients would give up mid-close.
                Thread.interrupted();
                out.println("Interrupted: stopping the pipeline.");
                return 130;
            }
        }
    }

    /** Half the notes as a MIMIC-shaped CSV export, half as a folder of text files with a manifest, plus flawed rows. */
    private List<Map<String, Object>> generate(Path corpus) throws java.io.IOException {
        List<SyntheticNote> generated = new CorpusGenerator(seed).generate(notes);
        CorpusWriter.write(generated.subList(0, notes / 2), corpus.resolve("csv"));
        CorpusWriter.write(generated.subList(notes / 2, notes), corpus.resolve("folder"));
        Path flawed = DemoInputs.writeFlawedRows(corpus.resolve("flawed.csv"));
        out.printf("Generated %d synthetic notes (seed %d) and %d flawed rows in %s%n",
                generated.size(), seed, DemoInputs.FLAWED_ROWS, corpus);
        return List.of(
                Map.of("ingest.source", "csv", "ingest.path", corpus.resolve("csv/noteevents.csv").toString(),
                        "ingest.source.system", "demo-ehr"),
                Map.of("ingest.source", "folder", "ingest.path", corpus.resolve("folder").toString(),
                        "ingest.source.system", "demo-ward", "ingest.folder.settle.ms", 0),
                Map.of("ingest.source", "csv", "ingest.path", flawed.toString(), "ingest.source.system", "demo-ehr-export"));
    }

    private int demo(EmbeddedPipeline pipeline, List<Map<String, Object>> inputs, Path dir, long started)
            throws Exception {
        out.printf("Up in %.1f s. Metrics: %s%n", (System.nanoTime() - started) / 1e9, pipeline.metricsUrl());
        List<IngestStage> ingest = new ArrayList<>();
        Outcome outcome;
        try {
            for (Map<String, Object> input : inputs) {
                ingest.add(pipeline.ingest(input));
            }
            try (TopicTally tally = new TopicTally(pipeline.platform().broker().bootstrapServers(),
                    new SchemaRegistryClient(pipeline.platform().registry().url()));
                 StoreCensus store = new StoreCensus(pipeline.platform().postgres())) {
                outcome = new Progress(out, tally, store, ingest).awaitSettled(timeout);
                new Summary(out, tally, store, ingest, pipeline).print();
            }
        } catch (ConfigException e) {
            out.printf("Cannot read that input: %s%n", e.getMessage());
            return 2;
        } finally {
            ingest.forEach(IngestStage::close);
        }
        boolean complete = ingest.stream().allMatch(s -> s.failure().isEmpty());
        out.printf("Total wall time %.1f s%n", (System.nanoTime() - started) / 1e9);
        if (serve && outcome == Outcome.SETTLED) {
            JoinSettings.of(pipeline).writeAndPrint(dir, out);
            out.println("Serving until interrupted (Ctrl-C); the data folder is deleted then unless --keep.");
            Thread.currentThread().join();
        }
        return outcome == Outcome.SETTLED && complete ? 0 : 1;
    }

    /** How a demo run ended. */
    enum Outcome { SETTLED, TIMED_OUT }
}
