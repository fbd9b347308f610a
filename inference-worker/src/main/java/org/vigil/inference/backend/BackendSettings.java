package org.vigil.inference.backend;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;
import org.vigil.inference.model.ModelBackend;
import org.vigil.inference.model.ModelManifest;
import org.vigil.inference.model.OnnxBackend;
import org.vigil.inference.rules.RuleBasedExtractor;
import org.vigil.inference.rules.RuleSet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The inference.* settings that choose and tune the backend, and the backend they describe. */
public final class BackendSettings {

    public static final String BACKEND = "inference.backend";
    public static final String COMBINE = "inference.combine";
    public static final String CONFIRM_REJECT = "inference.confirm.reject.threshold";
    public static final String MODEL_DIR = "inference.model.dir";
    public static final String ONNX_DEVICE = "inference.onnx.device";
    public static final String BATCH_SIZE = "inference.batch.size";
    public static final String BATCH_WAIT_MS = "inference.batch.wait.ms";
    public static final String TRITON_URL = "inference.triton.url";
    public static final String TRITON_MODEL = "inference.triton.model";
    public static final String TRITON_TENSORS = "inference.triton.tensors";
    public static final String OPENAI_URL = "inference.openai.url";
    public static final String OPENAI_MODEL = "inference.openai.model";
    public static final String OPENAI_API_KEY = "inference.openai.api.key";
    public static final String TIMEOUT_MS = "inference.remote.timeout.ms";
    public static final String RETRIES = "inference.remote.retries";
    public static final String BACKOFF_MS = "inference.remote.backoff.ms";
    public static final String MAX_BACKOFF_MS = "inference.remote.backoff.max.ms";
    public static final String BREAKER_FAILURES = "inference.remote.breaker.failures";
    public static final String BREAKER_OPEN_MS = "inference.remote.breaker.open.ms";
    public static final String FALLBACK = "inference.remote.fallback";

    private BackendSettings() {
    }

    public static void define(ConfigDef def) {
        def.define(BACKEND, Type.STRING, "rules", ValidString.in("rules", "onnx", "triton", "openai"), Importance.HIGH,
                        "Signal backend: rules (CPU, no model), onnx (in-process ONNX Runtime model, CUDA when available), "
                                + "triton (remote Triton server, KServe v2) or openai (remote OpenAI-compatible chat model).")
                .define(COMBINE, Type.STRING, "union", ValidString.in("union", "confirm"), Importance.MEDIUM,
                        "How a model backend is combined with the rules: union (rule signals plus model-accepted "
                                + "candidates) or confirm (rule signals the model does not reject).")
                .define(CONFIRM_REJECT, Type.DOUBLE, 0.9, Range.between(0.5, 1.0), Importance.LOW,
                        "In confirm mode, a rule signal is dropped when the model's probability of 'not a signal' is at least this.")
                .define(MODEL_DIR, Type.STRING, "", Importance.MEDIUM,
                        "Model folder with manifest.json for onnx and triton; empty = the model shipped in the jar.")
                .define(ONNX_DEVICE, Type.STRING, "auto", ValidString.in("auto", "cpu", "cuda"), Importance.MEDIUM,
                        "ONNX Runtime execution provider: auto (CUDA when the GPU artifact and a GPU are present), cpu or cuda.")
                .define(BATCH_SIZE, Type.INT, 32, Range.between(1, 4096), Importance.MEDIUM,
                        "Largest micro-batch of notes handed to a model backend.")
                .define(BATCH_WAIT_MS, Type.LONG, 5L, Range.between(0L, 10_000L), Importance.MEDIUM,
                        "How long a note waits for others to fill a micro-batch; 0 = no micro-batching.")
                .define(TRITON_URL, Type.STRING, "http://localhost:8000", Importance.MEDIUM, "Triton server base URL.")
                .define(TRITON_MODEL, Type.STRING, "vigil-context-lr", Importance.MEDIUM, "Model name on the Triton server.")
                .define(TRITON_TENSORS, Type.STRING, "binary", ValidString.in("binary", "json"), Importance.LOW,
                        "How tensors travel to Triton: binary (Triton's binary tensor data extension) or json (plain "
                                + "KServe v2, for servers without the extension).")
                .define(OPENAI_URL, Type.STRING, "http://localhost:8000", Importance.MEDIUM,
                        "Base URL of the OpenAI-compatible server (e.g. vLLM); /v1/chat/completions is appended.")
                .define(OPENAI_MODEL, Type.STRING, "meta-llama/Llama-3.1-8B-Instruct", Importance.MEDIUM,
                        "Model name sent in chat-completion requests.")
                .define(OPENAI_API_KEY, Type.PASSWORD, "", Importance.LOW, "Bearer token for the OpenAI-compatible server, if it needs one.")
                .define(TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1L), Importance.MEDIUM, "Time-out of one remote call.")
                .define(RETRIES, Type.INT, 3, Range.between(0, 20), Importance.MEDIUM, "Retries of a failed remote call.")
                .define(BACKOFF_MS, Type.LONG, 200L, Range.atLeast(0L), Importance.LOW, "First retry back-off; doubles per retry.")
                .define(MAX_BACKOFF_MS, Type.LONG, 10_000L, Range.atLeast(0L), Importance.LOW, "Longest back-off, also the wait between rounds in wait mode.")
                .define(BREAKER_FAILURES, Type.INT, 5, Range.atLeast(1), Importance.LOW, "Failures in a row that open the circuit breaker.")
                .define(BREAKER_OPEN_MS, Type.LONG, 30_000L, Range.atLeast(0L), Importance.LOW, "How long an open breaker refuses calls.")
                .define(FALLBACK, Type.STRING, "rules", ValidString.in("rules", "wait"), Importance.HIGH,
                        "When a remote backend is down: rules (assess with the rules meanwhile) or wait (hold the notes until it answers).");
    }

    /** Opens the configured backend. */
    public static InferenceBackend open(AbstractConfig config, MeterRegistry meters) {
        RuleBasedExtractor rules = new RuleBasedExtractor(RuleSet.standard());
        RulesBackend rulesBackend = new RulesBackend(rules);
        ModelBackend.Combination combination = ModelBackend.Combination.valueOf(config.getString(COMBINE).toUpperCase(Locale.ROOT));
        String backend = config.getString(BACKEND);
        return switch (backend) {
            case "rules" -> rulesBackend;
            case "onnx" -> OnnxBackend.open(manifest(config), rules, config.getString(ONNX_DEVICE), combination,
                    config.getDouble(CONFIRM_REJECT), config.getInt(BATCH_SIZE), config.getLong(BATCH_WAIT_MS));
            case "triton" -> {
                ModelManifest manifest = manifest(config);
                TritonModel model = new TritonModel(URI.create(config.getString(TRITON_URL)), config.getString(TRITON_MODEL),
                        manifest, Duration.ofMillis(config.getLong(TIMEOUT_MS)),
                        TritonModel.Tensors.valueOf(config.getString(TRITON_TENSORS).toUpperCase(java.util.Locale.ROOT)));
                yield resilient(new ModelBackend("triton+rules", manifest, model, rules, combination,
                        config.getDouble(CONFIRM_REJECT), config.getInt(BATCH_SIZE), config.getLong(BATCH_WAIT_MS)),
                        rulesBackend, config, meters);
            }
            case "openai" -> {
                Password key = config.getPassword(OPENAI_API_KEY);
                Optional<String> apiKey = key == null || key.value().isEmpty() ? Optional.empty() : Optional.of(key.value());
                yield resilient(new OpenAiBackend(URI.create(config.getString(OPENAI_URL)), config.getString(OPENAI_MODEL),
                        apiKey, Duration.ofMillis(config.getLong(TIMEOUT_MS)), rules, combination, meters),
                        rulesBackend, config, meters);
            }
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
    }

    private static ModelManifest manifest(AbstractConfig config) {
        String dir = config.getString(MODEL_DIR);
        return dir.isBlank() ? ModelManifest.shipped() : ModelManifest.load(Path.of(dir));
    }

    private static InferenceBackend resilient(InferenceBackend remote, InferenceBackend rules, AbstractConfig config,
                                              MeterRegistry meters) {
        CircuitBreaker breaker = new CircuitBreaker(config.getInt(BREAKER_FAILURES),
                Duration.ofMillis(config.getLong(BREAKER_OPEN_MS)), Clock.systemUTC());
        ResilientBackend.Policy policy = new ResilientBackend.Policy(config.getInt(RETRIES),
                Duration.ofMillis(config.getLong(BACKOFF_MS)), Duration.ofMillis(config.getLong(MAX_BACKOFF_MS)),
                ResilientBackend.Fallback.valueOf(config.getString(FALLBACK).toUpperCase(Locale.ROOT)));
        return new ResilientBackend(remote, rules, breaker, policy, meters, d -> Thread.sleep(d.toMillis()));
    }
}
