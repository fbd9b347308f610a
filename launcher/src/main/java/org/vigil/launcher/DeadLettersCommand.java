package org.vigil.launcher;

import org.vigil.launcher.deadletter.DeadLetterReader;
import org.vigil.launcher.deadletter.DeadLetterReport;
import org.vigil.runtime.config.ConfigSource;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.runtime.kafka.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lists the dead-lettered and quarantined records by reason and source kind, so an operator can act on them. */
@Command(name = "deadletters", mixinStandardHelpOptions = true,
        description = {"Lists the records on vigil.deadletter and vigil.notes.quarantine: counts by topic, stage, "
                + "reason and source kind, then the latest records with time, reason, source kind and position "
                + "(a file as its keyed hash #<16 hex> with line or entry, a message number, or topic/partition/offset). "
                + "Never note text or a raw file name. Reads without a consumer group and commits nothing.",
                "Settings: --config FILE, then VIGIL_<NAME> environment variables, then --set name=value, as for `vigil run`."})
public final class DeadLettersCommand implements Callable<Integer> {

    /** How long reading both topics to their end may take before the command gives up with an error. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhdw])");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "Properties file with the cluster settings (bootstrap.servers, "
            + "schema.registry.url, kafka.* security settings).")
    Optional<Path> configFile;

    @Option(names = "--set", description = "A setting, name=value; repeatable.")
    Map<String, String> overrides = Map.of();

    @Option(names = "--since", paramLabel = "DURATION|TIMESTAMP",
            description = "Only records written since then: 30m, 24h, 7d, 2w, an ISO-8601 duration (PT6H), "
                    + "a date (2026-12-01, UTC) or a timestamp (2026-12-01T08:00:00Z).")
    String since;

    @Option(names = "--reason", paramLabel = "CODE", description = "Only records with this reason code, e.g. MALFORMED_HL7.")
    String reason;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Latest records to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more");
        }
        Optional<Instant> from;
        try {
            from = Optional.ofNullable(since).map(s -> since(s, Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        VigilConfig config = new VigilConfig(VigilConfig.common(), ConfigSource.load(configFile, System.getenv(), overrides));
        DeadLetterReport.Tally tally = new DeadLetterReport.Tally(from, Optional.ofNullable(reason), limit);
        new DeadLetterReader(config, READ_TIMEOUT).read(List.of(Topics.DEAD_LETTERS, Topics.NOTES_QUARANTINE), from, tally);
        DeadLetterReport report = tally.report();
        spec.commandLine().getOut().print(json ? report.json() : report.text());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The instant {@code value} names: a time before now (24h, PT6H) or a date or timestamp. */
    static Instant since(String value, Clock clock) {
        String v = value.trim();
        Matcher shortForm = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            Duration d = switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return clock.instant().minus(Duration.parse(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + value + "' is neither a duration (30m, 24h, 7d, PT6H) "
                    + "nor a date or timestamp (2026-12-01, 2026-12-01T08:00:00Z)");
        }
    }
}
