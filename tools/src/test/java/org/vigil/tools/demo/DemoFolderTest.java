package org.vigil.tools.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoFolderTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);

    @Test
    void deletesTheFolderWithTheRawNotesAndTheKeyAtReleaseAndSaysSo() throws Exception {
        Path demo = dir.resolve("data/demo");
        DemoFolder folder = DemoFolder.claim(demo);
        Files.createDirectories(demo.resolve("run/kafka"));
        Files.writeString(demo.resolve("run/deid.key"), "00");
        folder.release(false, out);
        assertThat(demo).doesNotExist();
        assertThat(demo.getParent()).exists();
        assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("Deleted the data folder " + demo + ": it held "
                + DemoFolder.HOLDS + " (--keep keeps it).\n");
    }

    @Test
    void keepsTheFolderWhenAskedAndWarnsWhatItHolds() throws Exception {
        Path demo = dir.resolve("demo");
        DemoFolder folder = DemoFolder.claim(demo);
        Files.writeString(demo.resolve("deid.key"), "00");
        folder.release(true, out);
        assertThat(demo.resolve("deid.key")).hasContent("00");
        assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("Kept the data folder " + demo + " (--keep): it holds "
                + DemoFolder.HOLDS + ", unencrypted. Delete it when you are done.\n");
    }

    @Test
    void emptiesAFolderAnEarlierDemoLeft() throws Exception {
        Path demo = dir.resolve("demo");
        Files.createDirectories(demo.resolve("run/postgres"));
        Files.createDirectories(demo.resolve("notes"));
        Files.writeString(demo.resolve("notes/flawed.csv"), "x");
        DemoFolder.claim(demo);
        try (var entries = Files.list(demo)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(DemoFolder.MARKER);
        }
    }

    @Test
    void refusesAFolderHoldingOtherFilesAndLeavesThemAlone() throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "years of work");
        assertThatThrownBy(() -> DemoFolder.claim(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Refusing to use " + dir + " as the demo's data folder");
        assertThat(dir.resolve("thesis.tex")).hasContent("years of work");
    }

    @Test
    void reclaimsAFolderItMarkedEvenWithOtherFilesInIt() throws Exception {
        DemoFolder.claim(dir);
        Files.writeString(dir.resolve("join.properties"), "x");
        DemoFolder.claim(dir);
        assertThat(dir.resolve("join.properties")).doesNotExist();
        assertThat(dir.resolve(DemoFolder.MARKER)).exists();
    }
}
