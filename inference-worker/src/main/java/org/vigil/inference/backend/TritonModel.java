package org.vigil.inference.backend;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.inference.model.CandidateModel;
import org.vigil.inference.model.ModelManifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;

/**
 * The candidate model served by a remote Triton Inference Server, over the KServe v2 inference protocol:
 * {@code POST /v2/models/<name>/infer} with one FP32 input tensor of shape [rows, features] and the output tensor's
 * probabilities read back. Tensors travel either as JSON numbers or, with Triton's binary tensor data extension, as
 * little-endian bytes after a JSON header whose length the {@code Inference-Header-Content-Length} header gives: four
 * bytes a value instead of a number to print and parse. Time-outs, connection failures and 5xx/429 answers are
 * {@link BackendUnavailableException}s, for the caller's retries, breaker and fallback.
 */
public final class TritonModel implements CandidateModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Triton's header for the length of the JSON part of a request or answer that carries binary tensors. */
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";

    /** How tensor values travel. */
    public enum Tensors {
        /** JSON numbers in the "data" arrays: any KServe v2 server. */
        JSON,
        /** Triton's binary tensor data extension. */
        BINARY
    }

    private final HttpClient http;
    private final URI inferUri;
    private final URI baseUrl;
    private final ModelManifest manifest;
    private final Duration timeout;
    private final Tensors tensors;

    public TritonModel(URI baseUrl, String modelName, ModelManifest manifest, Duration timeout, Tensors tensors) {
        this.tensors = tensors;
        this.baseUrl = baseUrl;
        this.inferUri = baseUrl.resolve("/v2/models/" + modelName + "/infer");
        this.manifest = manifest;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public float[][] predict(float[][] rows) {
        if (rows.length == 0) {
            return new float[0][];
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(inferUri).timeout(timeout);
        if (tensors == Tensors.BINARY) {
            byte[] header = header(rows, true);
            byte[] values = littleEndian(rows);
            byte[] body = Arrays.copyOf(header, header.length + values.length);
            System.arraycopy(values, 0, body, header.length, values.length);
            builder.header("Content-Type", "application/octet-stream")
                    .header(HEADER_LENGTH, Integer.toString(header.length))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(header(rows, false)));
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new BackendUnavailableException("triton timed out after " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new BackendUnavailableException("triton not reachable at " + baseUrl, e);
        } catch (IOException e) {
            throw new BackendUnavailableException("triton request failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            throw new BackendUnavailableException("triton answered HTTP " + status);
        }
        if (status != 200) {
            throw new IllegalStateException("triton refused the request: HTTP " + status + " " + error(response.body()));
        }
        int jsonLength = response.headers().firstValue(HEADER_LENGTH).map(TritonModel::length)
                .orElse(response.body().length);
        return parse(response.body(), jsonLength, rows.length);
    }

    private static int length(String header) {
        try {
            return Integer.parseInt(header.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("triton answer has an unreadable " + HEADER_LENGTH);
        }
    }

    /** The values row after row, four little-endian bytes each, as the binary tensor extension carries FP32. */
    private static byte[] littleEndian(float[][] rows) {
        ByteBuffer out = ByteBuffer.allocate(rows.length * rows[0].length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                out.putFloat(v);
            }
        }
        return out.array();
    }

    /**
     * The KServe v2 request, streamed: rows of thousands of mostly-zero features make a large body. With binary
     * tensors it is the JSON part only: the input's size in bytes instead of its data, and the output asked for in
     * binary too.
     */
    private byte[] header(float[][] rows, boolean binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.length * rows[0].length * 2);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("inputs");
            g.writeStartObject();
            g.writeStringField("name", manifest.inputName());
            g.writeArrayFieldStart("shape");
            g.writeNumber(rows.length);
            g.writeNumber(rows[0].length);
            g.writeEndArray();
            g.writeStringField("datatype", "FP32");
            if (binary) {
                g.writeObjectFieldStart("parameters");
                g.writeNumberField("binary_data_size", (long) rows.length * rows[0].length * Float.BYTES);
                g.writeEndObject();
            } else {
                g.writeArrayFieldStart("data");
                for (float[] row : rows) {
                    for (float v : row) {
                        if (v == 0f) {
                            g.writeNumber(0);
                        } else {
                            g.writeNumber(v);
                        }
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            g.writeStartObject();
            g.writeStringField("name", manifest.outputName());
            if (binary) {
                g.writeObjectFieldStart("parameters");
                g.writeBooleanField("binary_data", true);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the inference request", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the output tensor from the answer's JSON part ({@code jsonLength} bytes) and, where an output says it
     * has {@code binary_data_size}, from the bytes after it, each binary output's in the order the outputs are listed.
     */
    private float[][] parse(byte[] body, int jsonLength, int rows) {
        if (jsonLength < 0 || jsonLength > body.length) {
            throw new IllegalStateException("triton answer is shorter than its JSON header says");
        }
        try {
            JsonNode root = JSON.readTree(body, 0, jsonLength);
            JsonNode output = null;
            int binaryOffset = jsonLength;
            int outputOffset = -1;
            for (JsonNode o : root.path("outputs")) {
                boolean wanted = o.path("name").asText().equals(manifest.outputName()) || output == null;
                if (wanted) {
                    output = o;
                    outputOffset = binaryOffset;
                }
                binaryOffset += o.path("parameters").path("binary_data_size").asInt(0);
            }
            if (output == null) {
                throw new IllegalStateException("triton answer has no outputs");
            }
            if (binaryOffset != body.length) {
                throw new IllegalStateException("triton answer carries " + (body.length - jsonLength)
                        + " bytes of binary tensors where its outputs declare " + (binaryOffset - jsonLength));
            }
            JsonNode shape = output.path("shape");
            int binarySize = output.path("parameters").path("binary_data_size").asInt(-1);
            int values = binarySize >= 0 ? binarySize / Float.BYTES : output.path("data").size();
            int width = shape.size() == 2 ? shape.get(1).asInt() : values / rows;
            if (shape.size() == 2 && shape.get(0).asInt() != rows) {
                throw new IllegalStateException("triton returned " + shape.get(0).asInt() + " rows for " + rows);
            }
            if (values != rows * width) {
                throw new IllegalStateException("triton returned " + values + " values for shape " + rows + "x" + width);
            }
            float[][] out = new float[rows][width];
            if (binarySize >= 0) {
                if (!"FP32".equals(output.path("datatype").asText())) {
                    throw new IllegalStateException("triton returned " + output.path("datatype").asText() + ", not FP32");
                }
                ByteBuffer data = ByteBuffer.wrap(body, outputOffset, binarySize)
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (float[] row : out) {
                    for (int c = 0; c < width; c++) {
                        row[c] = data.getFloat();
                    }
                }
            } else {
                JsonNode data = output.path("data");
                int k = 0;
                for (float[] row : out) {
                    for (int c = 0; c < width; c++) {
                        row[c] = (float) data.get(k++).asDouble();
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable triton answer", e);
        }
    }

    private static String error(byte[] body) {
        try {
            return JSON.readTree(body).path("error").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String device() {
        return "triton " + baseUrl;
    }
}
