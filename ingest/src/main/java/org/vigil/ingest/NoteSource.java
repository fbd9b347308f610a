package org.vigil.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One pass over an input (a file, a folder), yielding each note or rejection in order, streamed: a source holds
 * one record at a time, never the whole input. The n-th record is the same on every pass over the same input,
 * which is what lets a restart skip what was already published.
 */
public interface NoteSource extends AutoCloseable {

    /** The next record, or empty at the end of the input. */
    Optional<SourceRecord> next() throws IOException;

    /** Skips {@code count} records, for resuming; sources that can skip without parsing override this. */
    default long skip(long count) throws IOException {
        long skipped = 0;
        while (skipped < count && next().isPresent()) {
            skipped++;
        }
        return skipped;
    }

    @Override
    default void close() throws IOException {
    }

    /** The remaining records as a stream; closing the stream closes the source. */
    default Stream<SourceRecord> stream() {
        Iterator<SourceRecord> iterator = new Iterator<>() {
            private Optional<SourceRecord> ahead = Optional.empty();
            private boolean done;

            @Override
            public boolean hasNext() {
                if (ahead.isEmpty() && !done) {
                    try {
                        ahead = NoteSource.this.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    done = ahead.isEmpty();
                }
                return ahead.isPresent();
            }

            @Override
            public SourceRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SourceRecord record = ahead.get();
                ahead = Optional.empty();
                return record;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
                .onClose(() -> {
                    try {
                        close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
