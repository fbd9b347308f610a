package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The admins' API: read the access audit; issue, list and revoke tokens. */
final class AdminApi {

    static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

    private final AccessAudit audit;
    private final Tokens tokens;

    AdminApi(AccessAudit audit, Tokens tokens) {
        this.audit = audit;
        this.tokens = tokens;
    }

    /** A token just issued, as the API returns it once. */
    record IssuedToken(long id, String role, String label, String token, java.time.Instant expiresAt) {
    }

    void routes(Javalin app, DashboardServer.Guard guard) {
        app.get("/api/audit", guard.allow(ADMINS, (ctx, caller) ->
                DashboardServer.json(ctx, audit.latest(QueryParameters.limit(ctx, 200, 5000)))));
        app.get("/api/tokens", guard.allow(ADMINS, (ctx, caller) -> DashboardServer.json(ctx, tokens.list())));
        app.delete("/api/tokens/{id}", guard.allow(ADMINS, (ctx, caller) -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw new ApiError(400, "A token id is a number");
            }
            Optional<Tokens.Entry> revoked = tokens.revoke(id, AccessAudit.Actor.of(caller));
            if (revoked.isEmpty()) {
                throw new ApiError(404, "No such token");
            }
            DashboardServer.json(ctx, revoked.get());
        }));
        app.post("/api/tokens", guard.allow(ADMINS, (ctx, caller) -> {
            JsonNode body;
            try {
                body = DashboardServer.JSON.readTree(ctx.body());
            } catch (IOException e) {
                throw new ApiError(400, "Body must be JSON: {\"role\": \"analyst\", \"label\": \"...\"}");
            }
            if (body == null || !body.hasNonNull("role") || !body.hasNonNull("label") || body.get("label").asText().isBlank()) {
                throw new ApiError(400, "'role' and 'label' are required");
            }
            Role role;
            try {
                role = Role.parse(body.get("role").asText());
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, e.getMessage());
            }
            String label = body.get("label").asText().strip();
            Tokens.Issued issued;
            if (body.hasNonNull("ttlDays")) {
                JsonNode days = body.get("ttlDays");
                if (!days.canConvertToInt() || !days.isIntegralNumber() || days.asInt() < 1
                        || days.asInt() > Tokens.MAX_TTL_DAYS) {
                    throw new ApiError(400, "'ttlDays' must be a whole number from 1 to " + Tokens.MAX_TTL_DAYS);
                }
                issued = tokens.issue(role, label, Duration.ofDays(days.asInt()), AccessAudit.Actor.of(caller));
            } else {
                issued = tokens.issue(role, label, AccessAudit.Actor.of(caller));
            }
            ctx.status(201);
            DashboardServer.json(ctx, new IssuedToken(issued.id(), role.id(), label, issued.token(), issued.expiresAt()));
        }));
    }
}
