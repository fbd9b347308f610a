package org.vigil.inference.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The candidate model in process on ONNX Runtime: the CUDA execution provider when asked for (or, with "auto", when
 * the onnxruntime_gpu artifact and a GPU are present), the CPU provider otherwise.
 */
public final class OnnxModel implements CandidateModel {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String device;

    /** @param device "auto", "cpu" or "cuda" */
    public OnnxModel(ModelManifest manifest, String device) {
        try {
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            String chosen = "cpu";
            if (!device.equals("cpu")) {
                try {
                    options.addCUDA(0);
                    chosen = "cuda:0";
                } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
                    if (device.equals("cuda")) {
                        throw new IllegalStateException("CUDA execution provider not available: " + e.getMessage(), e);
                    }
                    LOG.info("CUDA execution provider not available, running the model on CPU");
                }
            }
            options.setIntraOpNumThreads(1);
            session = env.createSession(manifest.onnx(), options);
            this.device = chosen;
            this.inputName = session.getInputNames().contains(manifest.inputName()) ? manifest.inputName()
                    : session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load ONNX model " + manifest.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[][] predict(float[][] rows) {
        if (rows.length == 0) {
            return new float[0][];
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, rows);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue out = result.get(0);
            return (float[][]) out.getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing ONNX session: {}", e.getMessage());
        }
    }
}
