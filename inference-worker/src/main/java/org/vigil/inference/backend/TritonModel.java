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
import java.time.Duration;

/**
 * The candidate model served by a remote Triton Inference Server, over the KServe v2 inference protocol
 * (HTTP/JSON): {@code POST /v2/models/<name>/infer} with one FP32 input tensor of shape [rows, features] and the
 * output tensor's probabilities read back. Time-outs, connection failures and 5xx/429 answers are
 * {@link BackendUnavailableException}s, for the caller's retries, breaker and fallback.
 */
public final class TritonModel implements CandidateModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI inferUri;
    private final URI baseUrl;
    private final ModelManifest manifest;
    private final Duration timeout;

    public TritonModel(URI baseUrl, String modelName, ModelManifest manifest, Duration timeout) {
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
        HttpRequest request = HttpRequest.newBuilder(inferUri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(rows))).build();
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
        return parse(response.body(), rows.length);
    }

    /** The KServe v2 request, streamed: rows of thousands of mostly-zero features make a large body. */
    private byte[] body(float[][] rows) {
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
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            g.writeStartObject();
            g.writeStringField("name", manifest.outputName());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the inference request", e);
        }
        return out.toByteArray();
    }

    private float[][] parse(byte[] body, int rows) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode output = null;
            for (JsonNode o : root.path("outputs")) {
                if (o.path("name").asText().equals(manifest.outputName()) || output == null) {
                    output = o;
                }
            }
            if (output == null) {
                throw new IllegalStateException("triton answer has no outputs");
            }
            JsonNode shape = output.path("shape");
            int width = shape.size() == 2 ? shape.get(1).asInt() : output.path("data").size() / rows;
            if (shape.size() == 2 && shape.get(0).asInt() != rows) {
                throw new IllegalStateException("triton returned " + shape.get(0).asInt() + " rows for " + rows);
            }
            JsonNode data = output.path("data");
            float[][] out = new float[rows][width];
            int k = 0;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < width; c++) {
                    out[r][c] = (float) data.get(k++).asDouble();
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
