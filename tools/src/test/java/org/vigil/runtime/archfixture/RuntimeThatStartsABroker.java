package org.vigil.runtime.archfixture;

import org.vigil.embedded.kafka.EmbeddedKafkaBroker;

/** Breaks a rule on purpose, so ArchitectureTest can show it catches it: runtime using the embedded broker. */
public final class RuntimeThatStartsABroker {

    public String describe(EmbeddedKafkaBroker broker) {
        return broker.bootstrapServers();
    }
}
