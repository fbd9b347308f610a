package org.vigil.inference.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.inference.model.ModelBackend;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;
import org.vigil.schemas.RiskSignal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The openai backend against an in-test HTTP server that speaks the OpenAI chat-completions protocol as vLLM serves
 * it (POST /v1/chat/completions, answer in choices[0].message.content). The server plays a model whose answer
 * quotes one piece of real evidence and one fabricated one.
 */
class OpenAiBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());
    private static final String NOTE = "Pt says her kids would be fine if she were gone. Denies HI.";

    private HttpServer server;
    private volatile String content;
    private volatile int status = 200;
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void complete(HttpExchange ex) throws IOException {
        JsonNode request = JSON.readTree(ex.getRequestBody());
        synchronized (requests) {
            requests.add(request);
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", request.path("model").asText());
        ObjectNode choice = answer.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        byte[] bytes = (status == 200 ? answer.toString() : "{\"error\":{\"message\":\"overloaded\"}}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private OpenAiBackend backend(ModelBackend.Combination combination) {
        return new OpenAiBackend(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "test-llm",
                Optional.of("secret-token"), Duration.ofSeconds(5), RULES, combination, meters);
    }

    @Test
    void hallucinationGuardDropsFabricatedEvidenceAndCountsIt() {
        content = """
                {"signals": [
                  {"kind": "SUICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "her kids would be fine if she were gone"},
                  {"kind": "SUICIDE_PLAN", "assertion": "AFFIRMED", "evidence": "bought a rope yesterday"},
                  {"kind": "HOMICIDAL_IDEATION", "assertion": "NEGATED", "evidence": "HI"}
                ]}""";
        List<RiskSignal> out = backend(ModelBackend.Combination.UNION).extract(List.of(NOTE)).get(0);

        assertThat(out).extracting(s -> s.getKind() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "] "
                + s.getEvidenceStart() + "-" + s.getEvidenceEnd() + " " + s.getSource()).containsExactly(
                "SUICIDAL_IDEATION AFFIRMED [her kids would be fine if she were gone] 8-47 openai:test-llm",
                "HOMICIDAL_IDEATION NEGATED [HI] 56-58 lexicon/HOMICIDAL_IDEATION:2");
        assertThat(out).noneMatch(s -> s.getEvidenceText().contains("rope"));
        assertThat(meters.counter("vigil.inference.hallucinations", "backend", "openai").count()).isEqualTo(1.0);
        for (RiskSignal s : out) {
            assertThat(NOTE.substring(s.getEvidenceStart(), s.getEvidenceEnd())).isEqualTo(s.getEvidenceText());
        }
    }

    @Test
    void sendsTheDeidentifiedNoteAsAChatCompletionAskingForJson() {
        content = "{\"signals\": []}";
        backend(ModelBackend.Combination.UNION).extract(List.of(NOTE));
        JsonNode request = requests.get(0);
        assertThat(request.path("model").asText()).isEqualTo("test-llm");
        assertThat(request.path("temperature").asInt()).isZero();
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.path("messages").get(0).path("content").asText()).contains("SUICIDE_PLAN", "evidence");
        assertThat(request.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(request.path("messages").get(1).path("content").asText()).isEqualTo(NOTE);
        assertThat(authorizations.get(0)).isEqualTo("Bearer secret-token");
    }

    @Test
    void unknownKindsAreDroppedAndCounted() {
        content = "```json\n{\"signals\": [{\"kind\": \"ANXIETY\", \"assertion\": \"AFFIRMED\", \"evidence\": \"Denies\"}]}\n```";
        List<RiskSignal> out = backend(ModelBackend.Combination.UNION).extract(List.of(NOTE)).get(0);
        assertThat(out).extracting(s -> s.getKind().name()).containsExactly("HOMICIDAL_IDEATION");
        assertThat(meters.counter("vigil.inference.model.invalid", "backend", "openai", "reason", "unknown_label").count())
                .isEqualTo(1.0);
    }

    @Test
    void confirmModeKeepsOnlyRuleSignalsTheModelAlsoFound() {
        content = "{\"signals\": []}";
        assertThat(backend(ModelBackend.Combination.CONFIRM).extract(List.of(NOTE)).get(0)).isEmpty();
    }

    @Test
    void anOverloadedServerIsUnavailable() {
        status = 503;
        content = "{}";
        assertThatThrownBy(() -> backend(ModelBackend.Combination.UNION).extract(List.of(NOTE)))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("HTTP 503");
    }
}
