package org.vigil.sink.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.sink.Rows;
import org.vigil.sink.TestPostgres;
import org.vigil.sink.store.Database;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens end, are refused with the reason once expired or revoked, and leave audit rows for issue, use and revocation. */
class TokensTest {

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private static final AccessAudit.Actor OPERATOR = AccessAudit.Actor.operator("cli:test");

    @Test
    void aTokenLivesTheDefaultLifetimeOrTheOneGiven() {
        try (Database db = postgres.newDatabase()) {
            Tokens tokens = new Tokens(db.dataSource(), Duration.ofDays(90));
            Tokens.Issued byDefault = tokens.issue(Role.ANALYST, "a", OPERATOR);
            Tokens.Issued week = tokens.issue(Role.ANALYST, "b", Duration.ofDays(7), OPERATOR);
            assertThat(Rows.query(db.dataSource(), "SELECT label, (expires_at - created_at)::text FROM api_tokens ORDER BY id"))
                    .containsExactly(List.of("a", "90 days"), List.of("b", "7 days"));
            assertThat(Duration.between(byDefault.expiresAt(), week.expiresAt()).toDays()).isEqualTo(-83);
            assertThatThrownBy(() -> tokens.issue(Role.ANALYST, "c", Duration.ofDays(Tokens.MAX_TTL_DAYS + 1), OPERATOR))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void expiredAndRevokedTokensAreRefusedWithTheirReason() throws Exception {
        try (Database db = postgres.newDatabase()) {
            Tokens tokens = new Tokens(db.dataSource(), Duration.ofDays(90));
            Tokens.Issued expiring = tokens.issue(Role.CLINICIAN, "expiring", OPERATOR);
            Tokens.Issued revoked = tokens.issue(Role.CLINICIAN, "revoked", OPERATOR);
            assertThat(tokens.authenticate(expiring.token())).isInstanceOf(Tokens.Valid.class);

            Rows.query(db.dataSource(), "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = "
                    + expiring.id() + " RETURNING id");
            Tokens.Check expired = tokens.authenticate(expiring.token());
            assertThat(expired).isInstanceOf(Tokens.Refused.class);
            assertThat(((Tokens.Refused) expired).outcome()).isEqualTo("EXPIRED");
            assertThat(((Tokens.Refused) expired).reason()).startsWith("The token expired at ");
            assertThat(((Tokens.Refused) expired).holder().tokenId()).isEqualTo(expiring.id());

            assertThat(tokens.revoke(revoked.id(), OPERATOR)).get().extracting(Tokens.Entry::status).isEqualTo("REVOKED");
            Tokens.Check refused = tokens.authenticate(revoked.token());
            assertThat(((Tokens.Refused) refused).outcome()).isEqualTo("REVOKED");
            assertThat(((Tokens.Refused) refused).reason()).startsWith("The token was revoked at ");

            Tokens.Check unknown = tokens.authenticate("vgl_not-a-token");
            assertThat(((Tokens.Refused) unknown).holder()).isNull();
            assertThat(((Tokens.Refused) unknown).outcome()).isEqualTo("UNAUTHENTICATED");
            assertThat(tokens.revoke(9_999, OPERATOR)).isEmpty();
        }
    }

    @Test
    void issueUseAndRevocationAreAuditedAndUseAtMostHourly() throws Exception {
        try (Database db = postgres.newDatabase()) {
            Tokens tokens = new Tokens(db.dataSource(), Duration.ofDays(90));
            Tokens.Issued issued = tokens.issue(Role.RESEARCHER, "ann", OPERATOR);
            tokens.authenticate(issued.token());
            tokens.authenticate(issued.token());
            Rows.query(db.dataSource(), "UPDATE api_tokens SET last_used_at = now() - interval '61 minutes' RETURNING id");
            tokens.authenticate(issued.token());
            Caller ann = ((Tokens.Valid) tokens.authenticate(issued.token())).caller();
            tokens.revoke(issued.id(), AccessAudit.Actor.of(ann));
            tokens.revoke(9_999, OPERATOR);

            String t = "token " + issued.id();
            assertThat(Rows.query(db.dataSource(), "SELECT token_id, token_label, role, action, target, outcome"
                    + " FROM access_audit ORDER BY id")).containsExactly(
                    java.util.Arrays.asList(null, "cli:test", null, "ISSUE_TOKEN", t + " researcher:ann", "OK"),
                    List.of(String.valueOf(issued.id()), "ann", "researcher", "USE_TOKEN", t, "OK"),
                    List.of(String.valueOf(issued.id()), "ann", "researcher", "USE_TOKEN", t, "OK"),
                    List.of(String.valueOf(issued.id()), "ann", "researcher", "REVOKE_TOKEN", t, "OK"),
                    java.util.Arrays.asList(null, "cli:test", null, "REVOKE_TOKEN", "token 9999", "NOT_FOUND"));
            assertThat(Rows.count(db.dataSource(), "SELECT count(*) FROM api_tokens WHERE last_used_at > now() - interval '1 minute'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theListShowsLifetimesAndStatusButNeverTheSecretOrItsHash() throws Exception {
        try (Database db = postgres.newDatabase()) {
            Tokens tokens = new Tokens(db.dataSource(), Duration.ofDays(90));
            Tokens.Issued active = tokens.issue(Role.ADMIN, "active", OPERATOR);
            Tokens.Issued old = tokens.issue(Role.ANALYST, "old", OPERATOR);
            Tokens.Issued gone = tokens.issue(Role.ANALYST, "gone", OPERATOR);
            Rows.query(db.dataSource(), "UPDATE api_tokens SET expires_at = now() - interval '1 day' WHERE id = "
                    + old.id() + " RETURNING id");
            tokens.revoke(gone.id(), OPERATOR);

            List<Tokens.Entry> list = tokens.list();
            assertThat(list).extracting(Tokens.Entry::label, Tokens.Entry::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("gone", "REVOKED"),
                    org.assertj.core.groups.Tuple.tuple("old", "EXPIRED"),
                    org.assertj.core.groups.Tuple.tuple("active", "ACTIVE"));
            assertThat(list.get(2).expiresAt()).isEqualTo(active.expiresAt());
            String json = DashboardServer.JSON.writeValueAsString(list);
            for (Tokens.Issued issued : List.of(active, old, gone)) {
                assertThat(json).doesNotContain(issued.token(), issued.token().substring(4),
                        HexFormat.of().formatHex(Tokens.sha256(issued.token())));
            }
            assertThat(json).doesNotContain("sha256", "token\"");
        }
    }
}
