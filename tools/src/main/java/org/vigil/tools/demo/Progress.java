package org.vigil.tools.demo;


import org.vigil.ingest.IngestStage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Prints one progress line a second until every ingested note is accounted for downstream, or time runs out. */
final class Progress {

    static final String NOTES_TABLE = "notes";
    /** The stage names the inference worker and the sink write into their dead letters. */
    private static final String INFERENCE = "inference";
    private static final String SINK = "sink";

    private final PrintStream out;
    private final TopicTally tally;
    private final StoreCensus store;
    private final List<IngestStage> sources;

    Progress(PrintStream out, TopicTally tally, StoreCensus store, List<IngestStage> sources) {
        this.out = out;
        this.tally = tally;
        this.store = store;
        this.sources = sources;
    }

    DemoCommand.Outcome awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            tally.refresh();
            boolean ingested = true;
            long published = 0;
            for (IngestStage source : sources) {
                ingested &= source.awaitCompletion(Duration.ZERO);
                published += source.counts().published();
            }
            long stored = store.rows(NOTES_TABLE);
            String line = String.format("ingest %s | raw %d | de-identified %d | quarantined %d | assessed %d | stored %d | dead letters %d",
                    ingested ? "done" : "running", tally.raw(), tally.deidentified(), tally.quarantined(),
                    tally.assessed(), stored, tally.deadLettered());
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            // Every published note on the raw topic, however few: input that is all skipped or dead-lettered settles too.
            if (ingested && tally.rawRecords() >= published
                    && tally.deidentified() + tally.quarantined() >= tally.raw()
                    && tally.assessed() + tally.deadLetteredBy(INFERENCE) >= tally.deidentified()
                    && stored + tally.deadLetteredBy(SINK) >= tally.assessed()) {
                return DemoCommand.Outcome.SETTLED;
            }
            Thread.sleep(1000);
        }
        out.println("Timed out before every note was accounted for.");
        return DemoCommand.Outcome.TIMED_OUT;
    }
}
