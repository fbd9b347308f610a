package org.vigil.launcher.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an operator acts on: how many records each (topic, stage, reason, source kind) holds, most first, and the
 * latest records with their time, reason, source kind and position.
 */
public record DeadLetterReport(Optional<Instant> since, Optional<String> reason, int total, List<Count> counts,
                               List<DeadLetterEntry> latest) {

    /** The number of records sharing one topic, stage, reason code and source kind. */
    public record Count(String topic, String stage, String reason, String sourceKind, long count) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Keeps the entries with {@code reason} (any when empty, case-insensitive), counts them and picks the latest {@code limit}. */
    public static DeadLetterReport of(List<DeadLetterEntry> entries, Optional<Instant> since, Optional<String> reason, int limit) {
        List<DeadLetterEntry> kept = entries.stream()
                .filter(e -> reason.map(r -> r.equalsIgnoreCase(e.reasonCode())).orElse(true))
                .toList();
        Map<Count, Long> grouped = kept.stream().collect(Collectors.groupingBy(
                e -> new Count(e.topic(), e.stage(), e.reasonCode(), e.sourceKind(), 0), LinkedHashMap::new, Collectors.counting()));
        List<Count> counts = grouped.entrySet().stream()
                .map(c -> new Count(c.getKey().topic(), c.getKey().stage(), c.getKey().reason(), c.getKey().sourceKind(), c.getValue()))
                .sorted(Comparator.comparingLong(Count::count).reversed()
                        .thenComparing(Count::topic).thenComparing(Count::stage).thenComparing(Count::reason)
                        .thenComparing(Count::sourceKind))
                .toList();
        List<DeadLetterEntry> latest = kept.stream()
                .sorted(Comparator.comparing(DeadLetterEntry::time).reversed())
                .limit(limit)
                .toList();
        return new DeadLetterReport(since, reason.map(r -> r.toUpperCase(Locale.ROOT)), kept.size(), counts, latest);
    }

    /** Two plain-text tables: the counts, then the latest records. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Dead-lettered and quarantined records%s%s: %d%n",
                since.map(t -> " since " + TIME.format(t)).orElse(""), reason.map(r -> " with reason " + r).orElse(""), total));
        if (total == 0) {
            return out.toString();
        }
        out.append(System.lineSeparator());
        out.append(table(List.of("TOPIC", "STAGE", "REASON", "SOURCE KIND", "COUNT"), counts,
                c -> List.of(c.topic(), c.stage(), c.reason(), c.sourceKind(), String.valueOf(c.count()))));
        out.append(System.lineSeparator()).append(String.format("Latest %d:%n", latest.size()));
        out.append(table(List.of("TIME", "TOPIC", "STAGE", "REASON", "SOURCE KIND", "POSITION"), latest,
                e -> List.of(TIME.format(e.time()), e.topic(), e.stage(), e.reasonCode(), e.sourceKind(), e.position())));
        return out.toString();
    }

    /** The same report as one JSON object, for scripts and alerting. */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", since.map(Instant::toString).orElse(null));
        out.put("reason", reason.orElse(null));
        out.put("total", total);
        out.put("counts", counts);
        out.put("latest", latest.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", e.time().toString());
            row.put("topic", e.topic());
            row.put("stage", e.stage());
            row.put("reason", e.reasonCode());
            row.put("sourceKind", e.sourceKind());
            row.put("position", e.position());
            return row;
        }).toList());
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the report as JSON", e);
        }
    }

    private static <T> String table(List<String> header, List<T> rows, Function<T, List<String>> cells) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        rows.forEach(r -> lines.add(cells.apply(r)));
        int[] widths = new int[header.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                row.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", line.get(i)));
            }
            out.append(row.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }
}
