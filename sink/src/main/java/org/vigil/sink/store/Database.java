package org.vigil.sink.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The sink's PostgreSQL database, on a schema brought up to date by the Flyway migrations in {@code org/vigil/sink/db},
 * behind two HikariCP pools: one connection kept for the consumer's writes, the rest for the dashboard. Shared, a
 * burst of slow dashboard queries could hold every connection and the consumer would pause as for an outage.
 */
public final class Database implements AutoCloseable {

    /** Where the sink's migrations live; a package path, so no other module's migrations are picked up. */
    public static final String MIGRATIONS = "classpath:org/vigil/sink/db";

    private final HikariDataSource dashboard;
    private final HikariDataSource writer;

    private Database(HikariDataSource dashboard, HikariDataSource writer) {
        this.dashboard = dashboard;
        this.writer = writer;
    }

    /**
     * Applies pending migrations and opens the pools. Fails with the driver's message when PostgreSQL cannot be
     * reached, so a wrong {@code postgres.url} is reported at start.
     *
     * @param poolSize          connections in all, at least 2: one for the consumer, the rest for the dashboard
     * @param connectionTimeout how long a borrower waits for a connection before failing; during an outage this is
     *                          how long a write blocks before the consumer pauses
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
        return open(jdbcUrl, user, password, poolSize, 1, connectionTimeout);
    }

    /**
     * As {@link #open(String, String, String, int, Duration)}, with {@code writers} connections kept for the
     * consumers' writes (one each) and the other {@code poolSize - writers} pooled for the dashboard.
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, int writers,
                                Duration connectionTimeout) {
        if (writers < 1 || poolSize < writers + 1) {
            throw new IllegalArgumentException("poolSize must leave the dashboard a connection besides the "
                    + writers + " writers'");
        }
        // Flyway opens connections of its own (it needs two at once), so that neither pool is sized for it.
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .connectRetries(0)
                .locations(MIGRATIONS)
                .load()
                .migrate();
        HikariDataSource dashboard = pool("vigil-sink-dashboard", jdbcUrl, user, password, poolSize - writers,
                connectionTimeout);
        try {
            return new Database(dashboard, pool("vigil-sink-writer", jdbcUrl, user, password, writers, connectionTimeout));
        } catch (RuntimeException e) {
            dashboard.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String name, String jdbcUrl, String user, String password, int size,
                                         Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(connectionTimeout.toMillis(), 5_000)));
        // Lets the driver turn a JDBC batch of inserts into multi-row statements: far fewer round trips.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "vigil-sink");
        // The dashboard's aggregates are just expensive enough for PostgreSQL's JIT to kick in, which then costs
        // more in compilation (up to seconds) than the query itself.
        config.addDataSourceProperty("options", "-c jit=off");
        return new HikariDataSource(config);
    }

    /** The dashboard's connections (queries, adjudications, tokens, cohorts). */
    public DataSource dataSource() {
        return dashboard;
    }

    /** The consumer's own connection, which no dashboard query can take. */
    public DataSource writer() {
        return writer;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            dashboard.close();
        }
    }
}
