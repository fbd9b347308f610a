package org.vigil.ingest;

/**
 * Where an input ended up once Kafka acknowledged it (acks=all): on the raw topic, or, for a rejection, on the
 * dead-letter topic; a skipped input (no note) went nowhere (empty topic, partition and offset -1). Holds
 * coordinates only.
 */
public record Delivery(SourceRecord record, String topic, int partition, long offset) {

    /** The outcome of an input that carries no note: counted, sent nowhere. */
    public static Delivery skipped(SourceRecord.Skipped record) {
        return new Delivery(record, "", -1, -1);
    }

    public boolean skipped() {
        return record instanceof SourceRecord.Skipped;
    }

    public boolean deadLettered() {
        return record instanceof SourceRecord.Rejected;
    }
}
