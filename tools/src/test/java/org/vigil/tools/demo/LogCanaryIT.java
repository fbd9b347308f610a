package org.vigil.tools.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the pipeline on notes carrying distinctive PHI canaries, with Vigil's own loggers at debug level, and
 * asserts that no canary appears in anything logged or printed.
 */
class LogCanaryIT {

    private static final List<String> CANARIES = List.of(
            "Zebulon Quillfeather", "Quillfeather", "MRN 48213377", "48213377", "617-555-0199",
            "zq.canary@examplemail.org", "1187 Wintergreen Terrace", "123-45-6789");

    @TempDir
    Path dir;

    @Test
    void noCanaryPhiAppearsInLogsOrConsoleOutput() throws Exception {
        List<SyntheticNote> notes = new ArrayList<>();
        for (SyntheticNote n : new CorpusGenerator(5_000L).generate(20)) {
            String canaryLine = "\nPt Zebulon Quillfeather (MRN 48213377), 1187 Wintergreen Terrace, tel 617-555-0199, "
                    + "zq.canary@examplemail.org, SSN 123-45-6789, denies SI.\n";
            notes.add(new SyntheticNote(n.noteId(), n.patientId(), n.encounterId(), n.noteType(), n.authorRole(),
                    n.authoredAt(), n.text() + canaryLine, n.phi(), n.signals(), n.attributes()));
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(tee(originalOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(originalErr, console), true, StandardCharsets.UTF_8));
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("run"), 2, Map.of())) {
            PipelineRun.ingestAndSettle(pipeline, notes, dir.resolve("notes"));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String logged = console.toString(StandardCharsets.UTF_8);
        Path logFile = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "System.err"));
        if (Files.isRegularFile(logFile)) {
            logged += Files.readString(logFile);
        }
        assertThat(logged).contains("Stage deidentify started");
        for (String canary : CANARIES) {
            assertThat(logged).as("canary of %d chars logged", canary.length()).doesNotContain(canary);
        }
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int c) throws java.io.IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws java.io.IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }
}
