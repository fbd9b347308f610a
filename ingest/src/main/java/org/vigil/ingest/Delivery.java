package org.vigil.ingest;

/**
 * Where an input ended up once Kafka acknowledged it (acks=all): on the raw topic, or, for a rejection, on the
 * dead-letter topic. Holds coordinates only.
 */
public record Delivery(SourceRecord record, String topic, int partition, long offset) {

    public boolean deadLettered() {
        return record instanceof SourceRecord.Rejected;
    }
}
