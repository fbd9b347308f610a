package org.vigil.tools.bench;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the in-process broker was asked to do during the benchmark: its own request counters (the
 * {@code kafka.network:type=RequestMetrics,name=RequestsPerSec} beans, summed over API versions), as differences
 * from the start, so that the broker's share of the CPU comes with the requests that caused it.
 */
final class RequestCensus {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, Long> start;

    private RequestCensus() {
        start = counts();
    }

    static RequestCensus start() {
        return new RequestCensus();
    }

    /** Requests per API since start, most frequent first; empty when the broker runs elsewhere. */
    Map<String, Long> since() {
        Map<String, Long> now = counts();
        Map<String, Long> out = new LinkedHashMap<>();
        now.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                Object count = server.getAttribute(name, "Count");
                if (count instanceof Number n) {
                    counts.merge(name.getKeyProperty("request"), n.longValue(), Long::sum);
                }
            }
        } catch (javax.management.JMException e) {
            // Counters are a diagnosis, never the result: a broker without them leaves the line empty.
        }
        return counts;
    }
}
