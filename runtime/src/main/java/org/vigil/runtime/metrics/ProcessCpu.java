package org.vigil.runtime.metrics;

import java.time.Duration;

/** CPU time of this JVM and of the PostgreSQL server's processes, as the benchmarks report it beside wall time. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU this JVM has used so far, all threads; 0 where the platform does not say. */
    public static long jvmNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** CPU of the running PostgreSQL server and its backends; a backend that has exited is no longer counted. */
    public static long postgresNanos() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
