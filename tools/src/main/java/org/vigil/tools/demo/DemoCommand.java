package org.vigil.tools.demo;


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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the whole pipeline embedded on generated synthetic notes and prints what each stage did. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in this JVM: a Kafka broker (KRaft), the schema registry and PostgreSQL, "
                + "then ingest, de-identify, inference and sink on generated synthetic notes (never real patient text).",
                "Prints progress, then a summary, and exits 0 when every note is accounted for."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--notes", defaultValue = "200", description = "Synthetic notes to generate (default: ${DEFAULT-VALUE}).")
    int notes;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "Working directory, emptied first (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--serve", description = "Keep running after the summary, serving the dashboard, until interrupted.")
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
        Files.createDirectories(dataDir);
        DataDirectories.empty(dataDir);
        // Half the notes arrive as a MIMIC-shaped CSV export, half as a folder of text files with a manifest.
        Path corpus = dataDir.resolve("notes");
        List<SyntheticNote> generated = new CorpusGenerator(seed).generate(notes);
        CorpusWriter.write(generated.subList(0, notes / 2), corpus.resolve("csv"));
        CorpusWriter.write(generated.subList(notes / 2, notes), corpus.resolve("folder"));
        Path flawed = DemoInputs.writeFlawedRows(corpus.resolve("flawed.csv"));
        out.printf("Generated %d synthetic notes (seed %d) and %d flawed rows in %s%n",
                generated.size(), seed, DemoInputs.FLAWED_ROWS, corpus);

        long started = System.nanoTime();
        out.println("Starting the embedded platform (Kafka broker, schema registry, PostgreSQL) and the stages ...");
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dataDir.resolve("run"), 3, DemoInputs.stageSettings())) {
            out.printf("Up in %.1f s. Metrics: %s%n", (System.nanoTime() - started) / 1e9, pipeline.metricsUrl());
            IngestStage csv = pipeline.ingest(Map.of("ingest.source", "csv",
                    "ingest.path", corpus.resolve("csv/noteevents.csv").toString(), "ingest.source.system", "demo-ehr"));
            IngestStage folder = pipeline.ingest(Map.of("ingest.source", "folder",
                    "ingest.path", corpus.resolve("folder").toString(), "ingest.source.system", "demo-ward",
                    "ingest.folder.settle.ms", 0));
            IngestStage bad = pipeline.ingest(Map.of("ingest.source", "csv",
                    "ingest.path", flawed.toString(), "ingest.source.system", "demo-ehr-export"));
            List<IngestStage> sources = List.of(csv, folder, bad);
            Outcome outcome;
            try (TopicTally tally = new TopicTally(pipeline.platform().broker().bootstrapServers(),
                    new SchemaRegistryClient(pipeline.platform().registry().url()));
                 StoreCensus store = new StoreCensus(pipeline.platform().postgres())) {
                outcome = new Progress(out, tally, store, sources).awaitSettled(timeout);
                new Summary(out, tally, store, sources, pipeline).print();
            } finally {
                sources.forEach(IngestStage::close);
            }
            out.printf("Total wall time %.1f s%n", (System.nanoTime() - started) / 1e9);
            if (serve && outcome == Outcome.SETTLED) {
                out.println("Serving until interrupted (Ctrl-C).");
                Thread.currentThread().join();
            }
            return outcome == Outcome.SETTLED ? 0 : 1;
        }
    }

    /** How a demo run ended. */
    enum Outcome { SETTLED, TIMED_OUT }
}
