package org.vigil.ingest.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.ingest.IngestSettings.CSV_COLUMNS;
import static org.vigil.ingest.IngestSettings.CSV_IDENTIFIER_COLUMNS;
import static org.vigil.ingest.IngestSettings.FOLDER_GLOB;
import static org.vigil.ingest.IngestSettings.HTTP_PORT;
import static org.vigil.ingest.IngestSettings.HTTP_TOKEN_FILE;
import static org.vigil.ingest.IngestSettings.MLLP_PORT;
import static org.vigil.ingest.IngestSettings.PATH;
import static org.vigil.ingest.IngestSettings.SOURCE;
import static org.vigil.ingest.IngestSettings.SOURCE_SYSTEM;

/** Each {@code vigil ingest} subcommand accepts its options and turns them into the stage settings it runs with. */
class IngestCommandTest {

    private static SourceCommand parse(String... args) {
        CommandLine.ParseResult result = new CommandLine(new IngestCommand()).parseArgs(args);
        return (SourceCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void fileSourcesSetTheirSourceAndPathAndStopOnceRead() {
        Map<String, String> sources = Map.of("fhir", "fhir", "ndjson", "ndjson", "hl7", "hl7-file");
        sources.forEach((subcommand, source) -> {
            SourceCommand command = parse(subcommand, "notes");
            assertThat(command.commandLineSettings()).as(subcommand).isEqualTo(Map.of(SOURCE, source, PATH, "notes"));
            assertThat(command.untilInterrupted()).as(subcommand).isFalse();
        });
    }

    @Test
    void csvPassesItsColumnMappingOnlyWhenGiven() {
        assertThat(parse("csv", "export.csv").commandLineSettings()).isEqualTo(Map.of(SOURCE, "csv", PATH, "export.csv"));
        SourceCommand command = parse("csv", "export.csv", "--columns", "text=body,patientId=mrn");
        assertThat(command.commandLineSettings())
                .isEqualTo(Map.of(SOURCE, "csv", PATH, "export.csv", CSV_COLUMNS, "text=body,patientId=mrn"));
        assertThat(command.untilInterrupted()).isFalse();
    }

    @Test
    void csvPassesItsIdentifierColumnsOnlyWhenGiven() {
        SourceCommand command = parse("csv", "export.csv", "--identifier-columns", "GIVEN_NAME=first_name,BIRTH_DATE=dob");
        assertThat(command.commandLineSettings()).isEqualTo(
                Map.of(SOURCE, "csv", PATH, "export.csv", CSV_IDENTIFIER_COLUMNS, "GIVEN_NAME=first_name,BIRTH_DATE=dob"));
    }

    @Test
    void folderWatchesUntilInterruptedUnlessOnce() {
        SourceCommand watch = parse("folder", "inbox", "--glob", "*.note");
        assertThat(watch.commandLineSettings()).isEqualTo(Map.of(SOURCE, "folder", PATH, "inbox", FOLDER_GLOB, "*.note"));
        assertThat(watch.untilInterrupted()).isTrue();
        SourceCommand once = parse("folder", "inbox", "--once");
        assertThat(once.commandLineSettings()).isEqualTo(Map.of(SOURCE, "folder", PATH, "inbox"));
        assertThat(once.untilInterrupted()).isFalse();
    }

    @Test
    void listenersTakeTheirPortAndRunUntilInterrupted() {
        SourceCommand mllp = parse("mllp", "--port", "3575");
        assertThat(mllp.commandLineSettings()).isEqualTo(Map.of(SOURCE, "mllp", MLLP_PORT, "3575"));
        assertThat(mllp.untilInterrupted()).isTrue();
        assertThat(parse("mllp").commandLineSettings()).isEqualTo(Map.of(SOURCE, "mllp"));

        SourceCommand http = parse("http", "--token-file", "token", "--port", "9087");
        assertThat(http.commandLineSettings()).isEqualTo(Map.of(SOURCE, "http", HTTP_TOKEN_FILE, "token", HTTP_PORT, "9087"));
        assertThat(http.untilInterrupted()).isTrue();
    }

    @Test
    void requiredInputsAreRejectedWhenMissing() {
        assertThatThrownBy(() -> parse("http", "--port", "9087")).isInstanceOf(MissingParameterException.class)
                .hasMessageContaining("--token-file");
        for (String subcommand : List.of("fhir", "ndjson", "hl7", "csv", "folder")) {
            assertThatThrownBy(() -> parse(subcommand)).as(subcommand).isInstanceOf(MissingParameterException.class);
        }
    }

    @Test
    void everySubcommandTakesTheSharedOptionsAndKeepsItsOwnSourceOverADashD() {
        Map<String, List<String>> own = Map.of("fhir", List.of("in"), "ndjson", List.of("in"), "hl7", List.of("in"),
                "csv", List.of("in"), "folder", List.of("in"), "mllp", List.of(), "http", List.of("--token-file", "token"));
        own.forEach((subcommand, ownArgs) -> {
            List<String> args = new ArrayList<>(List.of(subcommand, "-c", "vigil.properties",
                    "-Dbootstrap.servers=kafka:9092", "-Dingest.source=elsewhere", "--source-system", "ward7",
                    "--progress-seconds", "12"));
            args.addAll(ownArgs);
            SourceCommand command = parse(args.toArray(String[]::new));
            assertThat(command.configFile).as(subcommand).isEqualTo(Path.of("vigil.properties"));
            assertThat(command.progressInterval()).as(subcommand).isEqualTo(Duration.ofSeconds(12));
            assertThat(command.commandLineSettings()).as(subcommand)
                    .containsEntry("bootstrap.servers", "kafka:9092")
                    .containsEntry(SOURCE_SYSTEM, "ward7")
                    .containsEntry(SOURCE, command.sourceSettings().get(SOURCE))
                    .doesNotContainValue("elsewhere");
        });
    }

    @Test
    void progressIsEveryFiveSecondsByDefaultAndNeverUnderOne() {
        assertThat(parse("fhir", "in").progressInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("fhir", "in", "--progress-seconds", "0").progressInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("fhir", "in").configFile).isNull();
    }
}
