package org.vigil.tools.demo;


import org.vigil.corpus.CorpusWriter;
import org.vigil.corpus.SyntheticNote;
import org.vigil.ingest.IngestStage;
import org.vigil.schemas.wire.SchemaRegistryClient;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a set of notes through the embedded pipeline until every note is accounted for. */
final class PipelineRun {

    private PipelineRun() {
    }

    static void ingestAndSettle(EmbeddedPipeline pipeline, List<SyntheticNote> notes, Path dir) throws Exception {
        CorpusWriter.write(notes, dir);
        IngestStage csv = pipeline.ingest(Map.of("ingest.source", "csv",
                "ingest.path", dir.resolve("noteevents.csv").toString(), "ingest.source.system", "test-ehr"));
        try (TopicTally tally = new TopicTally(pipeline.platform().broker().bootstrapServers(),
                new SchemaRegistryClient(pipeline.platform().registry().url()));
             StoreCensus store = new StoreCensus(pipeline.platform().postgres())) {
            DemoCommand.Outcome outcome = new Progress(new PrintStream(System.out), tally, store, List.of(csv))
                    .awaitSettled(Duration.ofMinutes(4));
            assertThat(outcome).isEqualTo(DemoCommand.Outcome.SETTLED);
        } finally {
            csv.close();
        }
    }
}
