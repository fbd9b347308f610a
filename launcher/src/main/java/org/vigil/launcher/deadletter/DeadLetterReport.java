package org.vigil.launcher.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /** The report over {@code entries}, as a {@link Tally} would give it. */
    public static DeadLetterReport of(List<DeadLetterEntry> entries, Optional<Instant> since, Optional<String> reason, int limit) {
        Tally tally = new Tally(since, reason, limit);
        entries.forEach(tally);
        return tally.report();
    }

    /**
     * Counts entries as they are read and keeps only the latest {@code limit}, so a topic holding millions of dead
     * letters (a feed of messages without notes, say) is reported in constant memory.
     */
    public static final class Tally implements Consumer<DeadLetterEntry> {

        private record Group(String topic, String stage, String reason, String sourceKind) {
        }

        private static final Comparator<DeadLetterEntry> OLDEST_FIRST = Comparator.comparing(DeadLetterEntry::time);

        private final Optional<Instant> since;
        private final Optional<String> reason;
        private final int limit;
        private final Map<Group, Long> counts = new HashMap<>();
        private final PriorityQueue<DeadLetterEntry> latest = new PriorityQueue<>(OLDEST_FIRST);
        private int total;

        /** Keeps the entries with {@code reason} (any when empty, case-insensitive) and the latest {@code limit} of them. */
        public Tally(Optional<Instant> since, Optional<String> reason, int limit) {
            this.since = since;
            this.reason = reason.map(r -> r.toUpperCase(Locale.ROOT));
            this.limit = limit;
        }

        @Override
        public void accept(DeadLetterEntry entry) {
            if (reason.isPresent() && !reason.get().equalsIgnoreCase(entry.reasonCode())) {
                return;
            }
            total++;
            counts.merge(new Group(entry.topic(), entry.stage(), entry.reasonCode(), entry.sourceKind()), 1L, Long::sum);
            latest.add(entry);
            if (latest.size() > limit) {
                latest.poll();
            }
        }

        public DeadLetterReport report() {
            List<Count> rows = counts.entrySet().stream()
                    .map(c -> new Count(c.getKey().topic(), c.getKey().stage(), c.getKey().reason(), c.getKey().sourceKind(), c.getValue()))
                    .sorted(Comparator.comparingLong(Count::count).reversed()
                            .thenComparing(Count::topic).thenComparing(Count::stage).thenComparing(Count::reason)
                            .thenComparing(Count::sourceKind))
                    .toList();
            List<DeadLetterEntry> newestFirst = latest.stream().sorted(OLDEST_FIRST.reversed()).toList();
            return new DeadLetterReport(since, reason, total, rows, newestFirst);
        }
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
