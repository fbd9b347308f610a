package org.vigil.ingest.folder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.ingest.Delivery;
import org.vigil.ingest.NotePublisher;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches a folder and publishes each new or changed note file once: the JDK's WatchService wakes it when files
 * appear, and a periodic rescan catches what the service misses (network file systems). A file still being
 * written (modified within the settle time) waits for the next scan. After each batch the producer is flushed
 * and the acknowledged files go into the {@link FolderJournal}, so a restart neither loses nor re-sends a file.
 */
public final class FolderWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);
    private static final int BATCH = 500;

    private final FolderNoteSource folder;
    private final NotePublisher publisher;
    private final FolderJournal journal;
    private final Duration poll;
    private final Duration settle;
    private final Clock clock;
    private final CountDownLatch firstPass = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile WatchService watcher;

    public FolderWatch(FolderNoteSource folder, NotePublisher publisher, FolderJournal journal,
                       Duration poll, Duration settle, Clock clock) {
        this.folder = folder;
        this.publisher = publisher;
        this.journal = journal;
        this.poll = poll;
        this.settle = settle;
        this.clock = clock;
    }

    /** What one scan did: files handed to the publisher, and files skipped because still being written. */
    public record Scan(int handled, int unsettled) {
    }

    /** Publishes every settled file not yet in the journal, and journals those Kafka acknowledged. */
    public Scan scanOnce() throws IOException {
        int handled = 0;
        int unsettled = 0;
        Map<FolderJournal.Stamp, CompletableFuture<Delivery>> batch = new LinkedHashMap<>();
        long settledBefore = clock.millis() - settle.toMillis();
        for (Path file : folder.noteFiles()) {
            if (stopping) {
                break;
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                continue; // removed since listed
            }
            FolderJournal.Stamp stamp = new FolderJournal.Stamp(file.getFileName().toString(), attrs.size(),
                    Math.max(attrs.lastModifiedTime().toMillis(), sidecarModified(file)));
            if (journal.contains(stamp)) {
                continue;
            }
            if (stamp.modifiedMillis() > settledBefore) {
                unsettled++;
                continue;
            }
            batch.put(stamp, publisher.publish(FolderNoteSource.ADAPTER, folder.read(file)));
            handled++;
            if (batch.size() >= BATCH) {
                commit(batch);
            }
        }
        commit(batch);
        return new Scan(handled, unsettled);
    }

    /**
     * A note is read again when its sidecar changes too, so fixing the metadata of a dead-lettered note (say, a
     * missing patient id) sends it through.
     */
    private static long sidecarModified(Path file) {
        String name = file.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        try {
            return Files.getLastModifiedTime(file.resolveSibling(base + FolderNoteSource.SIDECAR_SUFFIX)).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private void commit(Map<FolderJournal.Stamp, CompletableFuture<Delivery>> batch) {
        publisher.flush();
        List<FolderJournal.Stamp> acknowledged = new ArrayList<>();
        batch.forEach((stamp, delivery) -> {
            if (delivery.isDone() && !delivery.isCompletedExceptionally()) {
                acknowledged.add(stamp);
            }
        });
        // Files whose send failed stay out of the journal and are tried again on the next scan.
        journal.append(acknowledged);
        batch.clear();
    }

    /** Scans until {@link #stop()}: at once, then on every file event or poll interval. */
    @Override
    public void run() {
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            watcher = service;
            folder.dir().register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!stopping) {
                try {
                    if (scanOnce().unsettled() == 0) {
                        firstPass.countDown();
                    }
                } catch (IOException e) {
                    LOG.warn("Folder scan failed ({}); retrying in {} ms", e.getClass().getSimpleName(), poll.toMillis());
                }
                // While files are settling, look again after the settle time rather than a full poll interval.
                var key = service.poll(firstPass.getCount() > 0 ? Math.min(poll.toMillis(), settle.toMillis()) : poll.toMillis(),
                        TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    // Let a burst of writes finish before scanning, so files are read whole.
                    Thread.sleep(Math.min(settle.toMillis(), poll.toMillis()));
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("Cannot watch the ingest folder ({})", e.getClass().getSimpleName());
        } finally {
            firstPass.countDown();
        }
    }

    /** True once a scan found every file in the folder published or journaled (or the watch ended). */
    public boolean awaitFirstPass(Duration timeout) throws InterruptedException {
        return firstPass.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopping = true;
        WatchService service = watcher;
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // closing only wakes the loop
            }
        }
    }
}
