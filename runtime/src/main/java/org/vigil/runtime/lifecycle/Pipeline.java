package org.vigil.runtime.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starts stages in order and stops them in reverse order, so no stage outlives what it reads from. */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final List<Stage> started = new ArrayList<>();

    public void start(Stage stage) {
        stage.start();
        started.add(stage);
        LOG.info("Stage {} started", stage.name());
    }

    /**
     * Stops the running stage named like {@code fresh} and starts {@code fresh} in its place: a stage crash and
     * restart, as operators and the fault tests do it.
     */
    public void replace(Stage fresh) {
        for (int i = 0; i < started.size(); i++) {
            Stage old = started.get(i);
            if (old.name().equals(fresh.name())) {
                old.close();
                fresh.start();
                started.set(i, fresh);
                LOG.info("Stage {} restarted", fresh.name());
                return;
            }
        }
        throw new IllegalArgumentException("No running stage named " + fresh.name());
    }

    public Health health() {
        Map<String, Boolean> components = new LinkedHashMap<>();
        started.forEach(stage -> components.put(stage.name(), stage.healthy()));
        return new Health(components);
    }

    @Override
    public void close() {
        List<Stage> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (Stage stage : reversed) {
            try {
                stage.close();
                LOG.info("Stage {} stopped", stage.name());
            } catch (RuntimeException e) {
                LOG.error("Stage {} did not stop cleanly: {}", stage.name(), e.getClass().getSimpleName());
            }
        }
        started.clear();
    }
}
