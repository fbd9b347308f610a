package org.vigil.sink;

import org.vigil.embedded.postgres.EmbeddedPostgresServer;
import org.vigil.sink.store.Database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded PostgreSQL per test class, handing each test its own freshly migrated database so tests never
 * see each other's rows.
 */
public final class TestPostgres implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dataDir;
    private EmbeddedPostgresServer server;

    private TestPostgres(Path dataDir, EmbeddedPostgresServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    public static TestPostgres start(Path dataDir) {
        return new TestPostgres(dataDir, EmbeddedPostgresServer.start(dataDir, 0));
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabaseUrl() {
        String name = "vigil_test_" + DATABASES.incrementAndGet();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database", e);
        }
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name;
    }

    /** A new database, migrated, behind a HikariCP pool. */
    public Database newDatabase() {
        return Database.open(newDatabaseUrl(), server.user(), server.password(), 4, Duration.ofMillis(500));
    }

    /** Stops PostgreSQL, keeping its data, as an outage would. */
    public void stop() {
        server.close();
    }

    /** Starts PostgreSQL again on the same port and data. */
    public void restart() {
        server = EmbeddedPostgresServer.start(dataDir, server.port());
    }

    public EmbeddedPostgresServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
