package org.vigil.sink.web;

import io.javalin.http.Context;
import org.vigil.schemas.Assertion;
import org.vigil.schemas.SignalKind;
import org.vigil.sink.store.Bucket;
import org.vigil.sink.store.PopulationFilter;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads the population filters from a request's query string, refusing unknown values with a 400. */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * {@code kind} and {@code assertion} are comma lists (assertion defaults to AFFIRMED; {@code ALL} means every
     * one); {@code noteType}, {@code unit}, {@code from}, {@code to} (ISO dates, to exclusive) are optional.
     */
    static PopulationFilter populationFilter(Context ctx) {
        Set<SignalKind> kinds = enums(ctx.queryParam("kind"), SignalKind.class, SignalKind::valueOf, "kind");
        String assertionParam = ctx.queryParam("assertion");
        Set<Assertion> assertions = assertionParam == null || assertionParam.isBlank()
                ? EnumSet.of(Assertion.AFFIRMED)
                : enums(assertionParam, Assertion.class, Assertion::valueOf, "assertion");
        Optional<LocalDate> from = date(ctx.queryParam("from"), "from");
        Optional<LocalDate> to = date(ctx.queryParam("to"), "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new ApiError(400, "'to' must be after 'from'");
        }
        return new PopulationFilter(kinds, assertions, text(ctx.queryParam("noteType")), text(ctx.queryParam("unit")),
                from, to);
    }

    /** {@code bucket}: {@code week} (the default) or {@code month}. */
    static Bucket bucket(Context ctx) {
        String value = ctx.queryParam("bucket");
        if (value == null || value.isBlank()) {
            return Bucket.WEEK;
        }
        try {
            return Bucket.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "'bucket' must be 'week' or 'month'");
        }
    }

    static int limit(Context ctx, int fallback, int max) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit < 1 || limit > max) {
                throw new ApiError(400, "'limit' must be between 1 and " + max);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "'limit' must be a number");
        }
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<LocalDate> date(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "'" + name + "' must be a date like 2031-01-31");
        }
    }

    private static <E extends Enum<E>> Set<E> enums(String list, Class<E> type, Function<String, E> parse, String name) {
        Set<E> values = EnumSet.noneOf(type);
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("ALL")) {
            return values;
        }
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            try {
                values.add(parse.apply(item.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "Unknown " + name + " '" + item.trim() + "'");
            }
        }
        return values;
    }
}
