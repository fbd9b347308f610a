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
import org.vigil.schemas.SignalKind;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The openai backend against an in-test HTTP server that speaks the OpenAI chat-completions protocol as vLLM serves
 * it (POST /v1/chat/completions, answer in choices[0].message.content). The server plays a model with canned
 * answers, most of them adversarial: evidence inside another word, of the wrong kind, invented, running over a
 * section header, pointing at the second occurrence, re-cased and re-spaced.
 */
class OpenAiBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleBasedExtractor RULES = new RuleBasedExtractor(RuleSet.standard());
    private static final String NOTE = "Pt says her kids would be fine if she were gone. Denies HI.";

    private HttpServer server;
    private volatile String content;
    /** The model's answer for a given note, where it differs from {@link #content}. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
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
        String note = request.path("messages").path(1).path("content").asText();
        choice.putObject("message").put("role", "assistant").put("content", answers.getOrDefault(note, content));
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

    /** A signal as kind, assertion, evidence, span, origin (the rules' data files or the model) and section. */
    private static String describe(RiskSignal s) {
        String origin = s.getSource().startsWith("lexicon/") ? "rules" : s.getSource();
        return s.getKind() + " " + s.getAssertion() + " [" + s.getEvidenceText() + "] " + s.getEvidenceStart() + "-"
                + s.getEvidenceEnd() + " " + origin + (s.getSection() == null ? "" : " " + s.getSection());
    }

    private double rejected(SignalKind kind, EvidenceGuard.Reason reason) {
        return meters.counter(EvidenceGuard.METRIC, "backend", "openai", "kind", kind.name(), "reason", reason.tag()).count();
    }

    private double rejectedInAll() {
        return meters.find(EvidenceGuard.METRIC).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void dropsInventedAndParaphrasedQuotesAndKeepsAQuoteOfARuleCandidate() {
        content = """
                {"signals": [
                  {"kind": "SUICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "her kids would be fine if she were gone"},
                  {"kind": "SUICIDE_PLAN", "assertion": "AFFIRMED", "evidence": "bought a rope yesterday"},
                  {"kind": "HOMICIDAL_IDEATION", "assertion": "NEGATED", "evidence": "HI"}
                ]}""";
        List<RiskSignal> out = backend(ModelBackend.Combination.UNION).extract(List.of(NOTE)).get(0);

        // The paraphrase is in the note, but no lexicon entry or rule reads it as suicidal ideation; the rope is not.
        assertThat(out).extracting(OpenAiBackendTest::describe)
                .containsExactly("HOMICIDAL_IDEATION NEGATED [HI] 56-58 rules");
        assertThat(rejected(SignalKind.SUICIDAL_IDEATION, EvidenceGuard.Reason.NO_CANDIDATE)).isEqualTo(1.0);
        assertThat(rejected(SignalKind.SUICIDE_PLAN, EvidenceGuard.Reason.NOT_IN_NOTE)).isEqualTo(1.0);
        assertThat(rejectedInAll()).isEqualTo(2.0);
    }

    @Test
    void dropsEvidenceFoundOnlyInsideOtherWords() {
        String note = "THIS IS A FOLLOW-UP VISIT. Mood is good.";
        content = """
                {"signals": [
                  {"kind": "HOMICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "HI"},
                  {"kind": "SUICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "SI"},
                  {"kind": "SUICIDE_ATTEMPT", "assertion": "AFFIRMED", "evidence": "UP VIS"}
                ]}""";
        assertThat(backend(ModelBackend.Combination.UNION).extract(List.of(note)).get(0)).isEmpty();
        assertThat(rejected(SignalKind.HOMICIDAL_IDEATION, EvidenceGuard.Reason.INSIDE_WORD)).isEqualTo(1.0);
        assertThat(rejected(SignalKind.SUICIDAL_IDEATION, EvidenceGuard.Reason.INSIDE_WORD)).isEqualTo(1.0);
        assertThat(rejected(SignalKind.SUICIDE_ATTEMPT, EvidenceGuard.Reason.INSIDE_WORD)).isEqualTo(1.0);
    }

    @Test
    void dropsEvidenceThatTheRulesReadAsAnotherKind() {
        String drinks = "Drinks 6 beers nightly. Denies SI.";
        String plan = "Endorses SI with plan to overdose on her pills.";
        answers.put(drinks, """
                {"signals": [{"kind": "SUICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "Drinks 6 beers nightly"}]}""");
        // The taxonomy folds an overdose inside a suicide plan into the plan: the quote is the plan's evidence.
        answers.put(plan, """
                {"signals": [{"kind": "OVERDOSE", "assertion": "AFFIRMED", "evidence": "overdose"}]}""");
        List<List<RiskSignal>> out = backend(ModelBackend.Combination.UNION).extract(List.of(drinks, plan));

        assertThat(out.get(0)).extracting(OpenAiBackendTest::describe).containsExactly(
                "SUBSTANCE_USE AFFIRMED [Drinks] 0-6 rules",
                "SUBSTANCE_USE AFFIRMED [6 beers] 7-14 rules",
                "SUICIDAL_IDEATION NEGATED [SI] 31-33 rules");
        assertThat(out.get(1)).extracting(s -> s.getKind().name()).containsExactly("SUICIDAL_IDEATION", "SUICIDE_PLAN");
        assertThat(rejected(SignalKind.SUICIDAL_IDEATION, EvidenceGuard.Reason.WRONG_KIND)).isEqualTo(1.0);
        assertThat(rejected(SignalKind.OVERDOSE, EvidenceGuard.Reason.WRONG_KIND)).isEqualTo(1.0);
    }

    @Test
    void dropsAQuoteThatRunsOverASectionHeader() {
        String note = "HPI:\nPt reports feeling hopeless.\nSocial History:\nLives alone, no friends.";
        content = """
                {"signals": [{"kind": "SOCIAL_ISOLATION", "assertion": "AFFIRMED",
                  "evidence": "feeling hopeless.\\nSocial History:\\nLives alone, no friends"}]}""";
        // In confirm mode a quote overlapping the rules' "no friends" would confirm it, were it allowed to stand.
        assertThat(backend(ModelBackend.Combination.CONFIRM).extract(List.of(note)).get(0)).isEmpty();
        assertThat(rejected(SignalKind.SOCIAL_ISOLATION, EvidenceGuard.Reason.SPANS_SECTIONS)).isEqualTo(1.0);

        content = """
                {"signals": [{"kind": "SOCIAL_ISOLATION", "assertion": "AFFIRMED", "evidence": "no friends"}]}""";
        assertThat(backend(ModelBackend.Combination.CONFIRM).extract(List.of(note)).get(0)).extracting(OpenAiBackendTest::describe)
                .containsExactly("SOCIAL_ISOLATION AFFIRMED [no friends] 63-73 rules SOCIAL_HISTORY");
    }

    @Test
    void placesEvidenceAtTheOccurrenceNearestTheModelsOffset() {
        String hi = "Denies HI at intake. Later in the interview endorses HI toward a coworker.";
        String shelter = "Stayed at a shelter last winter; will go back to the shelter tonight.";
        // Offsets a little off, as a model counts them: the nearest occurrence is the one it meant.
        answers.put(hi, """
                {"signals": [{"kind": "HOMICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "HI", "start": 51}]}""");
        answers.put(shelter, """
                {"signals": [{"kind": "HOMELESSNESS", "assertion": "AFFIRMED", "evidence": "shelter", "start": 55}]}""");

        List<RiskSignal> confirmed = backend(ModelBackend.Combination.CONFIRM).extract(List.of(hi)).get(0);
        assertThat(confirmed).extracting(OpenAiBackendTest::describe)
                .containsExactly("HOMICIDAL_IDEATION AFFIRMED [HI] 53-55 rules");

        // The rules keep "shelter" as a weak candidate only: in union the model's signal is added where it pointed.
        List<RiskSignal> added = backend(ModelBackend.Combination.UNION).extract(List.of(shelter)).get(0);
        assertThat(added).extracting(OpenAiBackendTest::describe)
                .containsExactly("HOMELESSNESS AFFIRMED [shelter] 53-60 openai:test-llm");
        assertThat(rejectedInAll()).isZero();
    }

    @Test
    void aRepeatedQuoteWithoutOffsetTakesTheNextOccurrenceAndNeverOneTwice() {
        String note = "Stayed at a shelter last winter; will go back to the shelter tonight.";
        content = """
                {"signals": [
                  {"kind": "HOMELESSNESS", "assertion": "HISTORICAL", "evidence": "shelter"},
                  {"kind": "HOMELESSNESS", "assertion": "AFFIRMED", "evidence": "shelter"},
                  {"kind": "HOMELESSNESS", "assertion": "AFFIRMED", "evidence": "shelter"}
                ]}""";
        assertThat(backend(ModelBackend.Combination.UNION).extract(List.of(note)).get(0))
                .extracting(OpenAiBackendTest::describe).containsExactly(
                        "HOMELESSNESS HISTORICAL [shelter] 12-19 openai:test-llm",
                        "HOMELESSNESS AFFIRMED [shelter] 53-60 openai:test-llm");
        assertThat(rejected(SignalKind.HOMELESSNESS, EvidenceGuard.Reason.DUPLICATE)).isEqualTo(1.0);
    }

    @Test
    void matchesEvidenceWhateverItsCaseAndSpacingAndQuotesTheNotesOwnText() {
        String si = "Pt endorses  Suicidal\nideation today.";
        String shelter = "Social History:\nStayed at a SHELTER   last\twinter.";
        answers.put(si, """
                {"signals": [{"kind": "SUICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": " suicidal ideation "}]}""");
        answers.put(shelter, """
                {"signals": [{"kind": "HOMELESSNESS", "assertion": "HISTORICAL", "evidence": "Stayed at a shelter last winter"}]}""");

        assertThat(backend(ModelBackend.Combination.CONFIRM).extract(List.of(si)).get(0)).extracting(OpenAiBackendTest::describe)
                .containsExactly("SUICIDAL_IDEATION AFFIRMED [Suicidal\nideation] 13-30 rules");
        assertThat(backend(ModelBackend.Combination.UNION).extract(List.of(shelter)).get(0)).extracting(OpenAiBackendTest::describe)
                .containsExactly("HOMELESSNESS HISTORICAL [Stayed at a SHELTER   last\twinter] 16-49 openai:test-llm SOCIAL_HISTORY");
        assertThat(rejectedInAll()).isZero();
    }

    @Test
    void rejectionsAreCountedByBackendKindAndReasonWithNoNoteText() {
        String note = "THIS IS A FOLLOW-UP VISIT. Drinks 6 beers nightly.";
        content = """
                {"signals": [
                  {"kind": "HOMICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "HI"},
                  {"kind": "SUICIDAL_IDEATION", "assertion": "AFFIRMED", "evidence": "6 beers"},
                  {"kind": "VIOLENCE", "assertion": "AFFIRMED", "evidence": "punched his brother"},
                  {"kind": "DEPRESSION", "assertion": "AFFIRMED", "evidence": "FOLLOW-UP VISIT"},
                  {"kind": "MANIA", "assertion": "AFFIRMED", "evidence": "   "}
                ]}""";
        backend(ModelBackend.Combination.UNION).extract(List.of(note));

        Set<String> allowed = new java.util.HashSet<>(Set.of("openai"));
        for (SignalKind k : SignalKind.values()) {
            allowed.add(k.name());
        }
        for (EvidenceGuard.Reason r : EvidenceGuard.Reason.values()) {
            allowed.add(r.tag());
        }
        assertThat(meters.find(EvidenceGuard.METRIC).counters()).hasSize(5).allSatisfy(c -> {
            assertThat(c.getId().getTags()).extracting(t -> t.getKey()).containsExactly("backend", "kind", "reason");
            assertThat(c.getId().getTags()).extracting(t -> t.getValue()).allMatch(allowed::contains);
        });
        assertThat(meters.find(EvidenceGuard.METRIC).counters().stream()
                .map(c -> c.getId().getTag("kind") + " " + c.getId().getTag("reason")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("HOMICIDAL_IDEATION inside_word", "SUICIDAL_IDEATION wrong_kind",
                        "VIOLENCE not_in_note", "DEPRESSION no_candidate", "MANIA empty");
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
