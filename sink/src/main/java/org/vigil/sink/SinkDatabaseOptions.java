package org.vigil.sink;

import org.vigil.sink.store.Database;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The sink's database as the operator commands reach it ({@code vigil token}, {@code vigil erase}): one set of
 * options, the password from the environment by default so that it stays out of shell history.
 */
public final class SinkDatabaseOptions {

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://localhost:5432/vigil",
            description = "JDBC URL of the sink's database (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--postgres-user", defaultValue = "vigil", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--postgres-password", defaultValue = "${env:VIGIL_POSTGRES_PASSWORD:-}",
            description = "PostgreSQL password (default: $VIGIL_POSTGRES_PASSWORD).")
    String password;

    /** A small pool: a command runs one transaction or two. */
    Database open() {
        return Database.open(url, user, password, 2, Duration.ofSeconds(10));
    }

    /** Who ran the command, for the audit: the operating-system user, as commands on a database host are run. */
    static String operator() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
