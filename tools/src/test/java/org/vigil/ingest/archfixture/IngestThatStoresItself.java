package org.vigil.ingest.archfixture;

import org.vigil.corpus.CorpusGenerator;
import org.vigil.sink.SinkStage;

/** Breaks two rules on purpose, so ArchitectureTest can show it catches them: a stage using another, and the corpus. */
public final class IngestThatStoresItself {

    public String describe(SinkStage sink) {
        return sink.name() + " " + new CorpusGenerator(1).generate(1).size();
    }
}
