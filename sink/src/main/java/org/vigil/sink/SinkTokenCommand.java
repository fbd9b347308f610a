package org.vigil.sink;

import org.vigil.sink.store.Database;
import org.vigil.sink.web.AccessAudit;
import org.vigil.sink.web.Role;
import org.vigil.sink.web.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code vigil token}: issues a dashboard API token straight into the sink's database, so the first admin of a
 * production deployment can sign in. Prints the token once on standard output (only its hash is stored) and when
 * it expires on standard error, so {@code TOKEN=$(vigil token ...)} still captures the token alone.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Issues a dashboard/API bearer token for a role and prints it once (only its SHA-256 is stored), "
                + "with its expiry; audited as ISSUE_TOKEN by cli:<user>.")
public final class SinkTokenCommand implements Callable<Integer> {

    @Option(names = "--role", required = true, description = "analyst, clinician, researcher or admin.")
    String role;

    @Option(names = "--label", required = true, description = "Who or what holds the token, shown in the access audit.")
    String label;

    @Option(names = "--ttl-days", defaultValue = "" + Tokens.DEFAULT_TTL_DAYS,
            description = "Days until the token expires, 1 to " + Tokens.MAX_TTL_DAYS + " (default ${DEFAULT-VALUE}).")
    int ttlDays;

    @Mixin
    SinkDatabaseOptions database;

    private final PrintStream out;
    private final PrintStream err;

    public SinkTokenCommand() {
        this(System.out, System.err);
    }

    SinkTokenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Role parsed;
        try {
            parsed = Role.parse(role);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (ttlDays < 1 || ttlDays > Tokens.MAX_TTL_DAYS) {
            err.println("--ttl-days must be from 1 to " + Tokens.MAX_TTL_DAYS);
            return 2;
        }
        try (Database db = database.open()) {
            Tokens.Issued issued = new Tokens(db.dataSource(), Duration.ofDays(ttlDays))
                    .issue(parsed, label, AccessAudit.Actor.operator(SinkDatabaseOptions.operator()));
            out.println(issued.token());
            err.println("Token " + issued.id() + " (" + parsed.id() + ", " + label + ") expires " + issued.expiresAt()
                    + "; revoke it with DELETE /api/tokens/" + issued.id());
        }
        return 0;
    }
}
