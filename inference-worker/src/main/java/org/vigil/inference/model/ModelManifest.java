package org.vigil.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One model folder's {@code manifest.json}: id and version (written into every signal the model produces), the
 * ONNX file, the featurizer (type, version, buckets, window), the feature index (model input column -> hash bucket)
 * and the labels in model output order. Dropping in another model means writing another folder with a manifest.
 */
public record ModelManifest(String id, String version, byte[] onnx, String featurizerType, int featurizerVersion,
                            int buckets, int window, int[] inputBuckets, List<String> labels, String inputName,
                            String outputName, String trainedOn) {

    public static final String SHIPPED = "/org/vigil/inference/model/vigil-context-lr/";
    /** The label a model gives a candidate mention that is not a signal. */
    public static final String NO_SIGNAL = "NONE";

    /** The small model this module ships, trained by {@code vigil train} on generated notes. */
    public static ModelManifest shipped() {
        try {
            return parse(read(SHIPPED + "manifest.json"), name -> read(SHIPPED + name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped model", e);
        }
    }

    /** A model folder on disk. */
    public static ModelManifest load(Path dir) {
        try {
            return parse(Files.readAllBytes(dir.resolve("manifest.json")), name -> Files.readAllBytes(dir.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model folder " + dir, e);
        }
    }

    interface FileSource {
        byte[] read(String name) throws IOException;
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = ModelManifest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static ModelManifest parse(byte[] json, FileSource files) throws IOException {
        JsonNode m = new ObjectMapper().readTree(json);
        JsonNode f = m.path("featurizer");
        if (!f.path("type").asText().equals(ContextFeaturizer.TYPE) || f.path("version").asInt() != ContextFeaturizer.VERSION) {
            throw new IllegalArgumentException("unsupported featurizer " + f.path("type").asText() + " v"
                    + f.path("version").asInt() + "; this build has " + ContextFeaturizer.TYPE + " v" + ContextFeaturizer.VERSION);
        }
        String index = new String(files.read(m.path("featureIndex").asText()), StandardCharsets.UTF_8);
        int[] inputBuckets = index.lines().filter(l -> !l.isBlank()).mapToInt(l -> Integer.parseInt(l.trim())).toArray();
        List<String> labels = new ArrayList<>();
        m.path("labels").forEach(l -> labels.add(l.asText()));
        return new ModelManifest(m.path("id").asText(), m.path("version").asText(), files.read(m.path("model").asText()),
                f.path("type").asText(), f.path("version").asInt(), f.path("buckets").asInt(), f.path("window").asInt(),
                inputBuckets, List.copyOf(labels), m.path("input").asText("input"), m.path("output").asText("output"),
                m.path("trainedOn").asText(""));
    }

    /** Writes a model folder: manifest.json, model.onnx and features.txt. */
    public static void write(Path dir, String id, String version, byte[] onnx, int buckets, int window,
                             int[] inputBuckets, List<String> labels, String inputName, String outputName,
                             String trainedOn) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), onnx);
        StringBuilder index = new StringBuilder();
        for (int b : inputBuckets) {
            index.append(b).append('\n');
        }
        Files.writeString(dir.resolve("features.txt"), index, StandardCharsets.UTF_8);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id).put("version", version).put("model", "model.onnx").put("featureIndex", "features.txt")
                .put("input", inputName).put("output", outputName).put("trainedOn", trainedOn);
        root.putObject("featurizer").put("type", ContextFeaturizer.TYPE).put("version", ContextFeaturizer.VERSION)
                .put("buckets", buckets).put("window", window);
        labels.forEach(root.putArray("labels")::add);
        Files.writeString(dir.resolve("manifest.json"), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                StandardCharsets.UTF_8);
    }

    public ContextFeaturizer featurizer() {
        return new ContextFeaturizer(buckets, window);
    }
}
