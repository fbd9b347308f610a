package org.vigil.ingest;

import org.apache.kafka.common.config.ConfigException;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.secret.KeyedHash;
import org.vigil.runtime.secret.Secret;

import java.nio.file.Path;
import java.util.Map;

/**
 * The keyed hash that stands for a file name or a FHIR resource id in ingest's logs and dead letters: {@code #}
 * and the first 16 hex characters of HMAC-SHA256 under ingest's own key (not de-identify's pseudonym key, so that
 * neither stage's key reveals the other's hashes). Whoever holds the key can tell which file a dead letter came
 * from by hashing the candidates; nobody else can.
 */
public final class LocationHash {

    static final String PURPOSE = "ingest location key";
    private static final String DOMAIN = "ingest-location";

    private final KeyedHash hash;

    public LocationHash(Secret key) {
        this.hash = new KeyedHash(key);
    }

    /** The key from {@code ingest.location.key.file}, else the environment variable named, else the data folder's. */
    public static LocationHash from(VigilConfig config, Map<String, String> env) {
        String file = config.getString(IngestSettings.LOCATION_KEY_FILE);
        String variable = config.getString(IngestSettings.LOCATION_KEY_ENV);
        try {
            if (!file.isBlank()) {
                return new LocationHash(Secret.fromFile(PURPOSE, Path.of(file)));
            }
            if (!variable.isBlank() && env.get(variable) != null) {
                return new LocationHash(Secret.fromEnvironment(PURPOSE, variable, env));
            }
            return new LocationHash(Secret.fromFileCreatingIt(PURPOSE, defaultFile(config)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.isBlank() ? IngestSettings.LOCATION_KEY_ENV : IngestSettings.LOCATION_KEY_FILE,
                    file.isBlank() ? variable : file, e.getMessage());
        }
    }

    /** Where the key lives when no file or variable names one: created at random on first start. */
    public static Path defaultFile(VigilConfig config) {
        return config.dataDir().resolve("ingest").resolve("location.key");
    }

    /** {@code #} and 16 hex characters standing for {@code name}. */
    public String of(String name) {
        return "#" + hash.label(16, DOMAIN, name);
    }

    /** A file's name as logs may show it: hashed, its extension kept. */
    public String file(Path file) {
        return SourceLocation.file(file.getFileName().toString()).masked(this);
    }
}
