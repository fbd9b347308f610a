package org.vigil.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Publishes one file's records in order and records durable progress: after every checkpoint (a number of
 * records or an interval) the producer is flushed, and only then is the position written. A restart resumes
 * after the last checkpoint, so nothing is lost; a graceful stop checkpoints first, so nothing is re-sent.
 * After a crash at most one checkpoint's worth is re-sent, under the same note keys, which downstream
 * overwrites.
 */
public final class SourceRun {

    /** How a run ended: the records it handled in this pass and whether it reached the end of the file. */
    public record Result(long skipped, long handled, boolean complete) {
    }

    /** Kafka refused a record for good: the run stops before its position passes that record. */
    public static final class DeliveryFailedException extends IOException {
        public DeliveryFailedException(Throwable cause) {
            super("Kafka did not acknowledge a record: " + cause.getClass().getSimpleName(), cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SourceRun.class);

    private final NotePublisher publisher;
    private final FileProgress progress;
    private final int checkpointRecords;
    private final Duration checkpointInterval;

    public SourceRun(NotePublisher publisher, FileProgress progress, int checkpointRecords, Duration checkpointInterval) {
        this.publisher = publisher;
        this.progress = progress;
        this.checkpointRecords = checkpointRecords;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * Runs {@code source} over {@code file} until its end or until {@code stopping} turns true, skipping what
     * an earlier run already committed.
     */
    public Result run(String adapter, Path file, NoteSource source, BooleanSupplier stopping) throws IOException {
        FileProgress.Position start = progress.position(file);
        if (start.complete()) {
            LOG.info("Ingest {}: {} was already read completely; skipping it", adapter, publisher.locations().file(file));
            return new Result(start.records(), 0, true);
        }
        long position = source.skip(start.records());
        long committed = position;
        long lastCheckpoint = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long handled = 0;
        while (!stopping.getAsBoolean()) {
            var next = source.next();
            if (next.isEmpty()) {
                checkpoint(file, position, true, failure);
                return new Result(start.records(), handled, true);
            }
            publisher.publish(adapter, next.get()).whenComplete((delivery, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
            position++;
            handled++;
            if (position - committed >= checkpointRecords
                    || System.nanoTime() - lastCheckpoint >= checkpointInterval.toNanos()) {
                checkpoint(file, position, false, failure);
                committed = position;
                lastCheckpoint = System.nanoTime();
            }
        }
        checkpoint(file, position, false, failure);
        return new Result(start.records(), handled, false);
    }

    private void checkpoint(Path file, long position, boolean complete, AtomicReference<Throwable> failure) throws IOException {
        publisher.flush();
        if (failure.get() != null) {
            throw new DeliveryFailedException(failure.get());
        }
        progress.commit(file, new FileProgress.Position(position, complete));
    }
}
