package org.vigil.sink.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;
import org.vigil.sink.store.Population;
import org.vigil.sink.store.PopulationFilter;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The analysts' API: signals per week, rates per group for the bias audit, and the filter choices. */
final class PopulationApi {

    /** Aggregates are for analysts and researchers (suppressed) and admins; clinicians work from alerts. */
    static final Set<Role> READERS = EnumSet.of(Role.ANALYST, Role.RESEARCHER, Role.ADMIN);
    /** The longest trend drawn, so a wide filter cannot ask for an unbounded series. */
    private static final int MAX_WEEKS = 520;

    record Point(String week, Long value, String display) {
    }

    record Series(String kind, String assertion, Cell total, List<Point> points) {
    }

    record Trends(int minCellSize, boolean suppressed, List<String> weeks, List<Series> series) {
    }

    record GroupRow(String attribute, String value, Cell notes, Cell withSignal, Double rate) {
    }

    record BiasAudit(int minCellSize, boolean suppressed, List<GroupRow> groups) {
    }

    record Filters(List<String> noteTypes, List<String> units, List<String> kinds, List<String> assertions,
                   List<String> tiers, String firstWeek, String lastWeek, Cell notes) {
    }

    private final Population population;
    private final CellPolicy cells;

    PopulationApi(Population population, CellPolicy cells) {
        this.population = population;
        this.cells = cells;
    }

    void routes(Javalin app, DashboardServer.Guard guard) {
        app.get("/api/trends", guard.allow(READERS, (ctx, caller) -> DashboardServer.json(ctx, trends(ctx, caller))));
        app.get("/api/bias", guard.allow(READERS, (ctx, caller) -> DashboardServer.json(ctx, bias(ctx, caller))));
        app.get("/api/filters", guard.allow(EnumSet.allOf(Role.class), (ctx, caller) -> {
            Population.Facets f = population.facets();
            DashboardServer.json(ctx, new Filters(f.noteTypes(), f.units(), names(SignalKind.values()),
                    names(Assertion.values()), names(RiskTier.values()),
                    f.firstWeek() == null ? null : f.firstWeek().toString(),
                    f.lastWeek() == null ? null : f.lastWeek().toString(), cells.cell(f.notes(), caller.role())));
        }));
    }

    private Trends trends(Context ctx, Caller caller) throws java.sql.SQLException {
        PopulationFilter filter = QueryParameters.populationFilter(ctx);
        List<Population.WeekCount> counts = population.signalsPerWeek(filter);
        List<LocalDate> weeks = weeks(counts, filter);
        Map<String, Map<LocalDate, Long>> bySeries = new LinkedHashMap<>();
        for (Population.WeekCount c : counts) {
            bySeries.computeIfAbsent(c.kind() + "|" + c.assertion(), k -> new LinkedHashMap<>()).put(c.week(), c.signals());
        }
        List<Series> series = new ArrayList<>();
        bySeries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] key = e.getKey().split("\\|");
            List<Point> points = new ArrayList<>();
            List<Cell> weekly = new ArrayList<>();
            long total = 0;
            for (LocalDate week : weeks) {
                long n = e.getValue().getOrDefault(week, 0L);
                total += n;
                Cell cell = cells.cell(n, caller.role());
                weekly.add(cell);
                points.add(new Point(week.toString(), cell.value(), cell.display()));
            }
            series.add(new Series(key[0], key[1], cells.total(total, weekly, caller.role()), points));
        });
        return new Trends(cells.minCellSize(), caller.role().countsAreSuppressed(),
                weeks.stream().map(LocalDate::toString).toList(), series);
    }

    /**
     * Every week from the first to the last with data, or of the filter's period (the weeks whose Monday falls in
     * [from, to)), so quiet weeks show as zero.
     */
    private static List<LocalDate> weeks(List<Population.WeekCount> counts, PopulationFilter filter) {
        if (counts.isEmpty()) {
            return List.of();
        }
        LocalDate first = filter.from().map(d -> monday(d.plusDays(6))).orElse(counts.get(0).week());
        LocalDate last = filter.to().map(d -> monday(d.minusDays(1))).orElse(counts.get(counts.size() - 1).week());
        if (ChronoUnit.WEEKS.between(first, last) >= MAX_WEEKS) {
            throw new ApiError(400, "The period spans more than " + MAX_WEEKS + " weeks; narrow it with 'from' and 'to'");
        }
        List<LocalDate> weeks = new ArrayList<>();
        for (LocalDate w = first; !w.isAfter(last); w = w.plusWeeks(1)) {
            weeks.add(w);
        }
        return weeks;
    }

    private static LocalDate monday(LocalDate day) {
        return day.minusDays(day.getDayOfWeek().getValue() - 1L);
    }

    private BiasAudit bias(Context ctx, Caller caller) throws java.sql.SQLException {
        PopulationFilter filter = QueryParameters.populationFilter(ctx);
        List<GroupRow> rows = new ArrayList<>();
        Map<String, List<Population.GroupRate>> byAttribute = new LinkedHashMap<>();
        population.ratesByGroup(filter).forEach(g -> byAttribute.computeIfAbsent(g.attribute(), a -> new ArrayList<>()).add(g));
        // The groups of one attribute add up to all notes in scope: suppress within each attribute as one column.
        for (List<Population.GroupRate> groups : byAttribute.values()) {
            List<Cell> notes = cells.column(groups.stream().map(Population.GroupRate::notes).toList(), caller.role());
            List<Cell> flagged = cells.column(groups.stream().map(Population.GroupRate::notesWithSignal).toList(), caller.role());
            for (int i = 0; i < groups.size(); i++) {
                Population.GroupRate g = groups.get(i);
                // A rate from a hidden count would let the hidden count be worked back out.
                Double rate = notes.get(i).suppressed() || flagged.get(i).suppressed() || g.notes() == 0 ? null
                        : (double) g.notesWithSignal() / g.notes();
                rows.add(new GroupRow(g.attribute(), g.value(), notes.get(i), flagged.get(i), rate));
            }
        }
        return new BiasAudit(cells.minCellSize(), caller.role().countsAreSuppressed(), rows);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
