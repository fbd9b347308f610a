package org.vigil.launcher;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.metrics.MetricsServer;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules Prometheus loads in the compose shape name only series the stages expose, as the Grafana dashboard
 * does (ComposeShapeTest): the meters the stages' code registers, spelt as Prometheus spells them, and the Kafka
 * client metrics Micrometer's binders publish over clients built with the stages' own client settings. A rule naming
 * anything else would never fire, and nobody would notice until the outage it was written for.
 *
 * <p>The series are read out of each PromQL expression by a small lexer written here: no maintained PromQL parser
 * for Java is published. It blanks strings, label matchers, ranges and grouping label lists, then keeps the
 * identifiers that are not functions, aggregations or keywords.
 */
class AlertRulesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path RULES = ROOT.resolve("deploy/prometheus/rules");
    /** Series Prometheus writes itself for every scrape target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()");
    /** A meter's name where the stages register it, after the call that gives its type. */
    private static final Pattern METER = Pattern.compile(
            "\\b(counter|timer|gauge|Counter\\.builder|Timer\\.builder|Gauge\\.builder|DistributionSummary\\.builder)"
                    + "\\(\\s*\"(vigil\\.[a-z.]+)\"");

    private static Set<String> exposed;
    private static String kafkaScrape;

    @BeforeAll
    static void seriesTheStagesExpose(@TempDir Path dataDir) throws IOException {
        Set<String> series = new TreeSet<>(PROMETHEUS_SERIES);
        series.addAll(stageMeterSeries());
        kafkaScrape = kafkaClientScrape(dataDir);
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)[{ ]").matcher(kafkaScrape);
        while (line.find()) {
            series.add(line.group(1));
        }
        exposed = series;
    }

    @Test
    void everyRuleNamesOnlySeriesTheStagesExpose() throws IOException {
        List<Map<String, Object>> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
        for (Map<String, Object> rule : rules) {
            assertThat(seriesNamedIn(String.valueOf(rule.get("expr")))).as("series of %s", rule.get("alert")).isNotEmpty();
        }
        assertThat(unexposedSeriesByAlert(rules)).isEmpty();
    }

    @Test
    void aRuleNamingAMetricNoStageRegistersIsCaught() {
        // Typos of two real series: the sink's gauge without its last letter, the lag without "_max".
        List<Map<String, Object>> planted = rulesIn("""
                groups:
                  - name: planted
                    rules:
                      - alert: SinkPausedTypo
                        expr: max by (stage) (vigil_sink_pause) == 1
                      - alert: LagWithoutMax
                        expr: max by (stage) (kafka_consumer_fetch_manager_records_lag{client_id!~".*restore-consumer"}) > 0
                      - alert: Fine
                        expr: sum by (stage) (rate(vigil_sink_deadletters_total[5m])) > 0
                """);
        assertThat(unexposedSeriesByAlert(planted)).isEqualTo(Map.of(
                "SinkPausedTypo", Set.of("vigil_sink_pause"),
                "LagWithoutMax", Set.of("kafka_consumer_fetch_manager_records_lag")));
    }

    @Test
    void readsTheSeriesOutOfAnExpressionAndNothingElse() {
        String expr = """
                sum by (stage, instance) (rate(vigil_a_total{outcome="failed", job=~"on|up"}[5m] offset 1h))
                  / on (stage) group_left (instance) max without (client_id) (deriv(kafka_b_max[15m:1m])) > 1e3
                and up{job="vigil"} == 0 or absent(vigil_c) unless histogram_quantile(0.99, vigil_d_seconds_bucket)
                """;
        assertThat(seriesNamedIn(expr)).containsExactlyInAnyOrder(
                "vigil_a_total", "kafka_b_max", "up", "vigil_c", "vigil_d_seconds_bucket");
    }

    @Test
    void theStagesExposeTheSeriesTheCheckRestsOn() {
        // Guards the two sources above: if either came back empty or misspelt, every rule would look unexposed.
        assertThat(exposed).contains("vigil_sink_paused", "vigil_deidentify_quarantined_total",
                "vigil_deidentify_duration_seconds_count", "vigil_ingest_dead_letters_total",
                "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_consumed_total",
                "kafka_producer_record_retry_total", "kafka_stream_alive_stream_threads", "jvm_memory_used_bytes");
        assertThat(exposed).doesNotContain("vigil_sink_paused_total", "vigil_notes_raw");
        // The lag rules leave Kafka Streams' restore consumer out by its client id: it must exist, and not be the
        // only consumer reporting lag.
        assertThat(kafkaScrape).containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"[^\"]*-restore-consumer\"")
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{client_id=\"[^\"]*-StreamThread-1-consumer\"");
    }

    @Test
    void everyWayThePipelineStopsHasARule() throws IOException {
        Map<String, Set<String>> seriesByAlert = new TreeMap<>();
        for (Map<String, Object> rule : rules()) {
            seriesByAlert.put((String) rule.get("alert"), seriesNamedIn(String.valueOf(rule.get("expr"))));
        }
        assertThat(seriesByAlert).containsEntry("VigilStageDown", Set.of("up"))
                .containsEntry("VigilConsumerLagGrowing", Set.of("kafka_consumer_fetch_manager_records_lag_max"))
                .containsEntry("VigilStageNotConsuming", Set.of("kafka_consumer_fetch_manager_records_consumed_total",
                        "kafka_consumer_fetch_manager_records_lag_max"))
                .containsEntry("VigilSinkPaused", Set.of("vigil_sink_paused"))
                .containsEntry("VigilQuarantineRateHigh", Set.of("vigil_deidentify_quarantined_total",
                        "vigil_deidentify_notes_total"))
                .containsEntry("VigilIngestDeadLetterRateHigh", Set.of("vigil_ingest_dead_letters_total",
                        "vigil_ingest_read_total"))
                .containsEntry("VigilInferenceDeadLetterRateHigh", Set.of("vigil_inference_deadletters_total",
                        "vigil_inference_notes_total"))
                .containsEntry("VigilSinkDeadLetterRateHigh", Set.of("vigil_sink_deadletters_total",
                        "vigil_sink_notes_written_total"))
                .containsEntry("VigilKafkaWritesRetrying", Set.of("kafka_producer_record_retry_total"));
        for (Map<String, Object> rule : rules()) {
            assertThat(rule).as("rule %s", rule.get("alert")).containsKeys("alert", "expr", "labels", "annotations");
            assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).as("severity of %s", rule.get("alert"))
                    .isIn("warning", "critical");
            assertThat(((Map<?, ?>) rule.get("annotations")).get("summary")).as("summary of %s", rule.get("alert"))
                    .isNotNull();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusLoadsEveryRulesFileComposeMounts() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> prometheus = ((Map<String, Map<String, Object>>) compose.get("services")).get("prometheus");
        assertThat((List<String>) prometheus.get("volumes"))
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                        "./deploy/prometheus/rules:/etc/prometheus/rules:ro");
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        // rule_files are relative to the configuration file's folder, /etc/prometheus in the container.
        List<String> ruleFiles = (List<String>) config.get("rule_files");
        try (Stream<Path> files = Files.list(RULES)) {
            List<Path> mounted = files.toList();
            assertThat(mounted).isNotEmpty();
            for (Path file : mounted) {
                Path inContainer = Path.of("rules", file.getFileName().toString());
                assertThat(ruleFiles.stream().anyMatch(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)
                        .matches(inContainer))).as("prometheus.yml loads %s", inContainer).isTrue();
            }
        }
    }

    /** For each alert naming series no stage exposes, those series. */
    private static Map<String, Set<String>> unexposedSeriesByAlert(List<Map<String, Object>> rules) {
        Map<String, Set<String>> unexposed = new TreeMap<>();
        for (Map<String, Object> rule : rules) {
            Set<String> missing = new TreeSet<>(seriesNamedIn(String.valueOf(rule.get("expr"))));
            missing.removeAll(exposed);
            if (!missing.isEmpty()) {
                unexposed.merge((String) rule.get("alert"), missing, (a, b) -> {
                    Set<String> both = new TreeSet<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        }
        return unexposed;
    }

    /** The metric names a PromQL expression selects. */
    static Set<String> seriesNamedIn(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(s);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1).toLowerCase())) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    private static List<Map<String, Object>> rules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path file : files.sorted().toList()) {
                rules.addAll(rulesIn(Files.readString(file)));
            }
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rulesIn(String yaml) {
        Map<String, Object> file = new Yaml().load(yaml);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    /**
     * The stages' own meters, from the calls that register them in their code, as Prometheus names them: a counter
     * gains {@code _total}, a timer {@code _seconds_count}, {@code _seconds_sum} and {@code _seconds_max}, a
     * distribution summary {@code _count}, {@code _sum} and {@code _max}. The names are read from the sources
     * because most meters are registered lazily, on the first note of their kind.
     */
    private static Set<String> stageMeterSeries() throws IOException {
        Set<String> series = new TreeSet<>();
        for (String module : List.of("runtime", "ingest", "de-identify", "inference-worker", "sink")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER.matcher(Files.readString(file));
                    while (meter.find()) {
                        String name = meter.group(2).replace('.', '_');
                        switch (meter.group(1)) {
                            case "counter", "Counter.builder" -> series.add(name + "_total");
                            case "timer", "Timer.builder" -> Stream.of("_seconds_count", "_seconds_sum", "_seconds_max")
                                    .forEach(suffix -> series.add(name + suffix));
                            case "DistributionSummary.builder" -> Stream.of("_count", "_sum", "_max")
                                    .forEach(suffix -> series.add(name + suffix));
                            default -> series.add(name);
                        }
                    }
                }
            }
        }
        return series;
    }

    /**
     * What a stage process's registry holds once its Kafka clients are bound as the stages bind them: Kafka Streams
     * with {@link KafkaStreamsMetrics} (de-identify and inference, through StreamsLifecycle), a consumer with
     * {@link KafkaClientMetrics} (the sink's consumers). The clients are built with the stages' client settings and
     * never started: their metrics exist from construction, and no broker is needed.
     */
    private static String kafkaClientScrape(Path dataDir) {
        VigilConfig config = new VigilConfig(VigilConfig.common(), Map.of(
                VigilConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9", VigilConfig.DATA_DIR, dataDir.toString()));
        PrometheusMeterRegistry meters = MetricsServer.newRegistry();
        Properties streamsSettings = new Properties();
        streamsSettings.putAll(ClientSettings.streams(config, "alert-rules-test"));
        StreamsBuilder topology = new StreamsBuilder();
        topology.stream("in").to("out");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                ClientSettings.consumer(config, "alert-rules-test"), new StringDeserializer(), new ByteArrayDeserializer());
             KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer)) {
            KafkaStreams streams = new KafkaStreams(topology.build(), streamsSettings);
            try (KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams)) {
                consumerMetrics.bindTo(meters);
                streamsMetrics.bindTo(meters);
                return meters.scrape();
            } finally {
                streams.close(Duration.ofSeconds(5));
            }
        }
    }
}
