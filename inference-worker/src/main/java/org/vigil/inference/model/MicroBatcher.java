package org.vigil.inference.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers single items submitted by many threads into batches, closed by size or by the wait since the batch's
 * first item, and runs each batch on one worker thread: a model then sees batches even when each caller (a Kafka
 * Streams thread) hands it one note at a time.
 *
 * @param <I> item
 * @param <O> result per item
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Function<List<I>, List<O>> batchFunction;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile int largestBatch;
    private final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();

    public MicroBatcher(String name, int maxBatch, long maxWaitMillis, Function<List<I>, List<O>> batchFunction) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.batchFunction = batchFunction;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.worker = new Thread(this::loop, name);
        worker.setDaemon(true);
        worker.start();
    }

    public CompletableFuture<O> submit(I item) {
        CompletableFuture<O> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("batcher closed"));
            return f;
        }
        queue.add(new Pending<>(item, f));
        return f;
    }

    private void loop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("batcher closed"));
        }
    }

    private void run(List<Pending<I, O>> batch) {
        batches.incrementAndGet();
        largestBatch = Math.max(largestBatch, batch.size());
        try {
            List<O> out = batchFunction.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(out.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    /** The largest batch run so far. */
    public int largestBatch() {
        return largestBatch;
    }

    /** Batches run so far. */
    public long batches() {
        return batches.get();
    }

    /** Finishes the queued items, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
