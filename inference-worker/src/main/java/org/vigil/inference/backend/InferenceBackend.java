package org.vigil.inference.backend;

import org.vigil.schemas.RiskSignal;

import java.util.List;

/**
 * A way of finding risk signals in de-identified note texts: the rules, an in-process ONNX model, a remote Triton
 * server or a remote OpenAI-compatible model. Implementations are thread-safe; a remote one throws
 * {@link BackendUnavailableException} when it cannot answer, so the caller can wait or fall back.
 */
public interface InferenceBackend extends AutoCloseable {

    /** The name written into RiskAssessment.backend, e.g. "rules" or "onnx+rules". */
    String name();

    /** The signals of each text, in the same order as {@code texts}. */
    List<List<RiskSignal>> extract(List<String> texts);

    @Override
    default void close() {
    }
}
