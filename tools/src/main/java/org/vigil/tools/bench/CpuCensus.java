package org.vigil.tools.bench;

import org.vigil.runtime.metrics.ProcessCpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
    private final long startProcess = ProcessCpu.jvmNanos();
    private final Map<String, Map<String, Long>> startVm = vmThreadNanos();
    private final long startWall = System.nanoTime();

    private CpuCensus() {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null) {
                startNanos.put(t.getThreadId(), Math.max(0, threads.getThreadCpuTime(t.getThreadId())));
            }
        }
        startPostgres = ProcessCpu.postgresNanos();
    }

    static CpuCensus start() {
        return new CpuCensus();
    }

    double wallSeconds() {
        return (System.nanoTime() - startWall) / 1e9;
    }

    /** CPU seconds per part since start, largest first. */
    Map<String, String> spentByPart() {
        Map<String, String> out = new LinkedHashMap<>();
        nanosByPart().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), String.format("%.1f", e.getValue() / 1e9)));
        return out;
    }

    /** CPU seconds the JIT compiler threads spent since start. */
    double jitSeconds() {
        return nanosByPart().getOrDefault("JIT", 0L) / 1e9;
    }

    private Map<String, Long> nanosByPart() {
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
        // The JIT compiler and GC threads are hidden from ThreadMXBean: they are what the process spent beyond its
        // visible threads (threads that ended during the run land here too, and there are none in a bench run).
        long visible = nanos.values().stream().mapToLong(Long::longValue).sum();
        long hidden = Math.max(0, ProcessCpu.jvmNanos() - startProcess - visible);
        Map<String, Map<String, Long>> vm = vmThreadNanos();
        for (Map.Entry<String, Map<String, Long>> part : vm.entrySet()) {
            // Per thread, since the JVM starts and stops compiler threads as its queue grows and shrinks.
            Map<String, Long> before = startVm.getOrDefault(part.getKey(), Map.of());
            long spent = part.getValue().entrySet().stream()
                    .mapToLong(t -> t.getValue() - before.getOrDefault(t.getKey(), 0L)).sum();
            spent = Math.max(0, Math.min(hidden, spent));
            nanos.put(part.getKey(), spent);
            hidden -= spent;
        }
        nanos.put(vm.isEmpty() ? "JIT and GC" : "JVM other", hidden);
        nanos.put("postgres", ProcessCpu.postgresNanos() - startPostgres);
        return nanos;
    }

    private static String part(String thread) {
        if (thread.startsWith("vigil-deidentify")) {
            return "deidentify";
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

    /**
     * CPU of the JVM's own threads (JIT compilers, garbage collector), which ThreadMXBean does not list, by part and
     * thread id, from /proc/self/task; empty where there is no /proc.
     */
    private static Map<String, Map<String, Long>> vmThreadNanos() {
        Map<String, Map<String, Long>> out = new HashMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) dirs::iterator) {
                try {
                    String comm = java.nio.file.Files.readString(task.resolve("comm")).strip();
                    String part = comm.matches("C[12] CompilerThre.*") ? "JIT"
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "GC" : null;
                    if (part == null) {
                        continue;
                    }
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // utime and stime (fields 14 and 15 of stat) in clock ticks, 100 per second on Linux.
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    out.computeIfAbsent(part, k -> new HashMap<>()).put(task.getFileName().toString(), ticks * 10_000_000L);
                } catch (java.io.IOException | RuntimeException e) {
                    // A thread that ended between listing and reading has nothing more to count.
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }
}
