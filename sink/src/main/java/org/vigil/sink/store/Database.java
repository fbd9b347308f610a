package org.vigil.sink.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The sink's PostgreSQL database: a HikariCP pool on a schema brought up to date by the Flyway migrations in
 * {@code org/vigil/sink/db}.
 */
public final class Database implements AutoCloseable {

    /** Where the sink's migrations live; a package path, so no other module's migrations are picked up. */
    public static final String MIGRATIONS = "classpath:org/vigil/sink/db";

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Opens the pool and applies pending migrations. Fails with the driver's message when PostgreSQL cannot be
     * reached, so a wrong {@code postgres.url} is reported at start.
     *
     * @param connectionTimeout how long a borrower waits for a connection before failing; during an outage this is
     *                          how long a write blocks before the consumer pauses
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("vigil-sink");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(connectionTimeout.toMillis(), 5_000)));
        // Lets the driver turn a JDBC batch of inserts into multi-row statements: far fewer round trips.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "vigil-sink");
        // The dashboard's aggregates are just expensive enough for PostgreSQL's JIT to kick in, which then costs
        // more in compilation (up to seconds) than the query itself.
        config.addDataSourceProperty("options", "-c jit=off");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            return new Database(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
