package org.vigil.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.lifecycle.Health;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Serves the Prometheus scrape endpoint ({@code /metrics}) and the health check ({@code /health}: 200 when
 * healthy, 503 otherwise) over the JDK's HTTP server, on the address {@code metrics.host} names: loopback unless
 * a deployment opens it to its Prometheus.
 */
public final class MetricsServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    private MetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /** A Prometheus registry with JVM metrics bound, for one process. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /** Serves on loopback at {@code port} (0: a free one), as the embedded pipeline and tests need. */
    public static MetricsServer start(PrometheusMeterRegistry registry, int port, Supplier<Health> health) {
        return start(registry, LOOPBACK, port, health);
    }

    /** Serves at the stage's {@code metrics.host} and {@code metrics.port}. */
    public static MetricsServer start(PrometheusMeterRegistry registry, VigilConfig config, Supplier<Health> health) {
        return start(registry, config.getString(VigilConfig.METRICS_HOST), config.getInt(VigilConfig.METRICS_PORT), health);
    }

    /** Serves at {@code host} (an address or a name), {@code port} (0: a free one). */
    public static MetricsServer start(PrometheusMeterRegistry registry, String host, int port, Supplier<Health> health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            MetricsServer metrics = new MetricsServer(registry, server);
            metrics.gcMetrics.bindTo(registry);
            server.createContext("/metrics", exchange -> respond(exchange, 200,
                    "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.createContext("/health", exchange -> {
                Health h = health.get();
                respond(exchange, h.healthy() ? 200 : 503, "application/json", h.toJson());
            });
            server.start();
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the metrics endpoint on " + host + " port " + port, e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The scrape URL: the bound address, or loopback when bound to every interface. */
    public URI url() {
        InetAddress bound = server.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? LOOPBACK : bound.getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getAddress().getPort() + "/metrics");
    }

    /** The address and port served. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
        gcMetrics.close();
    }
}
