package org.vigil.tools.demo;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoSourceTest {

    @Test
    void readsEachKindWithTheAdapterVigilIngestUses() {
        assertThat(List.of("fhir=a.json", "ndjson=export", "hl7=feed", "csv=notes.csv", "folder=inbox").stream()
                .map(DemoSource::parse).map(s -> s.ingestSettings().get("ingest.source")).toList())
                .containsExactly("fhir", "ndjson", "hl7-file", "csv", "folder");
    }

    @Test
    void passesThePathAsGivenAndLeavesTheSendingSystemToIngestsDefault() {
        Map<String, Object> settings = DemoSource.parse("NDJSON=../shared/corpora/synthea-10-patients").ingestSettings();
        assertThat(settings).containsEntry("ingest.path", Path.of("../shared/corpora/synthea-10-patients").toString())
                .doesNotContainKey("ingest.source.system");
    }

    @Test
    void readsAFolderWithoutWaitingForFilesToSettle() {
        assertThat(DemoSource.parse("folder=inbox").ingestSettings()).containsEntry("ingest.folder.settle.ms", 0L);
    }

    @Test
    void refusesAnUnknownKindNamingTheKnownOnes() {
        assertThatThrownBy(() -> DemoSource.parse("mllp=2575")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown source kind 'mllp', expected one of fhir, ndjson, hl7, csv, folder");
    }

    @Test
    void refusesASourceWithoutKindOrPath() {
        assertThatThrownBy(() -> DemoSource.parse("export")).hasMessageStartingWith("Expected KIND=PATH");
        assertThatThrownBy(() -> DemoSource.parse("fhir=")).hasMessageStartingWith("Expected KIND=PATH");
    }

    @Test
    void demoTakesRepeatedSourcesAndKeep() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--source", "ndjson=export", "--source", "fhir=Bundle-101.json", "--keep");
        assertThat(demo.sources).containsExactly(new DemoSource(DemoSource.Kind.NDJSON, Path.of("export")),
                new DemoSource(DemoSource.Kind.FHIR, Path.of("Bundle-101.json")));
        assertThat(demo.keep).isTrue();
    }

    @Test
    void demoDeletesItsDataFolderByDefault() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        assertThat(demo.keep).isFalse();
        assertThat(demo.sources).isEmpty();
    }

    @Test
    void demoRefusesAMissingInputBeforeStartingAnything(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var text = new java.io.ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand(new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));
        new CommandLine(demo).parseArgs("--source", "fhir=" + dir.resolve("absent.json"), "--data-dir", dir.resolve("demo").toString());
        assertThat(demo.call()).isEqualTo(2);
        assertThat(text.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("No such input for --source fhir: ");
        assertThat(dir.resolve("demo")).doesNotExist();
    }
}
