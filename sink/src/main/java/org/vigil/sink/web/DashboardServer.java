package org.vigil.sink.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.schemas.Adjudication;
import org.vigil.sink.store.AlertQueue;
import org.vigil.sink.store.Cohorts;
import org.vigil.sink.store.Population;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Serves the dashboard page (assets from the jar) and the JSON API under {@code /api}, where every call needs a
 * bearer token whose role allows it: 401 without a valid token, 403 with the wrong role.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** Instants as ISO-8601 strings, never epoch numbers: the page and other clients read them as written. */
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Javalin app;
    private final Tokens tokens;
    private final AccessAudit audit;
    private final AdjudicationPublisher publisher;
    private final URI url;

    private DashboardServer(Javalin app, Tokens tokens, AccessAudit audit, AdjudicationPublisher publisher, URI url) {
        this.app = app;
        this.tokens = tokens;
        this.audit = audit;
        this.publisher = publisher;
        this.url = url;
    }

    /** Starts the server on {@code listener} (port 0 picks a free port); new tokens live {@code tokenTtl}. */
    public static DashboardServer start(DataSource dataSource, Producer<String, Adjudication> adjudications,
                                        DashboardListener listener, int minCellSize, Duration republishInterval,
                                        Duration tokenTtl, MeterRegistry meters) {
        Tokens tokens = new Tokens(dataSource, tokenTtl);
        AccessAudit audit = new AccessAudit(dataSource);
        String openApi = resource("/org/vigil/sink/openapi.json");
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.addConnector(listener::connector);
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/org/vigil/sink/dashboard";
                files.location = Location.CLASSPATH;
            });
        });
        app.after(ctx -> {
            // Everything the page needs comes from this server; nothing may be framed, sniffed or cached.
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            if (listener.tls()) {
                // Browsers that once reached the dashboard over HTTPS never fall back to plain HTTP for it.
                ctx.header("Strict-Transport-Security", "max-age=31536000");
            }
            if (ctx.path().startsWith("/api/")) {
                ctx.header("Cache-Control", "no-store");
            }
        });
        Guard guard = new Guard(tokens, audit, meters);
        Set<Role> anyRole = EnumSet.allOf(Role.class);
        app.get("/api/openapi.json", guard.allow(anyRole, (ctx, caller) ->
                ctx.contentType("application/json").result(openApi)));
        app.get("/api/me", guard.allow(anyRole, (ctx, caller) ->
                json(ctx, new Me(caller.label(), caller.role().id(), caller.role().countsAreSuppressed(), minCellSize))));
        CellPolicy cells = new CellPolicy(minCellSize);
        AlertQueue alerts = new AlertQueue(dataSource);
        AdjudicationPublisher publisher = new AdjudicationPublisher(alerts, adjudications, republishInterval, meters);
        new PopulationApi(new Population(dataSource), cells, audit).routes(app, guard);
        new AlertApi(alerts, audit, publisher).routes(app, guard);
        new CohortApi(new Cohorts(dataSource), cells, audit).routes(app, guard);
        new AdminApi(audit, tokens).routes(app, guard);
        app.exception(ApiError.class, (e, ctx) -> {
            ctx.status(e.status());
            json(ctx, new ErrorBody(e.getMessage()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("API call {} failed: {}", ctx.endpointHandlerPath(), e.getClass().getSimpleName());
            ctx.status(500);
            json(ctx, new ErrorBody("Internal error"));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
        String host = listener.host().contains(":") ? "[" + listener.host() + "]" : listener.host();
        URI url = URI.create(listener.scheme() + "://" + host + ":" + app.port() + "/");
        return new DashboardServer(app, tokens, audit, publisher, url);
    }

    public URI url() {
        return url;
    }

    public Tokens tokens() {
        return tokens;
    }

    public AccessAudit audit() {
        return audit;
    }

    @Override
    public void close() {
        app.stop();
        publisher.close();
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = DashboardServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Who the token belongs to, for the page to show what it may open. */
    record Me(String label, String role, boolean suppressedCells, int minCellSize) {
    }

    /** The JSON body of every error answer. */
    record ErrorBody(String error) {
    }

    /** An API handler that runs only for an authenticated caller with an allowed role. */
    @FunctionalInterface
    interface Guarded {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    /** Checks the bearer token and role before a handler runs, and audits every refusal. */
    static final class Guard {
        private final Tokens tokens;
        private final AccessAudit audit;
        private final MeterRegistry meters;

        Guard(Tokens tokens, AccessAudit audit, MeterRegistry meters) {
            this.tokens = tokens;
            this.audit = audit;
            this.meters = meters;
        }

        io.javalin.http.Handler allow(Set<Role> roles, Guarded handler) {
            Set<Role> allowed = EnumSet.copyOf(roles);
            return ctx -> {
                Tokens.Check check = authenticate(ctx);
                if (check instanceof Tokens.Refused refused) {
                    audit.record(refused.holder(), ctx.method() + " " + ctx.endpointHandlerPath(), null, refused.outcome());
                    ctx.header("WWW-Authenticate", refused.holder() == null ? "Bearer realm=\"vigil\""
                            : "Bearer realm=\"vigil\", error=\"invalid_token\", error_description=\""
                            + refused.outcome().toLowerCase(java.util.Locale.ROOT) + "\"");
                    throw new ApiError(401, refused.reason());
                }
                Caller caller = ((Tokens.Valid) check).caller();
                if (!allowed.contains(caller.role())) {
                    audit.record(caller, ctx.method() + " " + ctx.endpointHandlerPath(), null, "FORBIDDEN");
                    throw new ApiError(403, "Role '" + caller.role().id() + "' may not call this");
                }
                long started = System.nanoTime();
                try {
                    handler.handle(ctx, caller);
                } finally {
                    meters.timer("vigil.sink.api", "route", ctx.endpointHandlerPath())
                            .record(Duration.ofNanos(System.nanoTime() - started));
                }
            };
        }

        private Tokens.Check authenticate(Context ctx) throws SQLException {
            String header = ctx.header("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return tokens.authenticate(null);
            }
            return tokens.authenticate(header.substring(7).trim());
        }
    }
}
