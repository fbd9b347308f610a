package org.vigil.sink;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.ClientSettings;
import org.vigil.runtime.kafka.Topics;
import org.vigil.runtime.lifecycle.Stage;
import org.vigil.schemas.Adjudication;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.wire.SchemaRegistryClient;
import org.vigil.sink.consume.AssessmentConsumer;
import org.vigil.sink.store.AssessmentStore;
import org.vigil.sink.store.Database;
import org.vigil.sink.web.AccessAudit;
import org.vigil.sink.web.DashboardListener;
import org.vigil.sink.web.DashboardServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sink stage: stores risk assessments in PostgreSQL and serves the dashboard and its API from the same data.
 */
public final class SinkStage implements Stage {

    public static final String POSTGRES_URL = "postgres.url";
    public static final String POSTGRES_USER = "postgres.user";
    public static final String POSTGRES_PASSWORD = "postgres.password";
    public static final String DB_POOL_SIZE = "sink.db.pool.size";
    public static final String DB_TIMEOUT_MS = "sink.db.timeout.ms";
    public static final String CONSUMER_GROUP = "sink.consumer.group";
    public static final String CONSUMERS = "sink.consumers";
    public static final String BATCH_MAX_RECORDS = "sink.batch.max.records";
    public static final String RETRY_BACKOFF_MS = "sink.retry.backoff.ms";
    public static final String HTTP_HOST = "sink.http.host";
    public static final String HTTP_PORT = "sink.http.port";
    public static final String HTTP_PLAINTEXT_ALLOWED = "sink.http.plaintext.allowed";
    public static final String TLS_KEYSTORE_FILE = "sink.tls.keystore.file";
    public static final String TLS_KEYSTORE_PASSWORD = "sink.tls.keystore.password";
    public static final String TOKEN_TTL_DAYS = "sink.token.ttl.days";
    public static final String MIN_CELL_SIZE = "sink.min.cell.size";
    public static final String ADJUDICATION_REPUBLISH_MS = "sink.adjudication.republish.ms";

    private final VigilConfig config;
    private final MeterRegistry meters;
    private Database database;
    private final List<AssessmentConsumer> consumers = new ArrayList<>();
    private final List<io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics> clientMetrics = new ArrayList<>();
    private KafkaProducer<String, DeadLetter> deadLetterProducer;
    private KafkaProducer<String, Adjudication> adjudicationProducer;
    private DashboardServer dashboard;

    public SinkStage(VigilConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /** The common settings plus the sink's own. */
    public static ConfigDef definition() {
        return VigilConfig.common()
                .define(POSTGRES_URL, Type.STRING, "jdbc:postgresql://localhost:5432/vigil", Importance.HIGH,
                        "JDBC URL of the PostgreSQL database the sink writes to and the dashboard reads from.")
                .define(POSTGRES_USER, Type.STRING, "vigil", Importance.HIGH, "PostgreSQL user.")
                .define(POSTGRES_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "PostgreSQL password.")
                .define(DB_POOL_SIZE, Type.INT, 8, Range.between(2, 100), Importance.LOW,
                        "Connections to PostgreSQL in all: one kept for each consumer's writes, the rest pooled for the dashboard.")
                .define(DB_TIMEOUT_MS, Type.LONG, 3_000L, Range.atLeast(250), Importance.LOW,
                        "How long a database call waits for a connection before the consumer pauses and retries.")
                .define(CONSUMER_GROUP, Type.STRING, "vigil-sink", Importance.MEDIUM,
                        "Kafka consumer group of the sink; instances in one group share the partitions.")
                .define(CONSUMERS, Type.INT, 2, Range.between(1, 32), Importance.MEDIUM,
                        "Consumers in this instance, each writing its own batches on its own connection, so that one "
                                + "batch is decoded while another is stored; more than the topic's partitions stay idle.")
                .define(BATCH_MAX_RECORDS, Type.INT, 500, Range.between(1, 10_000), Importance.LOW,
                        "Most records written per database transaction.")
                .define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.atLeast(10), Importance.LOW,
                        "Wait between attempts to store a batch while PostgreSQL or the registry is unavailable.")
                .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                        "Address the dashboard and API listen on; loopback by default. Any other address needs "
                                + TLS_KEYSTORE_FILE + " (HTTPS), or " + HTTP_PLAINTEXT_ALLOWED
                                + "=true, or the start fails.")
                .define(HTTP_PORT, Type.INT, 8088, Range.between(0, 65535), Importance.MEDIUM,
                        "Port of the dashboard and API; 0 picks a free port.")
                .define(TLS_KEYSTORE_FILE, Type.STRING, "", Importance.HIGH,
                        "PKCS#12 key store holding the dashboard's private key and certificate chain (deploy/certs/"
                                + "generate.sh makes sink.p12). When set, the dashboard and API speak HTTPS only "
                                + "(TLS 1.3 and 1.2); empty: plain HTTP, for loopback.")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
                        "Password of the key store and of its key.")
                .define(HTTP_PLAINTEXT_ALLOWED, Type.BOOLEAN, false, Importance.LOW,
                        "Allow plain HTTP on an address other than loopback, only behind a proxy that terminates "
                                + "TLS on a private network: bearer tokens and de-identified notes cross this "
                                + "connection. Off, such a start fails with an error naming the settings.")
                .define(TOKEN_TTL_DAYS, Type.INT, org.vigil.sink.web.Tokens.DEFAULT_TTL_DAYS,
                        Range.between(1, org.vigil.sink.web.Tokens.MAX_TTL_DAYS), Importance.MEDIUM,
                        "Lifetime in days of an API token issued by an admin (POST /api/tokens without ttlDays) or "
                                + "by the stage; an expired token is refused with 401.")
                .define(MIN_CELL_SIZE, Type.INT, 11, Range.atLeast(1), Importance.MEDIUM,
                        "Small-cell rule: aggregates below this are shown as '<N' to analysts and researchers, "
                                + "and cohort exports below it are refused.")
                .define(ADJUDICATION_REPUBLISH_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                        "How often adjudications not yet acknowledged by the feedback topic are sent again.");
    }

    @Override
    public String name() {
        return "sink";
    }

    /**
     * The dashboard's listener from the settings, checked before anything starts: a key store that cannot be read,
     * or plain HTTP on an address that is not loopback without {@value #HTTP_PLAINTEXT_ALLOWED}, fails here.
     */
    static DashboardListener listener(VigilConfig config) {
        String host = config.getString(HTTP_HOST);
        int port = config.getInt(HTTP_PORT);
        String keyStore = config.getString(TLS_KEYSTORE_FILE);
        if (keyStore.isBlank()) {
            try {
                return DashboardListener.plain(host, port, config.getBoolean(HTTP_PLAINTEXT_ALLOWED));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(HTTP_HOST, host, "The dashboard would serve bearer tokens and notes over "
                        + "plain HTTP on an address that is not loopback. Set " + TLS_KEYSTORE_FILE + " (and "
                        + TLS_KEYSTORE_PASSWORD + ") to serve HTTPS, or listen on 127.0.0.1, or set "
                        + HTTP_PLAINTEXT_ALLOWED + "=true if a TLS proxy on a private network fronts it");
            }
        }
        Password password = config.getPassword(TLS_KEYSTORE_PASSWORD);
        try {
            return DashboardListener.https(host, port, Path.of(keyStore),
                    password == null ? new char[0] : password.value().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            // The cause's class only: never the password, and a key store message adds nothing an operator needs.
            throw new ConfigException(TLS_KEYSTORE_FILE, keyStore,
                    "Cannot load the PKCS#12 key store (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void start() {
        DashboardListener listener = listener(config);
        try {
            int consumerCount = config.getInt(CONSUMERS);
            database = Database.open(config.getString(POSTGRES_URL), config.getString(POSTGRES_USER),
                    config.getPassword(POSTGRES_PASSWORD).value(),
                    Math.max(config.getInt(DB_POOL_SIZE), consumerCount + 1), consumerCount,
                    Duration.ofMillis(config.getLong(DB_TIMEOUT_MS)));
            SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(config.schemaRegistryUrl()));
            deadLetterProducer = new KafkaProducer<>(ClientSettings.producer(config, "vigil-sink-deadletters"),
                    new StringSerializer(), Topics.DEAD_LETTERS.valueSerde(registry).serializer());
            adjudicationProducer = new KafkaProducer<>(ClientSettings.producer(config, "vigil-sink-adjudications"),
                    new StringSerializer(), Topics.ADJUDICATIONS.valueSerde(registry).serializer());
            AssessmentStore store = new AssessmentStore(database.writer());
            for (int i = 0; i < consumerCount; i++) {
                Map<String, Object> consumerSettings = ClientSettings.consumer(config, config.getString(CONSUMER_GROUP));
                consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(BATCH_MAX_RECORDS));
                KafkaConsumer<String, byte[]> kafkaConsumer =
                        new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
                // Client metrics (records-lag-max among them) feed the lag panel of the Grafana dashboard.
                var metrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(kafkaConsumer);
                metrics.bindTo(meters);
                clientMetrics.add(metrics);
                consumers.add(AssessmentConsumer.create("sink-" + i,
                        kafkaConsumer,
                        Topics.RISK_ASSESSMENTS.name(), Topics.RISK_ASSESSMENTS.valueSerde(registry).deserializer(),
                        store, deadLetterProducer, Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS)), meters));
            }
            dashboard = DashboardServer.start(database.dataSource(), adjudicationProducer, listener,
                    config.getInt(MIN_CELL_SIZE), Duration.ofMillis(config.getLong(ADJUDICATION_REPUBLISH_MS)),
                    Duration.ofDays(config.getInt(TOKEN_TTL_DAYS)), meters);
            consumers.forEach(AssessmentConsumer::start);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean healthy() {
        return !consumers.isEmpty() && consumers.stream().allMatch(AssessmentConsumer::healthy) && dashboard != null;
    }

    /** Where the dashboard is served; the API is under {@code /api}. */
    public URI dashboardUrl() {
        if (dashboard == null) {
            throw new IllegalStateException("The sink is not started");
        }
        return dashboard.url();
    }

    /**
     * Creates an API token for {@code role} (analyst, clinician, researcher, admin), valid for
     * {@value #TOKEN_TTL_DAYS} days. Only its hash is stored; the returned token cannot be shown again.
     */
    public String issueToken(String role, String label) {
        if (dashboard == null) {
            throw new IllegalStateException("The sink is not started");
        }
        return dashboard.tokens().issue(org.vigil.sink.web.Role.parse(role), label,
                AccessAudit.Actor.operator("sink stage")).token();
    }

    @Override
    public void close() {
        clientMetrics.forEach(io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics::close);
        clientMetrics.clear();
        // Stop reading first, so the last batch is stored and committed while the database is still open.
        consumers.forEach(AssessmentConsumer::close);
        consumers.clear();
        if (dashboard != null) {
            dashboard.close();
            dashboard = null;
        }
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(5));
            deadLetterProducer = null;
        }
        if (adjudicationProducer != null) {
            adjudicationProducer.close(Duration.ofSeconds(5));
            adjudicationProducer = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
