package org.vigil.runtime.lifecycle;

/**
 * The thin lifecycle around a stage's pure topology or processing function: start, health, graceful stop.
 * {@link #close()} must finish in-flight work and commit before it returns, so a stop loses nothing.
 */
public interface Stage extends AutoCloseable {

    /** A short name for logs, metrics and health: ingest, deidentify, inference, sink. */
    String name();

    /** Starts processing; returns once the stage is running (or throws if it cannot start). */
    void start();

    /** True while the stage is processing or ready to. */
    boolean healthy();

    @Override
    void close();
}
