package org.vigil.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where settings come from, in rising precedence: a properties file, environment variables named
 * {@code VIGIL_<SETTING>} (dots as underscores, e.g. VIGIL_BOOTSTRAP_SERVERS), then command-line overrides.
 */
public final class ConfigSource {

    private static final String ENV_PREFIX = "VIGIL_";

    private ConfigSource() {
    }

    public static Map<String, Object> load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>();
        file.ifPresent(path -> values.putAll(readProperties(path)));
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        values.putAll(overrides);
        return values;
    }

    private static Map<String, Object> readProperties(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + path, e);
        }
        Map<String, Object> values = new HashMap<>();
        props.forEach((k, v) -> values.put(k.toString(), v.toString()));
        return values;
    }
}
