package org.vigil.embedded.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server from zonky's embedded binaries, for the embedded default and integration tests.
 * Its data directory is kept, so stopping and starting it on the same port loses nothing.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts PostgreSQL with its cluster in {@code dataDir/postgres}, on {@code port} (0 picks a free one). */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        Path pgData = dataDir.resolve("postgres");
        try {
            Files.createDirectories(pgData.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "50")
                    // zonky turns synchronous_commit off; the sink commits its Kafka offsets once PostgreSQL says a
                    // batch is committed, so that commit must be durable or a crash could lose acknowledged notes.
                    .setServerConfig("synchronous_commit", "on");
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, pg.getPort());
            server.postgres = pg;
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + pgData, e);
        }
    }

    /** Starts again after {@link #close()}, on the same port and data. */
    public EmbeddedPostgresServer restart() {
        close();
        return start(dataDir, port);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }
}
