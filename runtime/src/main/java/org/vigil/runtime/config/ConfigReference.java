package org.vigil.runtime.config;

import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/** Renders configuration definitions as the Markdown reference shipped in docs/configuration.md. */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** One section per stage, in the order given, each a table of name, type, default, valid values and doc. */
    public static String markdown(Map<String, ConfigDef> sections) {
        StringBuilder out = new StringBuilder("# Configuration reference\n\n")
                .append("Generated from the stages' ConfigDef definitions by `vigil config --reference`; ")
                .append("a test fails when this file is stale.\n")
                .append("Settings come from `--config FILE` (properties), environment variables `VIGIL_<NAME>` ")
                .append("(dots as underscores) and `--set name=value`, in rising precedence. ")
                .append("Settings prefixed `kafka.` are passed to every Kafka client as they are.\n");
        sections.forEach((stage, def) -> {
            out.append("\n## ").append(stage).append("\n\n")
                    .append("| Name | Type | Default | Valid values | Importance | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : def.configKeys().values().stream()
                    .sorted(java.util.Comparator.comparing((ConfigDef.ConfigKey k) -> k.name)).toList()) {
                out.append("| `").append(key.name).append("` | ")
                        .append(key.type.name().toLowerCase()).append(" | ")
                        .append(defaultOf(key)).append(" | ")
                        .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                        .append(key.importance.name().toLowerCase()).append(" | ")
                        .append(escape(key.documentation)).append(" |\n");
            }
        });
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value.isEmpty() ? "\"\"" : "`" + escape(value) + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
