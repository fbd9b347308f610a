package org.vigil.sink;

import org.vigil.embedded.postgres.EmbeddedPostgresServer;
import org.vigil.sink.store.Database;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real embedded PostgreSQL per test class, handing each test its own freshly migrated database so tests never
 * see each other's rows. As an extension ({@code @RegisterExtension static final TestPostgres postgres =
 * TestPostgres.perClass()}) it starts before the class's tests in a folder of its own and stops after them.
 */
public final class TestPostgres implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Path dataDir;
    private EmbeddedPostgresServer server;

    private TestPostgres(Path dataDir, EmbeddedPostgresServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    public static TestPostgres start(Path dataDir) {
        return new TestPostgres(dataDir, EmbeddedPostgresServer.start(dataDir, 0));
    }

    /** Started by JUnit before the class's tests, in a temporary folder, and stopped and removed after them. */
    public static TestPostgres perClass() {
        return new TestPostgres(null, null);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("vigil-sink-pg");
        server = EmbeddedPostgresServer.start(dataDir, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
        if (server != null) {
            server.close();
        }
    }
}
