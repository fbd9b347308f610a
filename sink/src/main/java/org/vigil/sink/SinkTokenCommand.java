package org.vigil.sink;

import org.vigil.sink.store.Database;
import org.vigil.sink.web.Role;
import org.vigil.sink.web.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code vigil token}: issues a dashboard API token straight into the sink's database, so the first admin of a
 * production deployment can sign in. Prints the token once; only its hash is stored.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Issues a dashboard/API bearer token for a role and prints it once (only its SHA-256 is stored).")
public final class SinkTokenCommand implements Callable<Integer> {

    @Option(names = "--role", required = true, description = "analyst, clinician, researcher or admin.")
    String role;

    @Option(names = "--label", required = true, description = "Who or what holds the token, shown in the access audit.")
    String label;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://localhost:5432/vigil",
            description = "JDBC URL of the sink's database (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--postgres-user", defaultValue = "vigil", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--postgres-password", defaultValue = "${env:VIGIL_POSTGRES_PASSWORD:-}",
            description = "PostgreSQL password (default: $VIGIL_POSTGRES_PASSWORD).")
    String password;

    private final PrintStream out;

    public SinkTokenCommand() {
        this(System.out);
    }

    SinkTokenCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Role parsed;
        try {
            parsed = Role.parse(role);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (Database database = Database.open(url, user, password, 2, Duration.ofSeconds(10))) {
            out.println(new Tokens(database.dataSource()).issue(parsed, label));
        }
        return 0;
    }
}
