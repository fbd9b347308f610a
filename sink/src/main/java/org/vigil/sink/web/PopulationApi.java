package org.vigil.sink.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.RiskTier;
import org.vigil.schemas.SignalKind;
import org.vigil.sink.store.Bucket;
import org.vigil.sink.store.Population;
import org.vigil.sink.store.PopulationFilter;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The analysts' API: notes with signals per week or month (counts and rates), rates per group for the bias audit, and the filter choices. */
final class PopulationApi {

    /** Aggregates are for analysts and researchers (suppressed) and admins; clinicians work from alerts. */
    static final Set<Role> READERS = EnumSet.of(Role.ANALYST, Role.RESEARCHER, Role.ADMIN);
    /** The longest trend drawn, so a wide filter cannot ask for an unbounded series. */
    private static final int MAX_BUCKETS = 520;

    /**
     * One bucket of a series: the notes with a matching signal (a cell) and their rate per 1,000 notes of the bucket,
     * null when either count is hidden or the bucket holds no note.
     */
    record Point(String start, Long value, String display, Double rate) {
    }

    record Series(String kind, String assertion, Cell total, Double rate, List<Point> points) {
    }

    /**
     * Series over every bucket of the period, with the notes stored in each bucket (the rates' denominators);
     * {@code earlierOmitted} when notes before the first bucket exist but the history was too long to show.
     */
    record Trends(int minCellSize, boolean suppressed, String bucket, List<String> buckets, boolean earlierOmitted,
                  List<Cell> notes, Cell notesTotal, List<Series> series) {
    }

    /**
     * A rate with its 95% Wilson interval, both null when a count behind them is hidden (they would give it back) or
     * the denominator is zero; {@code difference} is ABOVE or BELOW when the interval does not overlap the overall
     * rate's interval, else null.
     */
    record Rate(Double value, WilsonInterval interval, String difference) {
    }

    /**
     * One group (or all notes in scope): notes, notes with a matching signal and their rate; notes a clinician
     * adjudicated, those judged false alarms and their rate. {@code rate} repeats {@code signalRate.value}.
     */
    record GroupRow(String attribute, String value, Cell notes, Cell withSignal, Double rate, Rate signalRate,
                    Cell adjudicated, Cell falseAlarms, Rate falseAlarmRate) {
    }

    /**
     * The audit: each group's rates are compared with the overall rates (all notes in scope), and a difference is
     * flagged only where the two 95% intervals do not overlap.
     */
    record BiasAudit(int minCellSize, boolean suppressed, double confidence, String comparedWith, GroupRow overall,
                     List<GroupRow> groups) {
    }

    record Filters(List<String> noteTypes, List<String> units, List<String> kinds, List<String> assertions,
                   List<String> tiers, String firstWeek, String lastWeek, Cell notes) {
    }

    private final Population population;
    private final CellPolicy cells;
    private final AccessAudit audit;

    PopulationApi(Population population, CellPolicy cells, AccessAudit audit) {
        this.population = population;
        this.cells = cells;
        this.audit = audit;
    }

    void routes(Javalin app, DashboardServer.Guard guard) {
        app.get("/api/trends", guard.allow(READERS, (ctx, caller) -> DashboardServer.json(ctx, trends(ctx, caller))));
        app.get("/api/trends.csv", guard.allow(READERS, (ctx, caller) -> {
            Trends trends = trends(ctx, caller);
            // Aggregates under the small-cell rule, but still a file leaving the system: who took which view is kept.
            audit.record(caller, "EXPORT_TRENDS_CSV", ctx.queryString(), "OK");
            ctx.header("Content-Disposition", "attachment; filename=\"vigil-trends-" + trends.bucket() + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(csv(trends));
        }));
        app.get("/api/bias", guard.allow(READERS, (ctx, caller) -> DashboardServer.json(ctx, bias(ctx, caller))));
        app.get("/api/filters", guard.allow(EnumSet.allOf(Role.class), (ctx, caller) -> {
            Population.Facets f = population.facets();
            DashboardServer.json(ctx, new Filters(f.noteTypes(), f.units(), names(SignalKind.values()),
                    names(Assertion.values()), names(RiskTier.values()),
                    f.firstWeek() == null ? null : f.firstWeek().toString(),
                    f.lastWeek() == null ? null : f.lastWeek().toString(), cells.cell(f.notes(), caller.role())));
        }));
    }

    Trends trends(Context ctx, Caller caller) throws java.sql.SQLException {
        PopulationFilter filter = QueryParameters.populationFilter(ctx);
        Bucket bucket = QueryParameters.bucket(ctx);
        List<Population.BucketCount> counts = population.notesPerBucket(filter, bucket);
        List<LocalDate> starts = buckets(counts, filter, bucket);
        Map<LocalDate, Long> notesPerBucket = new HashMap<>();
        Map<String, Map<LocalDate, Long>> bySeries = new TreeMap<>();
        for (Population.BucketCount c : counts) {
            if (c.isDenominator()) {
                notesPerBucket.put(c.start(), c.notes());
            } else {
                bySeries.computeIfAbsent(c.kind() + "|" + c.assertion(), k -> new HashMap<>()).put(c.start(), c.notes());
            }
        }
        Role role = caller.role();
        List<Cell> notes = new ArrayList<>();
        long notesTotal = 0;
        for (LocalDate start : starts) {
            long n = notesPerBucket.getOrDefault(start, 0L);
            notesTotal += n;
            notes.add(cells.cell(n, role));
        }
        Cell notesTotalCell = cells.total(notesTotal, notes, role);
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<LocalDate, Long>> e : bySeries.entrySet()) {
            String[] key = e.getKey().split("\\|");
            List<Point> points = new ArrayList<>();
            List<Cell> parts = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < starts.size(); i++) {
                long n = e.getValue().getOrDefault(starts.get(i), 0L);
                total += n;
                Cell cell = cells.cell(n, role);
                parts.add(cell);
                points.add(new Point(starts.get(i).toString(), cell.value(), cell.display(), perThousand(cell, notes.get(i))));
            }
            Cell totalCell = cells.total(total, parts, role);
            series.add(new Series(key[0], key[1], totalCell, perThousand(totalCell, notesTotalCell), points));
        }
        boolean earlierOmitted = !starts.isEmpty() && counts.get(0).start().isBefore(starts.get(0));
        return new Trends(cells.minCellSize(), role.countsAreSuppressed(), bucket.truncation(),
                starts.stream().map(LocalDate::toString).toList(), earlierOmitted, notes, notesTotalCell, series);
    }

    /**
     * Notes with a signal per 1,000 notes, to two decimals; null when either count is hidden (the rate and the other
     * count would give the hidden one back) or there is no note.
     */
    static Double perThousand(Cell withSignal, Cell notes) {
        if (withSignal.suppressed() || notes.suppressed() || notes.value() == 0) {
            return null;
        }
        return Math.round(100_000.0 * withSignal.value() / notes.value()) / 100.0;
    }

    /**
     * Every bucket from the first to the last holding a note, or of the filter's period (the buckets whose start
     * falls in [from, to)), so quiet buckets show as zero. Without 'from', a longer history keeps its latest
     * {@link #MAX_BUCKETS} buckets (the page says so); with it, a longer period is refused.
     */
    private static List<LocalDate> buckets(List<Population.BucketCount> counts, PopulationFilter filter, Bucket bucket) {
        if (counts.isEmpty()) {
            return List.of();
        }
        LocalDate last = filter.to().map(d -> bucket.start(d.minusDays(1))).orElse(counts.get(counts.size() - 1).start());
        LocalDate first = filter.from().map(bucket::firstStartOnOrAfter).orElse(counts.get(0).start());
        if (bucket.count(first, last) > MAX_BUCKETS) {
            if (filter.from().isPresent()) {
                throw new ApiError(400, "The period spans more than " + MAX_BUCKETS + " " + bucket.truncation()
                        + "s; narrow it with 'from' and 'to'" + (bucket == Bucket.WEEK ? " or ask for bucket=month" : ""));
            }
            first = bucket.back(last, MAX_BUCKETS - 1);
        }
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate s = first; !s.isAfter(last); s = bucket.next(s)) {
            starts.add(s);
        }
        return starts;
    }

    private BiasAudit bias(Context ctx, Caller caller) throws java.sql.SQLException {
        Population.GroupRates counts = population.ratesByGroup(QueryParameters.populationFilter(ctx));
        Role role = caller.role();
        Population.GroupRate all = counts.overall();
        Cell notes = cells.cell(all.notes(), role);
        Cell withSignal = cells.cell(all.notesWithSignal(), role);
        Cell adjudicated = cells.cell(all.adjudicated(), role);
        Cell falseAlarms = cells.cell(all.falseAlarms(), role);
        Rate signal = rate(withSignal, notes, null);
        Rate falseAlarm = rate(falseAlarms, adjudicated, null);
        GroupRow overall = new GroupRow(null, null, notes, withSignal, signal.value(), signal, adjudicated,
                falseAlarms, falseAlarm);

        Map<String, List<Population.GroupRate>> byAttribute = new LinkedHashMap<>();
        counts.groups().forEach(g -> byAttribute.computeIfAbsent(g.attribute(), a -> new ArrayList<>()).add(g));
        List<GroupRow> rows = new ArrayList<>();
        // The groups of one attribute add up to all notes in scope: suppress within each attribute as one column.
        for (List<Population.GroupRate> groups : byAttribute.values()) {
            List<Cell> groupNotes = cells.column(groups.stream().map(Population.GroupRate::notes).toList(), role);
            List<Cell> flagged = cells.column(groups.stream().map(Population.GroupRate::notesWithSignal).toList(), role);
            List<Cell> reviewed = cells.column(groups.stream().map(Population.GroupRate::adjudicated).toList(), role);
            List<Cell> alarms = cells.column(groups.stream().map(Population.GroupRate::falseAlarms).toList(), role);
            for (int i = 0; i < groups.size(); i++) {
                Population.GroupRate g = groups.get(i);
                Rate groupSignal = rate(flagged.get(i), groupNotes.get(i), signal);
                rows.add(new GroupRow(g.attribute(), g.value(), groupNotes.get(i), flagged.get(i), groupSignal.value(),
                        groupSignal, reviewed.get(i), alarms.get(i), rate(alarms.get(i), reviewed.get(i), falseAlarm)));
            }
        }
        return new BiasAudit(cells.minCellSize(), role.countsAreSuppressed(), WilsonInterval.CONFIDENCE, "overall",
                overall, rows);
    }

    /**
     * The share {@code part / whole} with its Wilson interval, compared with {@code overall} when given; nothing when
     * either count is hidden (a rate or interval from a hidden count would let it be worked back out) or whole is 0.
     */
    static Rate rate(Cell part, Cell whole, Rate overall) {
        if (part.suppressed() || whole.suppressed() || whole.value() == 0) {
            return new Rate(null, null, null);
        }
        WilsonInterval interval = WilsonInterval.of(part.value(), whole.value());
        String difference = null;
        if (overall != null && overall.interval() != null && interval.disjointFrom(overall.interval())) {
            difference = interval.lower() > overall.interval().upper() ? "ABOVE" : "BELOW";
        }
        return new Rate((double) part.value() / whole.value(), interval, difference);
    }

    /**
     * The trend as CSV (RFC 4180, CRLF), one line per series and bucket, with the same cells as the JSON: a hidden
     * count is written as its display ({@code <11}), a rate derived from a hidden count as {@code suppressed}, and a
     * bucket without notes has no rate (empty).
     */
    static String csv(Trends trends) {
        StringBuilder csv = new StringBuilder(
                "bucket,bucket_start,kind,assertion,notes,notes_with_signal,per_1000_notes\r\n");
        for (Series s : trends.series()) {
            for (int i = 0; i < trends.buckets().size(); i++) {
                Point p = s.points().get(i);
                csv.append(trends.bucket()).append(',').append(p.start()).append(',').append(s.kind()).append(',')
                        .append(s.assertion()).append(',').append(trends.notes().get(i).display()).append(',')
                        .append(p.display()).append(',')
                        .append(rate(p.rate(), trends.notes().get(i)))
                        .append("\r\n");
            }
        }
        return csv.toString();
    }

    /** Empty where the bucket holds no note (there is no rate), {@code suppressed} where a count is hidden. */
    private static String rate(Double rate, Cell notes) {
        if (rate != null) {
            return String.format(java.util.Locale.ROOT, "%.2f", rate);
        }
        return Long.valueOf(0).equals(notes.value()) ? "" : "suppressed";
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
