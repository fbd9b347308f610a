package org.vigil.inference.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.vigil.inference.model.ModelBackend.Combination;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskSignal;
import org.vigil.schemas.SignalKind;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code openai} backend: a remote OpenAI-compatible chat-completions server (as vLLM serves it) is asked for the
 * note's signals as JSON, each quoting its evidence. The hallucination guard drops every signal whose evidence is
 * not found verbatim in the note (counted in {@code vigil.inference.hallucinations}), and signals with an unknown
 * kind or assertion (counted in {@code vigil.inference.model.invalid}). Only the de-identified note text is sent.
 */
public final class OpenAiBackend implements InferenceBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SYSTEM_PROMPT = """
            You extract mental-health risk signals from a de-identified clinical note.
            Return only a JSON object {"signals": [{"kind": KIND, "assertion": ASSERTION, "evidence": TEXT}]}.
            KIND is one of: %s.
            ASSERTION is one of: AFFIRMED, NEGATED, HISTORICAL, HYPOTHETICAL, FAMILY, UNCERTAIN
            (FAMILY: someone other than the patient; NEGATED: explicitly absent; HISTORICAL: more than a month ago).
            TEXT must be copied exactly, character for character, from the note: the shortest phrase naming the signal.
            Tag every mention, including repeats. Do not tag resources, screening topics or medications.""";

    private final HttpClient http;
    private final URI completions;
    private final String model;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final RuleBasedExtractor rules;
    private final Combination combination;
    private final MeterRegistry meters;
    private final String version;

    public OpenAiBackend(URI baseUrl, String model, Optional<String> apiKey, Duration timeout, RuleBasedExtractor rules,
                         Combination combination, MeterRegistry meters) {
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        this.completions = URI.create(base).resolve("v1/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.rules = rules;
        this.combination = combination;
        this.meters = meters;
        this.version = "openai:" + model;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String name() {
        return "openai+rules";
    }

    @Override
    public List<List<RiskSignal>> extract(List<String> texts) {
        List<CompletableFuture<List<RiskSignal>>> calls = new ArrayList<>(texts.size());
        for (String text : texts) {
            calls.add(call(text));
        }
        List<List<RiskSignal>> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            List<RiskSignal> fromModel;
            try {
                fromModel = calls.get(i).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            out.add(combine(texts.get(i), fromModel));
        }
        return out;
    }

    private CompletableFuture<List<RiskSignal>> call(String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(completions).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(text), StandardCharsets.UTF_8));
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof HttpTimeoutException) {
                            throw new BackendUnavailableException("openai server timed out after " + timeout.toMillis() + " ms", cause);
                        }
                        if (cause instanceof ConnectException || cause instanceof IOException) {
                            throw new BackendUnavailableException("openai server not reachable: " + cause.getClass().getSimpleName(), cause);
                        }
                        throw new BackendUnavailableException("openai request failed", cause);
                    }
                    int status = response.statusCode();
                    if (status >= 500 || status == 429 || status == 408) {
                        throw new BackendUnavailableException("openai server answered HTTP " + status);
                    }
                    if (status != 200) {
                        throw new IllegalStateException("openai server refused the request: HTTP " + status);
                    }
                    return parse(text, response.body());
                });
    }

    String requestBody(String text) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("temperature", 0);
        root.putObject("response_format").put("type", "json_object");
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT.formatted(String.join(", ",
                Arrays.stream(SignalKind.values()).filter(k -> k != SignalKind.OTHER).map(Enum::name).toList())));
        messages.addObject().put("role", "user").put("content", text);
        return root.toString();
    }

    /** The model's signals that pass the hallucination guard, with offsets of their verbatim evidence. */
    List<RiskSignal> parse(String text, String body) {
        JsonNode content;
        try {
            String raw = JSON.readTree(body).path("choices").path(0).path("message").path("content").asText("");
            content = JSON.readTree(stripFences(raw));
        } catch (IOException e) {
            meters.counter("vigil.inference.model.invalid", "backend", "openai", "reason", "not_json").increment();
            return List.of();
        }
        JsonNode signals = content.isArray() ? content : content.path("signals");
        List<RiskSignal> out = new ArrayList<>();
        boolean[] used = new boolean[text.length() + 1];
        for (JsonNode s : signals) {
            Optional<SignalKind> kind = parseEnum(SignalKind.class, s.path("kind").asText());
            Optional<Assertion> assertion = parseEnum(Assertion.class, s.path("assertion").asText("AFFIRMED"));
            String evidence = s.path("evidence").asText("");
            if (kind.isEmpty() || kind.get() == SignalKind.OTHER || assertion.isEmpty()) {
                meters.counter("vigil.inference.model.invalid", "backend", "openai", "reason", "unknown_label").increment();
                continue;
            }
            int at = evidence.isBlank() ? -1 : findUnused(text, evidence, used);
            if (at < 0) {
                // The hallucination guard: evidence that is not in the note is not evidence.
                meters.counter("vigil.inference.hallucinations", "backend", "openai").increment();
                continue;
            }
            used[at] = true;
            out.add(RiskSignal.newBuilder().setKind(kind.get()).setAssertion(assertion.get()).setConfidence(0.8)
                    .setEvidenceStart(at).setEvidenceEnd(at + evidence.length()).setEvidenceText(evidence)
                    .setSection(null).setSource("openai:" + model).setSourceVersion(version).build());
        }
        return out;
    }

    private static int findUnused(String text, String evidence, boolean[] used) {
        int from = 0;
        int first = -1;
        while (true) {
            int at = text.indexOf(evidence, from);
            if (at < 0) {
                return first;
            }
            if (!used[at]) {
                return at;
            }
            if (first < 0) {
                first = at;
            }
            from = at + 1;
        }
    }

    private static String stripFences(String raw) {
        String s = raw.strip();
        if (s.startsWith("```")) {
            s = s.substring(s.indexOf('\n') + 1);
            int end = s.lastIndexOf("```");
            if (end >= 0) {
                s = s.substring(0, end);
            }
        }
        return s;
    }

    private static <E extends Enum<E>> Optional<E> parseEnum(Class<E> type, String name) {
        try {
            return Optional.of(Enum.valueOf(type, name.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Union: the rules' signals plus the model's that no rule signal of the same kind overlaps. Confirm: rule
     * signals the model also found (same kind, overlapping evidence). */
    private List<RiskSignal> combine(String text, List<RiskSignal> fromModel) {
        List<RiskSignal> fromRules = rules.extract(text);
        List<RiskSignal> out = new ArrayList<>();
        if (combination == Combination.CONFIRM) {
            for (RiskSignal r : fromRules) {
                if (fromModel.stream().anyMatch(m -> overlaps(r, m))) {
                    out.add(r);
                }
            }
            return out;
        }
        out.addAll(fromRules);
        for (RiskSignal m : fromModel) {
            if (fromRules.stream().noneMatch(r -> overlaps(r, m))) {
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparingInt(RiskSignal::getEvidenceStart).thenComparing(RiskSignal::getKind));
        return out;
    }

    private static boolean overlaps(RiskSignal a, RiskSignal b) {
        return a.getKind() == b.getKind() && a.getEvidenceStart() < b.getEvidenceEnd()
                && b.getEvidenceStart() < a.getEvidenceEnd();
    }
}
