package org.vigil.embedded.registry;

import java.util.function.Consumer;

/** Where the registry's records are kept durably: replayed once at start, appended to on every change. */
interface SchemaLog extends AutoCloseable {

    /** Hands every kept record to {@code sink}, oldest first. */
    void replay(Consumer<RegistryRecord> sink);

    /** Stores {@code record} durably, returning only once it is acknowledged. */
    void append(RegistryRecord record);

    @Override
    void close();

    /** A log that keeps nothing: the registry forgets everything when it closes. */
    static SchemaLog none() {
        return new SchemaLog() {
            @Override
            public void replay(Consumer<RegistryRecord> sink) {
            }

            @Override
            public void append(RegistryRecord record) {
            }

            @Override
            public void close() {
            }
        };
    }
}
