package org.vigil.inference.model;

/**
 * A classifier of candidate mentions: feature rows in, label probabilities out (one row each, in the manifest's
 * label order). Implemented in process by ONNX Runtime and remotely by a Triton server serving the same model.
 */
public interface CandidateModel extends AutoCloseable {

    /** Probabilities per row; {@code rows} all have the manifest's input width. */
    float[][] predict(float[][] rows);

    /** Where it runs, e.g. "cpu", "cuda:0", "triton http://host:8000". */
    String device();

    @Override
    default void close() {
    }
}
