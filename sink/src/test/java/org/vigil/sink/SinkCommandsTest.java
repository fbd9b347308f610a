package org.vigil.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.schemas.RiskTier;
import org.vigil.sink.store.AssessmentStore;
import org.vigil.sink.store.Database;
import org.vigil.sink.store.StoredAssessment;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.schemas.Assertion.AFFIRMED;
import static org.vigil.schemas.SignalKind.SUICIDAL_IDEATION;
import static org.vigil.sink.Assessments.assessment;
import static org.vigil.sink.Assessments.finding;

/** {@code vigil token} and {@code vigil erase} against a real PostgreSQL, as an operator runs them. */
class SinkCommandsTest {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    /** Exit code, standard output and standard error of one run. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        int exit = new CommandLine(command).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] database(String url, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 6);
        System.arraycopy(new String[] {"--postgres-url", url, "--postgres-user", postgres.server().user(),
                "--postgres-password", postgres.server().password()}, 0, all, args.length, 6);
        return all;
    }

    @Test
    void tokenPrintsTheTokenAloneAndItsExpiryBesideIt() {
        String url = postgres.newDatabaseUrl();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Instant before = Instant.now();
        Run run = run(new SinkTokenCommand(new PrintStream(out, true), new PrintStream(err, true)), out, err,
                database(url, "--role", "admin", "--label", "first admin", "--ttl-days", "7"));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).matches("vgl_[A-Za-z0-9_-]{43}\\R");
        Instant expires = Instant.parse(run.err().replaceAll("(?s).* expires (\\S+);.*", "$1"));
        assertThat(Duration.between(before, expires).toHours()).isBetween(7 * 24L - 1, 7 * 24L);
        try (Database db = Database.open(url, postgres.server().user(), postgres.server().password(), 2, Duration.ofSeconds(5))) {
            assertThat(Rows.query(db.dataSource(), "SELECT (expires_at - created_at)::text FROM api_tokens"))
                    .containsExactly(List.of("7 days"));
            assertThat(Rows.query(db.dataSource(), "SELECT token_label, action, outcome FROM access_audit"))
                    .containsExactly(List.of(SinkDatabaseOptions.operator(), "ISSUE_TOKEN", "OK"));
        }
    }

    @Test
    void tokenRefusesALifetimeOutOfRange() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Run run = run(new SinkTokenCommand(new PrintStream(out, true), new PrintStream(err, true)), out, err,
                database(postgres.newDatabaseUrl(), "--role", "admin", "--label", "x", "--ttl-days", "0"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--ttl-days");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void eraseRemovesThePatientByPseudonymAndAuditsItWithoutPrintingIt() throws Exception {
        String url = postgres.newDatabaseUrl();
        try (Database db = Database.open(url, postgres.server().user(), postgres.server().password(), 2, Duration.ofSeconds(5))) {
            Instant day = Instant.parse("2031-03-04T10:15:00Z");
            new AssessmentStore(db.writer()).write(List.of(
                    new StoredAssessment(assessment("n1", "3f9a-pseudonym", day, RiskTier.HIGH,
                            finding(SUICIDAL_IDEATION, AFFIRMED, "endorses SI")), 0, 0),
                    new StoredAssessment(assessment("n2", "3f9a-pseudonym", day, RiskTier.LOW), 0, 1),
                    new StoredAssessment(assessment("n3", "other", day, RiskTier.LOW), 0, 2)));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Run run = run(new SinkEraseCommand(new PrintStream(out, true), new PrintStream(err, true)), out, err,
                    database(url, "--patient", "3f9a-pseudonym"));

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("Erased 2 notes, 1 signals, 1 alerts, 0 adjudications" + System.lineSeparator());
            assertThat(run.out() + run.err()).doesNotContain("3f9a");
            assertThat(Rows.query(db.dataSource(), "SELECT note_id FROM notes")).containsExactly(List.of("n3"));
            assertThat(Rows.query(db.dataSource(), "SELECT token_id, token_label, action, target, outcome FROM access_audit"))
                    .containsExactly(Arrays.asList(null, SinkDatabaseOptions.operator(), "ERASE_PATIENT",
                            "patient 3f9a-pseudonym", "OK:2 notes"));

            ByteArrayOutputStream again = new ByteArrayOutputStream();
            ByteArrayOutputStream againErr = new ByteArrayOutputStream();
            Run second = run(new SinkEraseCommand(new PrintStream(again, true), new PrintStream(againErr, true)),
                    again, againErr, database(url, "--patient", "3f9a-pseudonym"));
            assertThat(second.exit()).isZero();
            assertThat(second.out()).startsWith("Erased 0 notes");
            assertThat(second.err()).contains("No notes are stored for that pseudonym");
        }
    }
}
