package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The admins' API: read the access audit and issue tokens. */
final class AdminApi {

    static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

    private final AccessAudit audit;
    private final Tokens tokens;

    AdminApi(AccessAudit audit, Tokens tokens) {
        this.audit = audit;
        this.tokens = tokens;
    }

    void routes(Javalin app, DashboardServer.Guard guard) {
        app.get("/api/audit", guard.allow(ADMINS, (ctx, caller) ->
                DashboardServer.json(ctx, audit.latest(QueryParameters.limit(ctx, 200, 5000)))));
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
            String token = tokens.issue(role, label);
            audit.record(caller, "ISSUE_TOKEN", role.id() + ":" + label, "OK");
            ctx.status(201);
            DashboardServer.json(ctx, Map.of("role", role.id(), "label", label, "token", token));
        }));
    }
}
