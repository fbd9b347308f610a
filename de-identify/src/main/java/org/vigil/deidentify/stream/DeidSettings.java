package org.vigil.deidentify.stream;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.CaseInsensitiveValidString;
import org.apache.kafka.common.config.ConfigException;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.deidentify.DeidMode;
import org.vigil.deidentify.DeidOptions;
import org.vigil.deidentify.operate.DeidKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The de-identify stage's own settings ({@code deid.*}), defined once with types, defaults and documentation. */
public final class DeidSettings {

    public static final String APPLICATION_ID = "deid.application.id";
    public static final String KEY_FILE = "deid.key.file";
    public static final String KEY_ENV = "deid.key.env";
    public static final String KEY_CREATE = "deid.key.create.if.missing";
    public static final String MODE = "deid.mode";
    public static final String SAFE_LIST = "deid.safelist";
    public static final String MAX_NOTE_CHARS = "deid.max.note.chars";
    public static final String NOTE_TIMEOUT_MS = "deid.note.timeout.ms";
    public static final String SHIFT_MAX_DAYS = "deid.date.shift.max.days";
    public static final String PRESERVE_WEEKDAY = "deid.date.preserve.weekday";
    public static final String STREAM_THREADS = "deid.stream.threads";

    private DeidSettings() {
    }

    /** Adds the stage's settings to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(APPLICATION_ID, Type.STRING, "vigil-deidentify", Importance.MEDIUM,
                        "Kafka Streams application id (consumer group and transactional-id prefix) of the de-identify stage.")
                .define(KEY_FILE, Type.STRING, "", Importance.HIGH,
                        "File holding the de-identification key (base64 or hex, at least 32 bytes). Pseudonyms, surrogates and "
                                + "date shifts are keyed HMAC-SHA256 under it. Takes precedence over " + KEY_ENV + ".")
                .define(KEY_ENV, Type.STRING, "DEID_KEY", Importance.HIGH,
                        "Name of the environment variable holding the de-identification key when " + KEY_FILE + " is empty. "
                                + "Deliberately not VIGIL_*: those variables become settings, and the key must not sit in the configuration.")
                .define(KEY_CREATE, Type.BOOLEAN, false, Importance.LOW,
                        "Create a random key in " + KEY_FILE + " if the file does not exist (embedded demo only; production "
                                + "keys are provisioned and backed up, as losing the key breaks pseudonym continuity).")
                .define(MODE, Type.STRING, DeidMode.SURROGATE.name(),
                        CaseInsensitiveValidString.in(DeidMode.SURROGATE.name(), DeidMode.TAG.name()), Importance.MEDIUM,
                        "surrogate: realistic, per-patient consistent replacements; tag: category tags such as [NAME] for "
                                + "audits (either case).")
                .define(SAFE_LIST, Type.BOOLEAN, true, Importance.MEDIUM,
                        "The residual check: also remove words in a name position that no vocabulary explains (a "
                        + "capitalised word outside the safe vocabulary and the dictionary, an unknown word in a name "
                        + "slot of a note without capitals, a name with digits appended). Set false for the "
                        + "recognizers alone.")
                .define(MAX_NOTE_CHARS, Type.INT, DeidOptions.DEFAULT_MAX_NOTE_CHARS, Range.atLeast(1), Importance.MEDIUM,
                        "Notes longer than this many characters are quarantined (OVERSIZE).")
                .define(NOTE_TIMEOUT_MS, Type.LONG, DeidOptions.DEFAULT_TIMEOUT_MILLIS, Range.atLeast(1), Importance.MEDIUM,
                        "Time budget per note; a note that takes longer is quarantined (TIMEOUT).")
                .define(SHIFT_MAX_DAYS, Type.INT, DeidOptions.DEFAULT_SHIFT_DAYS, Range.between(7, 3650), Importance.MEDIUM,
                        "Each patient's dates move by a keyed number of days within [-max, max], never 0.")
                .define(PRESERVE_WEEKDAY, Type.BOOLEAN, false, Importance.LOW,
                        "Shift dates by whole weeks so weekdays are kept.")
                .define(STREAM_THREADS, Type.INT, 1, Range.between(1, 64), Importance.LOW,
                        "Kafka Streams threads of this instance.");
    }

    /** The engine options the settings describe. */
    public static DeidOptions options(VigilConfig config) {
        return new DeidOptions(DeidMode.parse(config.getString(MODE)), config.getBoolean(SAFE_LIST),
                config.getInt(MAX_NOTE_CHARS), config.getLong(NOTE_TIMEOUT_MS), config.getInt(SHIFT_MAX_DAYS),
                config.getBoolean(PRESERVE_WEEKDAY));
    }

    /** Loads the key from the file, or from the named environment variable; fails closed if there is none. */
    public static DeidKey key(VigilConfig config, Map<String, String> env) {
        String file = config.getString(KEY_FILE);
        if (!file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.exists(path) && config.getBoolean(KEY_CREATE)) {
                return DeidKey.createFile(path);
            }
            return DeidKey.fromFile(path);
        }
        String variable = config.getString(KEY_ENV);
        if (variable.isBlank() || env.get(variable) == null) {
            throw new ConfigException("No de-identification key: set " + KEY_FILE + " or the environment variable named by "
                    + KEY_ENV + " (" + variable + ")");
        }
        return DeidKey.fromEnvironment(variable, env);
    }
}
