package org.vigil.inference.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
        int width = rows[0].length;
        // One flat direct buffer: createTensor(float[][]) copies element by element and is far slower.
        FloatBuffer flat = buffer(rows.length * width);
        for (float[] row : rows) {
            flat.put(row);
        }
        flat.rewind();
        try (OnnxTensor input = OnnxTensor.createTensor(env, flat, new long[] {rows.length, width});
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            OnnxValue out = result.get(0);
            if (out instanceof OnnxTensor t) {
                FloatBuffer probs = t.getFloatBuffer();
                int labels = probs.remaining() / rows.length;
                float[][] res = new float[rows.length][labels];
                for (float[] r : res) {
                    probs.get(r);
                }
                return res;
            }
            return (float[][]) out.getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed: " + e.getMessage(), e);
        }
    }

    /** A per-thread direct buffer, reused: allocating tens of MB of direct memory per batch stalls on GC. */
    private final ThreadLocal<FloatBuffer> buffers = new ThreadLocal<>();

    private FloatBuffer buffer(int floats) {
        FloatBuffer b = buffers.get();
        if (b == null || b.capacity() < floats) {
            b = ByteBuffer.allocateDirect(Math.max(floats, 1 << 16) * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            buffers.set(b);
        }
        b.clear();
        b.limit(floats);
        return b;
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
