package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.vigil.schemas.Verdict;
import org.vigil.sink.store.AdjudicationReasons;
import org.vigil.sink.store.AlertQueue;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The clinicians' API: the alert queue, the de-identified note with its evidence, and adjudication. Every view of a
 * note or of adjudications, and every adjudication, is written to the access audit.
 */
final class AlertApi {

    static final Set<Role> READERS = EnumSet.of(Role.CLINICIAN, Role.ADMIN);
    /** Only clinicians judge alerts: an adjudication is a clinical decision. */
    static final Set<Role> ADJUDICATORS = EnumSet.of(Role.CLINICIAN);

    private final AlertQueue alerts;
    private final AccessAudit audit;
    private final AdjudicationPublisher publisher;

    AlertApi(AlertQueue alerts, AccessAudit audit, AdjudicationPublisher publisher) {
        this.alerts = alerts;
        this.audit = audit;
        this.publisher = publisher;
    }

    void routes(Javalin app, DashboardServer.Guard guard) {
        app.get("/api/alerts", guard.allow(READERS, (ctx, caller) -> {
            String status = ctx.queryParam("status");
            Optional<String> wanted = status == null || status.isBlank() ? Optional.of("OPEN")
                    : status.equalsIgnoreCase("ALL") ? Optional.empty() : Optional.of(status.trim().toUpperCase(Locale.ROOT));
            if (wanted.isPresent() && !Set.of("OPEN", "ADJUDICATED").contains(wanted.get())) {
                throw new ApiError(400, "'status' must be OPEN, ADJUDICATED or ALL");
            }
            DashboardServer.json(ctx, alerts.alerts(wanted, QueryParameters.limit(ctx, 100, 1000)));
        }));
        app.get("/api/notes/{noteId}", guard.allow(READERS, (ctx, caller) -> {
            String noteId = ctx.pathParam("noteId");
            Optional<AlertQueue.NoteView> note = alerts.note(noteId);
            audit.record(caller, "VIEW_NOTE", noteId, note.isPresent() ? "OK" : "NOT_FOUND");
            DashboardServer.json(ctx, note.orElseThrow(() -> new ApiError(404, "No such note")));
        }));
        app.get("/api/notes/{noteId}/adjudications", guard.allow(READERS, (ctx, caller) -> {
            String noteId = ctx.pathParam("noteId");
            audit.record(caller, "VIEW_ADJUDICATIONS", noteId, "OK");
            DashboardServer.json(ctx, alerts.adjudications(noteId));
        }));
        app.get("/api/adjudication-reasons", guard.allow(READERS, (ctx, caller) ->
                DashboardServer.json(ctx, AdjudicationReasons.standard().all())));
        app.post("/api/alerts/{noteId}/adjudication", guard.allow(ADJUDICATORS, this::adjudicate));
    }

    private void adjudicate(Context ctx, Caller caller) throws Exception {
        String noteId = ctx.pathParam("noteId");
        JsonNode body;
        try {
            body = DashboardServer.JSON.readTree(ctx.body());
        } catch (IOException e) {
            throw new ApiError(400, "Body must be JSON: {\"verdict\": \"TRUE_POSITIVE\" | \"FALSE_POSITIVE\", \"reason\": \"CODE\"}");
        }
        if (body == null || !body.hasNonNull("verdict")) {
            throw new ApiError(400, "'verdict' is required");
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(body.get("verdict").asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "'verdict' must be TRUE_POSITIVE or FALSE_POSITIVE");
        }
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        Optional<AlertQueue.Review> stored;
        try {
            stored = alerts.adjudicate(noteId, verdict, reason, caller.tokenId(), caller.role().id(),
                    c -> audit.record(c, caller, "ADJUDICATE", noteId, verdict.name()));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        if (stored.isEmpty()) {
            audit.record(caller, "ADJUDICATE", noteId, "NOT_FOUND");
            throw new ApiError(404, "No alert for this note");
        }
        publisher.nudge();
        ctx.status(201);
        DashboardServer.json(ctx, stored.get());
    }
}
