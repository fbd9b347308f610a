package org.vigil.ingest.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.vigil.ingest.IngestCounts;
import org.vigil.ingest.IngestStage;
import org.vigil.runtime.config.VigilConfig;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an ingest stage from the command line and prints progress (records read, published, dead-lettered and
 * the rate) at an interval: until the input is read for one-pass sources, until Ctrl-C for listeners and the
 * folder watch.
 */
final class StageRunner {

    private StageRunner() {
    }

    static int run(VigilConfig config, boolean untilInterrupted, Duration interval, PrintWriter out) throws InterruptedException {
        IngestStage stage = new IngestStage(config, new SimpleMeterRegistry());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stage.close();
            stopped.countDown();
        }, "vigil-ingest-shutdown");
        stage.start();
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        long lastRead = 0;
        long lastTime = started;
        try {
            while (true) {
                boolean done = untilInterrupted ? stopped.await(interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        : stage.awaitCompletion(interval);
                IngestCounts counts = stage.counts();
                long now = System.nanoTime();
                double rate = (counts.read() - lastRead) / Math.max(1e-9, (now - lastTime) / 1e9);
                out.printf(Locale.ROOT, "ingest %s: %s (%.0f records/s)%n", config.getString("ingest.source"), counts.summary(), rate);
                out.flush();
                lastRead = counts.read();
                lastTime = now;
                if (done) {
                    break;
                }
            }
        } finally {
            if (!untilInterrupted) {
                Runtime.getRuntime().removeShutdownHook(hook);
                stage.close();
            }
        }
        IngestCounts total = stage.counts();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "ingest %s finished in %.1f s: %s (%.0f records/s)%n", config.getString("ingest.source"),
                seconds, total.summary(), total.read() / Math.max(1e-9, seconds));
        out.flush();
        if (stage.failure().isPresent()) {
            out.println("ingest stopped early: " + stage.failure().get());
            return 1;
        }
        return 0;
    }
}
