package org.vigil.tools.demo;


import org.vigil.ingest.IngestStage;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The demo's closing report: what every stage did, where the rows are, where to look next. */
final class Summary {

    private final PrintStream out;
    private final TopicTally tally;
    private final StoreCensus store;
    private final List<IngestStage> sources;
    private final EmbeddedPipeline pipeline;

    Summary(PrintStream out, TopicTally tally, StoreCensus store, List<IngestStage> sources, EmbeddedPipeline pipeline) {
        this.out = out;
        this.tally = tally;
        this.store = store;
        this.sources = sources;
        this.pipeline = pipeline;
    }

    /** Prints the summary; returns how many notes read are not accounted for (0 when all are). */
    long print() {
        long read = sources.stream().mapToLong(s -> s.counts().read()).sum();
        long published = sources.stream().mapToLong(s -> s.counts().published()).sum();
        long ingestDead = sources.stream().mapToLong(s -> s.counts().deadLettered()).sum();
        long failed = sources.stream().mapToLong(s -> s.counts().failed()).sum();
        long skipped = sources.stream().mapToLong(s -> s.counts().skipped()).sum();
        Map<String, Long> skippedByKind = new TreeMap<>();
        sources.forEach(s -> s.counts().skippedByKind().forEach((kind, n) -> skippedByKind.merge(kind, n, Long::sum)));
        long stored = store.rows(Progress.NOTES_TABLE);
        out.println();
        out.println("== Vigil demo summary");
        out.printf("Notes in:          %d read, %d published to the raw topic, %d dead-lettered at ingest%s%n",
                read, published, ingestDead, failed > 0 ? ", " + failed + " not delivered to Kafka" : "");
        out.printf("Skipped at ingest: %d (messages that carry no note)%s%n", skipped,
                skippedByKind.isEmpty() ? "" : " " + skippedByKind);
        sources.forEach(s -> s.failure().ifPresent(why -> out.printf("Ingest stopped early: %s%n", why)));
        out.printf("De-identified:     %d%n", tally.deidentified());
        out.printf("Quarantined:       %d (fail closed: never sent downstream)%n", tally.quarantined());
        out.printf("Dead-lettered:     %d %s%n", tally.deadLettered(), tally.deadLetterReasons());
        out.printf("Assessed:          %d notes, risk tiers %s%n", tally.assessed(), tally.tiers());
        out.println("Signals by kind:");
        tally.signalsByKind().forEach((kind, n) -> out.printf("  %-27s %d%n", kind, n));
        out.printf("Note lifecycle:    %s%n", store.lifecycles().line());
        Map<String, Long> rows = store.rowsByTable();
        out.printf("Rows in PostgreSQL: %s%n", rows);
        long accounted = stored + tally.quarantined() + tally.deadLettered() + skipped + failed;
        out.printf("Accounted for:     %d read = %d stored + %d quarantined + %d dead-lettered + %d skipped%s%s%n",
                read, stored, tally.quarantined(), tally.deadLettered(), skipped,
                failed > 0 ? " + " + failed + " not delivered" : "",
                accounted == read ? " (every note)" : "; off by " + (read - accounted)
                        + " (notes that share a note id are stored once)");
        out.printf("Metrics endpoint:  %s%n", pipeline.metricsUrl());
        String admin = pipeline.sink().issueToken("admin", "demo-admin");
        out.printf("Dashboard:         %s#token=%s (demo admin token; `vigil demo --serve` keeps it up)%n",
                pipeline.sink().dashboardUrl(), admin);
        out.printf("Demo tokens:       clinician %s, researcher %s, analyst %s%n",
                pipeline.sink().issueToken("clinician", "demo-clinician"),
                pipeline.sink().issueToken("researcher", "demo-researcher"),
                pipeline.sink().issueToken("analyst", "demo-analyst"));
        return read - accounted;
    }
}
