package org.vigil.tools.demo;

import org.vigil.launcher.StageKind;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.vigil.ingest.IngestStage;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.embedded.EmbeddedPlatform;
import org.vigil.runtime.lifecycle.Pipeline;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.runtime.metrics.MetricsServer;
import org.vigil.sink.SinkStage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole pipeline in one JVM: the embedded platform (broker, registry, PostgreSQL) and the de-identify,
 * inference and sink stages connected to it. Ingest runs on demand through {@link #ingest(Map)}.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private final EmbeddedPlatform platform;
    private final PrometheusMeterRegistry meters;
    private final Pipeline stages = new Pipeline();
    private final Map<String, Object> baseSettings;
    private MetricsServer metricsServer;
    private SinkStage sink;

    private EmbeddedPipeline(EmbeddedPlatform platform, PrometheusMeterRegistry meters, Map<String, Object> baseSettings) {
        this.platform = platform;
        this.meters = meters;
        this.baseSettings = baseSettings;
    }

    /**
     * Starts the platform and the downstream stages. {@code overrides} are stage settings (e.g. deid.mode) applied
     * on top of the platform's; the de-identification key is generated into the data directory when none is given.
     */
    public static EmbeddedPipeline start(Path dataDir, int partitions, Map<String, Object> overrides) {
        EmbeddedPlatform platform = EmbeddedPlatform.start(dataDir, partitions);
        Map<String, Object> settings = new HashMap<>(platform.settings(dataDir));
        settings.put(VigilConfig.METRICS_PORT, 0);
        settings.put("deid.key.file", demoKey(dataDir).toString());
        settings.put("sink.http.port", 0);
        settings.putAll(overrides);
        EmbeddedPipeline pipeline = new EmbeddedPipeline(platform, MetricsServer.newRegistry(), settings);
        try {
            pipeline.startStages();
            pipeline.metricsServer = MetricsServer.start(pipeline.meters, 0, pipeline.stages::health);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startStages() {
        stages.start(create(StageKind.DEIDENTIFY));
        stages.start(create(StageKind.INFERENCE));
        sink = (SinkStage) create(StageKind.SINK);
        stages.start(sink);
    }

    private Stage create(StageKind kind) {
        return kind.create(new VigilConfig(kind.definition(), baseSettings), meters);
    }

    /** Stops a downstream stage mid-stream and starts a fresh instance of it, as a crash and restart would. */
    public void restart(StageKind kind) {
        Stage fresh = create(kind);
        stages.replace(fresh);
        if (fresh instanceof SinkStage s) {
            sink = s;
        }
    }

    /** Runs one ingest source to completion against the embedded broker; returns the stage for its counts. */
    public IngestStage ingest(Map<String, Object> ingestSettings) {
        Map<String, Object> settings = new HashMap<>(baseSettings);
        settings.putAll(ingestSettings);
        IngestStage ingest = (IngestStage) StageKind.INGEST.create(new VigilConfig(StageKind.INGEST.definition(), settings), meters);
        ingest.start();
        return ingest;
    }

    private static Path demoKey(Path dataDir) {
        // A key for the embedded demo only; production reads its key from deid.key.file or deid.key.env.
        Path key = dataDir.resolve("deid.key");
        try {
            if (!Files.exists(key)) {
                Files.createDirectories(dataDir);
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(key, java.util.HexFormat.of().formatHex(bytes));
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo key", e);
        }
    }

    public EmbeddedPlatform platform() {
        return platform;
    }

    /** The de-identification key this pipeline's de-identify stage reads. */
    public Path keyFile() {
        return Path.of(baseSettings.get("deid.key.file").toString());
    }

    /** Partitions of the pipeline topics. */
    public int partitions() {
        return Integer.parseInt(String.valueOf(baseSettings.get(VigilConfig.TOPIC_PARTITIONS)));
    }

    public URI metricsUrl() {
        return metricsServer.url();
    }

    public SinkStage sink() {
        return sink;
    }

    public boolean healthy() {
        return stages.health().healthy();
    }

    @Override
    public void close() {
        try {
            stages.close();
        } finally {
            if (metricsServer != null) {
                metricsServer.close();
            }
            platform.close();
        }
    }
}
