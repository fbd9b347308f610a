package org.vigil.runtime.lifecycle;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Whether each running component is healthy, as the /health endpoint reports it. */
public record Health(Map<String, Boolean> components) {

    public Health {
        components = Map.copyOf(components);
    }

    public boolean healthy() {
        return components.values().stream().allMatch(Boolean::booleanValue);
    }

    public String toJson() {
        return new TreeMap<>(components).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + (e.getValue() ? "UP" : "DOWN") + "\"")
                .collect(Collectors.joining(",", "{\"status\":\"" + (healthy() ? "UP" : "DOWN") + "\",\"components\":{", "}}"));
    }
}
