package org.vigil.inference.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.vigil.inference.model.ModelBackend.Combination;
import org.vigil.inference.rules.Mention;
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
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code openai} backend: a remote OpenAI-compatible chat-completions server (as vLLM serves it) is asked for the
 * note's signals as JSON, each quoting its evidence (and, if it can, the quote's offset). The {@link EvidenceGuard}
 * drops every signal whose evidence is not in the note as whole words, runs over a section header, or overlaps no
 * rule or lexicon candidate of its kind (counted by reason and kind in {@value EvidenceGuard#METRIC}); signals with
 * an unknown kind or assertion are counted in {@code vigil.inference.model.invalid}. Only the de-identified note
 * text is sent.
 */
public final class OpenAiBackend implements InferenceBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SYSTEM_PROMPT = """
            You extract mental-health risk signals from a de-identified clinical note.
            Return only a JSON object {"signals": [{"kind": KIND, "assertion": ASSERTION, "evidence": TEXT, "start": OFFSET}]}.
            KIND is one of: %s.
            ASSERTION is one of: AFFIRMED, NEGATED, HISTORICAL, HYPOTHETICAL, FAMILY, UNCERTAIN
            (FAMILY: someone other than the patient; NEGATED: explicitly absent; HISTORICAL: more than a month ago).
            TEXT must be copied exactly, character for character, from the note: the shortest phrase naming the signal.
            OFFSET is the 0-based character offset in the note where TEXT begins.
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
    private final EvidenceGuard guard;

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
        this.guard = new EvidenceGuard(rules.rules(), meters, "openai");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String name() {
        return "openai+rules";
    }

    @Override
    public List<List<RiskSignal>> extract(List<String> texts) {
        List<CompletableFuture<List<Answer>>> calls = new ArrayList<>(texts.size());
        for (String text : texts) {
            calls.add(call(text));
        }
        List<List<RiskSignal>> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            List<Answer> answers;
            try {
                answers = calls.get(i).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            // One analysis serves both the guard's candidates and the rule signals it is combined with.
            RuleBasedExtractor.Analysis analysis = rules.analyze(texts.get(i));
            out.add(combine(analysis, signals(analysis, answers)));
        }
        return out;
    }

    private CompletableFuture<List<Answer>> call(String text) {
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
                    return parse(response.body());
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

    /** One signal as the model gave it, before its evidence is checked against the note. */
    record Answer(SignalKind kind, Assertion assertion, String evidence, OptionalInt start) {
    }

    /** The model's signals with a known kind and assertion; the others are counted and dropped. */
    List<Answer> parse(String body) {
        JsonNode content;
        try {
            String raw = JSON.readTree(body).path("choices").path(0).path("message").path("content").asText("");
            content = JSON.readTree(stripFences(raw));
        } catch (IOException e) {
            meters.counter("vigil.inference.model.invalid", "backend", "openai", "reason", "not_json").increment();
            return List.of();
        }
        JsonNode signals = content.isArray() ? content : content.path("signals");
        List<Answer> out = new ArrayList<>();
        for (JsonNode s : signals) {
            Optional<SignalKind> kind = parseEnum(SignalKind.class, s.path("kind").asText());
            Optional<Assertion> assertion = parseEnum(Assertion.class, s.path("assertion").asText("AFFIRMED"));
            if (kind.isEmpty() || kind.get() == SignalKind.OTHER || assertion.isEmpty()) {
                meters.counter("vigil.inference.model.invalid", "backend", "openai", "reason", "unknown_label").increment();
                continue;
            }
            JsonNode start = s.path("start");
            out.add(new Answer(kind.get(), assertion.get(), s.path("evidence").asText(""),
                    start.canConvertToInt() && start.isIntegralNumber() ? OptionalInt.of(start.asInt()) : OptionalInt.empty()));
        }
        return out;
    }

    /** The answers whose evidence the guard places in the note, as signals quoting the note's own text there. */
    private List<RiskSignal> signals(RuleBasedExtractor.Analysis analysis, List<Answer> answers) {
        String text = analysis.tokens().text();
        EvidenceGuard.Quotes quotes = guard.read(analysis);
        List<RiskSignal> out = new ArrayList<>();
        for (Answer a : answers) {
            if (quotes.place(a.kind(), a.evidence(), a.start()) instanceof EvidenceGuard.Placed p) {
                out.add(RiskSignal.newBuilder().setKind(a.kind()).setAssertion(a.assertion()).setConfidence(0.8)
                        .setEvidenceStart(p.start()).setEvidenceEnd(p.end()).setEvidenceText(text.substring(p.start(), p.end()))
                        .setSection(p.section().orElse(null)).setSource("openai:" + model).setSourceVersion(version).build());
            }
        }
        return out;
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
    private List<RiskSignal> combine(RuleBasedExtractor.Analysis analysis, List<RiskSignal> fromModel) {
        String text = analysis.tokens().text();
        List<RiskSignal> fromRules = new ArrayList<>();
        for (Mention m : analysis.mentions()) {
            if (!m.weak()) {
                fromRules.add(m.toSignal(text, rules.version()));
            }
        }
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
