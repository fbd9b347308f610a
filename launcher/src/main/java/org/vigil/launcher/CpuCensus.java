package org.vigil.launcher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the benchmark's CPU time went: thread CPU time of this JVM grouped by the part of the pipeline that owns
 * the thread (by thread name), plus the PostgreSQL processes, so a throughput figure comes with its cause.
 */
final class CpuCensus {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();
    private final long startPostgres;
    private final long startWall = System.nanoTime();

    private CpuCensus() {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null) {
                startNanos.put(t.getThreadId(), Math.max(0, threads.getThreadCpuTime(t.getThreadId())));
            }
        }
        startPostgres = postgresNanos();
    }

    static CpuCensus start() {
        return new CpuCensus();
    }

    double wallSeconds() {
        return (System.nanoTime() - startWall) / 1e9;
    }

    /** CPU seconds per part since start, largest first. */
    Map<String, String> spentByPart() {
        Map<String, Long> nanos = new HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(t.getThreadId());
            if (now > 0) {
                nanos.merge(part(t.getThreadName()), now - startNanos.getOrDefault(t.getThreadId(), 0L), Long::sum);
            }
        }
        nanos.put("postgres", postgresNanos() - startPostgres);
        Map<String, String> out = new LinkedHashMap<>();
        nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), String.format("%.1f", e.getValue() / 1e9)));
        return out;
    }

    private static String part(String thread) {
        if (thread.startsWith("vigil-deidentify")) {
            return "de-identify";
        } else if (thread.startsWith("vigil-inference")) {
            return "inference";
        } else if (thread.startsWith("vigil-sink")) {
            return "sink";
        } else if (thread.startsWith("schema-registry")) {
            return "registry";
        } else if (thread.equals("main") || thread.startsWith("kafka-producer-network-thread | producer-")
                || thread.startsWith("pool-")) {
            return "bench driver";
        } else if (thread.startsWith("data-plane") || thread.startsWith("kafka-") || thread.startsWith("Txn")
                || thread.startsWith("AddPartitions") || thread.contains("coordinator") || thread.startsWith("quorum")
                || thread.startsWith("broker-") || thread.startsWith("ExpirationReaper")
                || thread.startsWith("LogDirFailureHandler") || thread.startsWith("controller-")) {
            return thread.startsWith("kafka-producer-network-thread | vigil") ? "stage producers" : "kafka broker";
        }
        return "other";
    }

    private static long postgresNanos() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
