package org.vigil.tools.demo;

import org.vigil.embedded.EmbeddedPlatform;
import org.vigil.runtime.config.VigilConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What another {@code vigil ingest} or {@code vigil run} needs to join a serving demo: the broker, the registry,
 * PostgreSQL and the de-identification key, written as a properties file for {@code --config} and printed.
 */
final class JoinSettings {

    static final String FILE = "join.properties";

    private final Map<String, String> settings;

    private JoinSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * The platform's addresses, with the key file so that a joined de-identify gives the same pseudonyms. Not the
     * data directory: two processes cannot share Kafka Streams state.
     */
    static JoinSettings of(EmbeddedPipeline pipeline) {
        EmbeddedPlatform platform = pipeline.platform();
        Map<String, String> s = new LinkedHashMap<>();
        s.put(VigilConfig.BOOTSTRAP_SERVERS, platform.broker().bootstrapServers());
        s.put(VigilConfig.SCHEMA_REGISTRY_URL, platform.registry().url().toString());
        s.put(VigilConfig.TOPIC_PARTITIONS, String.valueOf(pipeline.partitions()));
        s.put("postgres.url", platform.postgres().jdbcUrl());
        s.put("postgres.user", platform.postgres().user());
        s.put("postgres.password", platform.postgres().password());
        s.put("deid.key.file", pipeline.keyFile().toAbsolutePath().toString());
        return new JoinSettings(s);
    }

    Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /** Writes {@link #FILE} into {@code dir} and prints the addresses and how to use them. */
    Path writeAndPrint(Path dir, PrintStream out) {
        StringBuilder text = new StringBuilder("# Settings to join a running `vigil demo` (deleted with its data folder).\n");
        settings.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = dir.resolve(FILE);
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        out.printf("Join this pipeline while it runs (settings in %s):%n", file);
        out.printf("  Kafka bootstrap servers  %s (plain text, this machine only)%n", settings.get(VigilConfig.BOOTSTRAP_SERVERS));
        out.printf("  Schema registry URL      %s%n", settings.get(VigilConfig.SCHEMA_REGISTRY_URL));
        out.printf("  PostgreSQL JDBC URL      %s (user %s, no password: the embedded server trusts connections "
                + "from this machine and listens on it only)%n", settings.get("postgres.url"), settings.get("postgres.user"));
        out.printf("  e.g. ./vigil ingest fhir --config %s PATH%n", file);
        out.printf("       ./vigil run inference --config %s%n", file);
        return file;
    }
}
