package org.vigil.inference.model;

import org.vigil.inference.rules.RuleBasedExtractor;

/** The {@code onnx} backend: the candidate model in process on ONNX Runtime (CUDA when available, else CPU). */
public final class OnnxBackend extends ModelBackend {

    private OnnxBackend(ModelManifest manifest, OnnxModel model, RuleBasedExtractor rules, Combination combination,
                        double rejectAt, int maxBatch, long maxWaitMs) {
        super("onnx+rules", manifest, model, rules, combination, rejectAt, maxBatch, maxWaitMs);
    }

    /** Union combination, reject threshold 0.9. */
    public static OnnxBackend open(ModelManifest manifest, RuleBasedExtractor rules, String device, int maxBatch,
                                   long maxWaitMs) {
        return open(manifest, rules, device, Combination.UNION, 0.9, maxBatch, maxWaitMs);
    }

    public static OnnxBackend open(ModelManifest manifest, RuleBasedExtractor rules, String device,
                                   Combination combination, double rejectAt, int maxBatch, long maxWaitMs) {
        return new OnnxBackend(manifest, new OnnxModel(manifest, device), rules, combination, rejectAt, maxBatch, maxWaitMs);
    }
}
