package org.vigil.inference.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.inference.model.ModelBackend;
import org.vigil.inference.model.ModelManifest;
import org.vigil.inference.model.OnnxBackend;
import org.vigil.inference.model.OnnxModel;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.schemas.RiskSignal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The triton backend against an in-test HTTP server that speaks the KServe v2 inference protocol, in JSON and with
 * Triton's binary tensor data extension, and answers with the shipped model run by ONNX Runtime, as a Triton server
 * serving that model would.
 */
class TritonBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());
    private static final List<String> NOTES = List.of(
            "Endorses SI with plan to overdose on her pills. Has access to a handgun at home.",
            "Denies SI/HI. Hx of OD in 2019. Drinks 6 beers nightly.");

    private HttpServer server;
    private OnnxModel served;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failFirst = new AtomicInteger();
    private volatile int delayMs;
    private volatile boolean truncateBinaryAnswer;
    private final List<JsonNode> bodies = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void startServer() throws IOException {
        served = new OnnxModel(ModelManifest.shipped(), "cpu");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/health/ready", ex -> respond(ex, 200, "{}"));
        server.createContext("/v2/models/vigil-context-lr/infer", this::infer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        served.close();
    }

    private void infer(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        byte[] raw = ex.getRequestBody().readAllBytes();
        String headerLength = ex.getRequestHeaders().getFirst(TritonModel.HEADER_LENGTH);
        int jsonLength = headerLength == null ? raw.length : Integer.parseInt(headerLength);
        JsonNode body = JSON.readTree(raw, 0, jsonLength);
        synchronized (bodies) {
            bodies.add(body);
        }
        if (failFirst.getAndDecrement() > 0) {
            respond(ex, 503, "{\"error\":\"model not ready\"}");
            return;
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        JsonNode input = body.path("inputs").get(0);
        int rows = input.path("shape").get(0).asInt();
        int width = input.path("shape").get(1).asInt();
        float[][] x = new float[rows][width];
        if (input.path("parameters").has("binary_data_size")) {
            ByteBuffer data = ByteBuffer.wrap(raw, jsonLength, raw.length - jsonLength).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(input.path("parameters").path("binary_data_size").asInt()).isEqualTo(raw.length - jsonLength);
            for (int i = 0; i < rows * width; i++) {
                x[i / width][i % width] = data.getFloat();
            }
        } else {
            JsonNode data = input.path("data");
            for (int i = 0; i < rows * width; i++) {
                x[i / width][i % width] = (float) data.get(i).asDouble();
            }
        }
        float[][] y = served.predict(x);
        ObjectNode out = JSON.createObjectNode();
        out.put("model_name", "vigil-context-lr").put("model_version", "1");
        // An output Triton does not serve comes first, so the reader must find ours by name and skip its bytes.
        boolean binary = body.path("outputs").get(0).path("parameters").path("binary_data").asBoolean(false);
        byte[] other = {1, 2, 3, 4, 5, 6, 7, 8};
        if (binary) {
            ObjectNode extra = out.putArray("outputs").addObject();
            extra.put("name", "logits").put("datatype", "FP32");
            extra.putArray("shape").add(2);
            extra.putObject("parameters").put("binary_data_size", other.length);
        }
        ObjectNode tensor = out.withArray("outputs").addObject();
        tensor.put("name", "output").put("datatype", "FP32");
        tensor.putArray("shape").add(rows).add(y.length == 0 ? 0 : y[0].length);
        if (binary) {
            ByteBuffer values = ByteBuffer.allocate(rows * (y.length == 0 ? 0 : y[0].length) * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : y) {
                for (float v : row) {
                    values.putFloat(v);
                }
            }
            tensor.putObject("parameters").put("binary_data_size", values.capacity());
            byte[] json = out.toString().getBytes(StandardCharsets.UTF_8);
            byte[] tail = truncateBinaryAnswer ? Arrays.copyOf(values.array(), values.capacity() - 4) : values.array();
            ByteBuffer answer = ByteBuffer.allocate(json.length + other.length + tail.length);
            answer.put(json).put(other).put(tail);
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().add(TritonModel.HEADER_LENGTH, Integer.toString(json.length));
            ex.sendResponseHeaders(200, answer.capacity());
            try (OutputStream os = ex.getResponseBody()) {
                os.write(answer.array());
            }
            return;
        }
        ArrayNode values = tensor.putArray("data");
        for (float[] row : y) {
            for (float v : row) {
                values.add(v);
            }
        }
        respond(ex, 200, out.toString());
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ModelBackend triton(Duration timeout) {
        return triton(timeout, TritonModel.Tensors.BINARY);
    }

    private ModelBackend triton(Duration timeout, TritonModel.Tensors tensors) {
        ModelManifest manifest = ModelManifest.shipped();
        return new ModelBackend("triton+rules", manifest, new TritonModel(url(), "vigil-context-lr", manifest,
                timeout, tensors), RULES, ModelBackend.Combination.UNION, 0.9, 32, 0);
    }

    private ResilientBackend resilient(ResilientBackend.Fallback fallback, List<Duration> sleeps) {
        return new ResilientBackend(triton(Duration.ofSeconds(5)), new RulesBackend(RULES),
                new CircuitBreaker(3, Duration.ofMinutes(1), Clock.systemUTC()),
                new ResilientBackend.Policy(2, Duration.ofMillis(100), Duration.ofSeconds(1), fallback),
                meters, sleeps::add);
    }

    private static List<String> describe(List<List<RiskSignal>> notes) {
        return notes.stream().flatMap(List::stream)
                .map(s -> s.getKind() + " " + s.getAssertion() + " " + s.getEvidenceStart() + " " + s.getSource()
                        + " " + s.getConfidence()).toList();
    }

    private void assertSameSignalsAsTheInProcessModel(TritonModel.Tensors tensors) {
        try (ModelBackend triton = triton(Duration.ofSeconds(5), tensors);
             OnnxBackend local = OnnxBackend.open(ModelManifest.shipped(), RULES, "cpu", 32, 0)) {
            List<List<RiskSignal>> remote = triton.extract(NOTES);
            assertThat(describe(remote)).isEqualTo(describe(local.extract(NOTES)));
            assertThat(describe(remote)).hasSizeGreaterThan(5);
        }
    }

    @Test
    void binaryTensorsGiveTheSameSignalsAsTheInProcessModel() {
        assertSameSignalsAsTheInProcessModel(TritonModel.Tensors.BINARY);
        JsonNode input = bodies.get(0).path("inputs").get(0);
        assertThat(input.has("data")).isFalse();
        assertThat(input.path("parameters").path("binary_data_size").asInt()).isEqualTo(
                input.path("shape").get(0).asInt() * input.path("shape").get(1).asInt() * Float.BYTES);
        assertThat(bodies.get(0).path("outputs").get(0).path("parameters").path("binary_data").asBoolean()).isTrue();
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aBinaryAnswerShorterThanItsOutputsDeclareIsRefused() {
        truncateBinaryAnswer = true;
        try (ModelBackend triton = triton(Duration.ofSeconds(5), TritonModel.Tensors.BINARY)) {
            assertThatThrownBy(() -> triton.extract(NOTES))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bytes of binary tensors");
        }
    }

    @Test
    void jsonTensorsGiveTheSameSignalsAsTheInProcessModel() {
        assertSameSignalsAsTheInProcessModel(TritonModel.Tensors.JSON);
        JsonNode request = bodies.get(0);
        JsonNode input = request.path("inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("input");
        assertThat(input.path("datatype").asText()).isEqualTo("FP32");
        assertThat(input.path("shape").get(1).asInt()).isEqualTo(ModelManifest.shipped().inputBuckets().length);
        assertThat(input.path("data").size()).isEqualTo(input.path("shape").get(0).asInt() * input.path("shape").get(1).asInt());
        assertThat(request.path("outputs").get(0).path("name").asText()).isEqualTo("output");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void fallsBackToRulesWhenTritonIsDownAndOpensTheBreaker() {
        failFirst.set(1_000);
        List<Duration> sleeps = new ArrayList<>();
        try (ResilientBackend backend = resilient(ResilientBackend.Fallback.RULES, sleeps)) {
            List<List<RiskSignal>> first = backend.extract(NOTES);
            assertThat(describe(first)).isEqualTo(describe(new RulesBackend(RULES).extract(NOTES)));
            assertThat(requests.get()).isEqualTo(3);
            assertThat(sleeps).hasSize(2);
            assertThat(sleeps.get(1)).isGreaterThan(sleeps.get(0));
            assertThat(backend.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);

            backend.extract(NOTES);
            assertThat(requests.get()).isEqualTo(3);
        }
        assertThat(meters.counter("vigil.inference.remote.fallbacks", "backend", "triton+rules").count()).isEqualTo(4.0);
        assertThat(meters.counter("vigil.inference.remote.failures", "backend", "triton+rules").count()).isEqualTo(3.0);
    }

    @Test
    void waitModeHoldsTheNotesUntilTritonAnswersAgain() {
        failFirst.set(2);
        List<Duration> sleeps = new ArrayList<>();
        try (ResilientBackend backend = new ResilientBackend(triton(Duration.ofSeconds(5)), new RulesBackend(RULES),
                new CircuitBreaker(2, Duration.ZERO, Clock.systemUTC()),
                new ResilientBackend.Policy(0, Duration.ofMillis(100), Duration.ofMillis(500), ResilientBackend.Fallback.WAIT),
                meters, sleeps::add);
             OnnxBackend local = OnnxBackend.open(ModelManifest.shipped(), RULES, "cpu", 32, 0)) {
            List<List<RiskSignal>> out = backend.extract(NOTES);
            assertThat(describe(out)).isEqualTo(describe(local.extract(NOTES)));
        }
        assertThat(requests.get()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(meters.counter("vigil.inference.remote.fallbacks", "backend", "triton+rules").count()).isZero();
    }

    @Test
    void aSlowServerIsATimeout() {
        delayMs = 1_500;
        try (ModelBackend triton = triton(Duration.ofMillis(200))) {
            assertThatThrownBy(() -> triton.extract(NOTES))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("timed out after 200 ms");
        }
    }

    @Test
    void anUnreachableServerIsUnavailable() {
        server.stop(0);
        try (ModelBackend triton = triton(Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> triton.extract(NOTES)).isInstanceOf(BackendUnavailableException.class);
        }
    }
}
