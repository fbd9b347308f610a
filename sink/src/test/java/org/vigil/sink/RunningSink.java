package org.vigil.sink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.embedded.EmbeddedPlatform;
import org.vigil.runtime.kafka.Topic;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.wire.SchemaRegistryClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The sink stage running on the real embedded platform (KRaft broker, schema registry, PostgreSQL), as the launcher
 * runs it, with what a test needs: produce assessments, wait for them to be stored, and call the API.
 */
public final class RunningSink implements AutoCloseable {

    private final EmbeddedPlatform platform;
    private final SinkStage stage;
    private final SchemaRegistryClient registry;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningSink(EmbeddedPlatform platform, SinkStage stage) {
        this.platform = platform;
        this.stage = stage;
        this.registry = new SchemaRegistryClient(platform.registry().url());
    }

    public static RunningSink start(Path dataDir, Map<String, Object> extraSettings) {
        EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, 1);
        try {
            Map<String, Object> settings = new HashMap<>(platform.settings(dataDir));
            settings.put(SinkStage.HTTP_PORT, 0);
            settings.put(SinkStage.RETRY_BACKOFF_MS, 200L);
            settings.put(SinkStage.ADJUDICATION_REPUBLISH_MS, 500L);
            settings.putAll(extraSettings);
            SinkStage stage = new SinkStage(new VigilConfig(SinkStage.definition(), settings), new SimpleMeterRegistry());
            stage.start();
            return new RunningSink(platform, stage);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public SinkStage stage() {
        return stage;
    }

    public DataSource database() {
        return platform.postgres().dataSource();
    }

    /** Sends the assessments to the risk-assessments topic and waits until the notes table holds {@code expectedNotes}. */
    public void publishAndAwait(Collection<RiskAssessment> assessments, long expectedNotes) {
        try (KafkaProducer<String, RiskAssessment> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", platform.broker().bootstrapServers(), "linger.ms", 20),
                new StringSerializer(), Topics.RISK_ASSESSMENTS.valueSerde(registry).serializer())) {
            for (RiskAssessment a : assessments) {
                producer.send(new ProducerRecord<>(Topics.RISK_ASSESSMENTS.name(), a.getNoteId(), a));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (Rows.count(database(), "SELECT count(*) FROM notes") != expectedNotes) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Notes stored: " + Rows.count(database(), "SELECT count(*) FROM notes")
                        + ", expected " + expectedNotes);
            }
            pause(100);
        }
    }

    /** Records on a catalogue topic, read from the beginning until {@code expected} arrived or 30 s passed. */
    public <V extends org.apache.avro.specific.SpecificRecord> List<V> read(Topic<V> topic, int expected) {
        Map<String, Object> settings = Map.of("bootstrap.servers", platform.broker().bootstrapServers(),
                "group.id", "test-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                topic.valueSerde(registry).deserializer())) {
            consumer.subscribe(Set.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** An API answer: status and body. */
    public record Answer(int status, String body, String contentType) {
    }

    public Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(stage.dashboardUrl().resolve(path)).GET(), token);
    }

    public Answer post(String path, String token, String json) {
        return send(HttpRequest.newBuilder(stage.dashboardUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    /** A call with any method and no body. */
    public Answer send(String method, String path, String token) {
        return send(HttpRequest.newBuilder(stage.dashboardUrl().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()), token);
    }

    private Answer send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI url() {
        return stage.dashboardUrl();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            stage.close();
        } finally {
            platform.close();
        }
    }
}
