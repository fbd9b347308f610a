package org.vigil.sink.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Publishes the sink's rejected records to the dead-letter topic, with stage "sink" and the source coordinates. */
final class DeadLetters {

    static final String STAGE = "sink";

    private final Producer<String, DeadLetter> producer;

    DeadLetters(Producer<String, DeadLetter> producer) {
        this.producer = producer;
    }

    static DeadLetter letter(ConsumerRecord<String, byte[]> source, String reasonCode, String reason) {
        return DeadLetter.newBuilder()
                .setStage(STAGE)
                .setReasonCode(reasonCode)
                .setReason(reason)
                .setSourceLocation(source.topic() + "/" + source.partition() + "/" + source.offset())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setOccurredAt(Instant.now())
                .build();
    }

    /**
     * Sends the letters and waits until the broker acknowledged every one, so the caller may then commit the
     * source offsets without losing a rejected record.
     */
    void publish(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Rejection r : rejections) {
            acks.add(producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.source().key(), r.letter())));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new DeadLetterUnsentException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterUnsentException(e);
            }
        }
    }

    /** A rejected source record and the letter that explains it. */
    record Rejection(ConsumerRecord<String, byte[]> source, DeadLetter letter) {
    }

    /** The dead-letter topic did not acknowledge; the batch must be retried before its offsets are committed. */
    static final class DeadLetterUnsentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadLetterUnsentException(Throwable cause) {
            super("Dead letter not acknowledged: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
