package org.vigil.runtime.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.lifecycle.Health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsServerTest {

    private static Health healthy() {
        return new Health(Map.of("test", true));
    }

    private static VigilConfig config(Map<String, Object> values) {
        return new VigilConfig(VigilConfig.common(), values);
    }

    @Test
    void bindsLoopbackUnlessMetricsHostSaysOtherwise() throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        registry.counter("vigil.test.scraped").increment();
        try (MetricsServer metrics = MetricsServer.start(registry, config(Map.of(VigilConfig.METRICS_PORT, 0)), MetricsServerTest::healthy)) {
            assertThat(metrics.address().getAddress().isLoopbackAddress()).as("bound to %s", metrics.address()).isTrue();
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.url()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("vigil_test_scraped_total 1.0");
        }
        try (MetricsServer metrics = MetricsServer.start(registry, config(Map.of(VigilConfig.METRICS_PORT, 0,
                VigilConfig.METRICS_HOST, "0.0.0.0")), MetricsServerTest::healthy)) {
            assertThat(metrics.address().getAddress().isAnyLocalAddress()).as("bound to %s", metrics.address()).isTrue();
            assertThat(metrics.url()).isEqualTo(URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics"));
        }
    }

    @Test
    void theEmbeddedPipelinesPortOnlyStartServesLoopbackToo() {
        try (MetricsServer metrics = MetricsServer.start(MetricsServer.newRegistry(), 0, MetricsServerTest::healthy)) {
            assertThat(metrics.address().getAddress().isLoopbackAddress()).isTrue();
        }
    }
}
