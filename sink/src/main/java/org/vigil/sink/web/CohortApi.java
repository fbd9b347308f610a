package org.vigil.sink.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.vigil.sink.store.CohortCriteria;
import org.vigil.sink.store.Cohorts;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The researchers' API: a live count for criteria, saved cohorts, and their export as CSV or as a FHIR R4 Group
 * (NDJSON) of pseudonymous patient ids. Exports below the small-cell size are refused; every export is audited.
 *
 * <p>The Group resource is written with Jackson rather than HAPI FHIR: it is one flat resource (id, identifier, type, members and a few more fields), and
 * HAPI's context would add seconds to start-up and megabytes to the jar for it.
 */
final class CohortApi {

    static final Set<Role> READERS = EnumSet.of(Role.RESEARCHER, Role.ADMIN);

    record Count(Cell patients, boolean exportable) {
    }

    record Saved(long id, String name, JsonNode criteria, String createdBy, String createdAt, Cell patients,
                 boolean exportable) {
    }

    private final Cohorts cohorts;
    private final CellPolicy cells;
    private final AccessAudit audit;

    CohortApi(Cohorts cohorts, CellPolicy cells, AccessAudit audit) {
        this.cohorts = cohorts;
        this.cells = cells;
        this.audit = audit;
    }

    void routes(Javalin app, DashboardServer.Guard guard) {
        app.post("/api/cohorts/count", guard.allow(READERS, (ctx, caller) -> {
            long n = cohorts.count(criteria(body(ctx)));
            DashboardServer.json(ctx, new Count(cells.cell(n, caller.role()), cells.exportable(n)));
        }));
        app.post("/api/cohorts", guard.allow(READERS, (ctx, caller) -> {
            JsonNode body = body(ctx);
            String name = body.hasNonNull("name") ? body.get("name").asText().strip() : "";
            if (name.isEmpty() || name.length() > 200) {
                throw new ApiError(400, "'name' is required (at most 200 characters)");
            }
            CohortCriteria criteria = criteria(body.has("criteria") ? body.get("criteria") : body);
            long id = cohorts.save(name, criteria, caller.tokenId());
            audit.record(caller, "SAVE_COHORT", Long.toString(id), "OK");
            ctx.status(201);
            DashboardServer.json(ctx, saved(cohorts.find(id).orElseThrow(), caller));
        }));
        app.get("/api/cohorts", guard.allow(READERS, (ctx, caller) -> {
            List<Saved> list = new java.util.ArrayList<>();
            for (Cohorts.Cohort c : cohorts.list()) {
                list.add(saved(c, caller));
            }
            DashboardServer.json(ctx, list);
        }));
        app.get("/api/cohorts/{id}/export.csv", guard.allow(READERS, (ctx, caller) -> export(ctx, caller, "csv")));
        app.get("/api/cohorts/{id}/export.ndjson", guard.allow(READERS, (ctx, caller) -> export(ctx, caller, "fhir")));
    }

    private Saved saved(Cohorts.Cohort c, Caller caller) throws java.sql.SQLException {
        long n = cohorts.count(c.criteria());
        return new Saved(c.id(), c.name(), Cohorts.toJsonNode(c.criteria()), c.createdBy(), c.createdAt().toString(),
                cells.cell(n, caller.role()), cells.exportable(n));
    }

    private void export(Context ctx, Caller caller, String format) throws Exception {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Cohort id must be a number");
        }
        String action = format.equals("csv") ? "EXPORT_CSV" : "EXPORT_FHIR_GROUP";
        Cohorts.Cohort cohort = cohorts.find(id).orElse(null);
        if (cohort == null) {
            audit.record(caller, action, Long.toString(id), "NOT_FOUND");
            throw new ApiError(404, "No such cohort");
        }
        List<String> members = cohorts.members(cohort.criteria());
        if (!cells.exportable(members.size())) {
            audit.record(caller, action, Long.toString(id), "REFUSED_SMALL_CELL");
            throw new ApiError(422, "The cohort has fewer than " + cells.minCellSize()
                    + " patients; exports are refused under the small-cell rule");
        }
        audit.record(caller, action, Long.toString(id), "OK:" + members.size());
        if (format.equals("csv")) {
            StringBuilder csv = new StringBuilder("patient_pseudonym\r\n");
            members.forEach(m -> csv.append(csvField(m)).append("\r\n"));
            ctx.header("Content-Disposition", "attachment; filename=\"cohort-" + id + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
        } else {
            ctx.header("Content-Disposition", "attachment; filename=\"cohort-" + id + ".ndjson\"");
            ctx.contentType("application/fhir+ndjson").result(group(cohort, members) + "\n");
        }
    }

    /** The cohort as one FHIR R4 Group resource of pseudonymous Patient references. */
    static String group(Cohorts.Cohort cohort, List<String> members) {
        ObjectNode g = DashboardServer.JSON.createObjectNode();
        g.put("resourceType", "Group");
        g.put("id", "vigil-cohort-" + cohort.id());
        g.putObject("meta").put("lastUpdated", Instant.now().toString());
        ArrayNode identifier = g.putArray("identifier");
        identifier.addObject().put("system", "urn:vigil:cohort").put("value", Long.toString(cohort.id()));
        g.put("type", "person");
        g.put("actual", true);
        g.put("name", cohort.name());
        g.put("quantity", members.size());
        ArrayNode member = g.putArray("member");
        for (String m : members) {
            member.addObject().putObject("entity").put("reference", "Patient/" + m);
        }
        return g.toString();
    }

    /** Quotes a CSV field only when it needs it (RFC 4180); pseudonyms are normally plain hex. */
    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = DashboardServer.JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "Body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "Body must be JSON");
        }
    }

    private static CohortCriteria criteria(JsonNode node) {
        try {
            return Cohorts.fromJsonNode(node);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }
}
