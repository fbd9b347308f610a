package org.vigil.tools.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.kafka.Topics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil demo --source ... --serve} as a user runs it, in its own JVM: a slice of the Synthea Bulk Data export
 * and the official FHIR example Bundle-101 (a PDF note), every note accounted for, the printed addresses joinable,
 * and the data folder with the raw notes deleted when the demo is stopped (SIGTERM, as Ctrl-C).
 */
class DemoOwnNotesIT {

    private static final Path SYNTHEA = Path.of("../../shared/corpora/synthea-10-patients");
    private static final Path BUNDLE_101 = Path.of("../../shared/corpora/fhir-r4-examples/Bundle-101.json");
    /** A slice of the export's 1,215 notes: the whole export takes a minute more than CI should spend here. */
    private static final int SYNTHEA_NOTES = 100;
    private static final Pattern ACCOUNTED = Pattern.compile(
            "Accounted for: +(\\d+) read = (\\d+) stored \\+ (\\d+) quarantined \\+ (\\d+) dead-lettered \\+ (\\d+) skipped \\(every note\\)");
    private static final Pattern LIFECYCLE = Pattern.compile(
            "Note lifecycle: +([\\d,]+) superseded in the source \\(stored, flagged\\), ([\\d,]+) replaced, ([\\d,]+) withdrawn");

    @TempDir
    Path dir;

    @Test
    void ownFhirExportAndPdfBundleAreAllAccountedForJoinableWhileServedAndDeletedAtExit() throws Exception {
        assertThat(SYNTHEA.resolve("DocumentReference.000.ndjson")).as("the shared Synthea corpus").exists();
        assertThat(BUNDLE_101).as("the shared FHIR R4 examples corpus").exists();
        Path export = dir.resolve("export");
        Files.createDirectories(export);
        Files.copy(SYNTHEA.resolve("Patient.000.ndjson"), export.resolve("Patient.000.ndjson"));
        try (Stream<String> lines = Files.lines(SYNTHEA.resolve("DocumentReference.000.ndjson"))) {
            Files.write(export.resolve("DocumentReference.000.ndjson"), lines.limit(SYNTHEA_NOTES).toList());
        }
        Path data = dir.resolve("demo");

        Process demo = startDemo("demo", "--source", "ndjson=" + export, "--source", "fhir=" + BUNDLE_101,
                "--data-dir", data.toString(), "--serve", "--timeout", "PT4M");
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = readLines(demo, out);
        try {
            awaitLine(demo, out, "Serving until interrupted", Duration.ofMinutes(5));

            Matcher accounted = ACCOUNTED.matcher(line(out, "Accounted for:"));
            assertThat(accounted.find()).as("every note accounted for: %s", out).isTrue();
            long read = Long.parseLong(accounted.group(1));
            long stored = Long.parseLong(accounted.group(2));
            // Each DocumentReference line is one note, and Bundle-101 holds one, its DiagnosticReport's PDF.
            assertThat(read).isEqualTo(SYNTHEA_NOTES + 1);
            assertThat(stored).isPositive();
            assertThat(stored + Long.parseLong(accounted.group(3)) + Long.parseLong(accounted.group(4))
                    + Long.parseLong(accounted.group(5))).isEqualTo(read);
            assertThat(line(out, "Notes in:")).startsWith("Notes in:          " + read + " read, ");

            // The printed addresses are the live ones, and the join file says the same.
            String bootstrap = value(line(out, "Kafka bootstrap servers"));
            String jdbc = value(line(out, "PostgreSQL JDBC URL"));
            Properties join = new Properties();
            try (var in = Files.newBufferedReader(data.resolve(JoinSettings.FILE))) {
                join.load(in);
            }
            assertThat(join).containsEntry("bootstrap.servers", bootstrap).containsEntry("postgres.url", jdbc)
                    .containsEntry("schema.registry.url", value(line(out, "Schema registry URL")));
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from notes")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(stored);
            }
            // Synthea marks nearly all its DocumentReferences superseded, their replacements absent: stored, flagged.
            Matcher lives = LIFECYCLE.matcher(line(out, "Note lifecycle:"));
            assertThat(lives.matches()).as("the note lifecycle line: %s", out).isTrue();
            try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from notes where superseded_in_source")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive().isEqualTo(Long.parseLong(lives.group(1).replace(",", "")));
            }
            assertThat(lives.group(2)).isEqualTo("0");
            assertThat(lives.group(3)).isEqualTo("0");
            assertThat(CommittedRecords.readAll(bootstrap, Topics.NOTES_RAW.name(), Duration.ofSeconds(30)))
                    .hasSize((int) (read - Long.parseLong(accounted.group(5)) - ingestDeadLetters(out)));
        } finally {
            // SIGTERM, as Ctrl-C; through the handle, since Process.destroy() also closes the output being read.
            demo.toHandle().destroy();
            assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("the demo stops on SIGTERM").isTrue();
            reader.join(10_000);
        }
        assertThat(out).anyMatch(l -> l.startsWith("Deleted the data folder " + data + ": it held the raw notes topic"));
        assertThat(data).doesNotExist();
    }

    private static long ingestDeadLetters(List<String> out) {
        Matcher m = Pattern.compile(", (\\d+) dead-lettered at ingest").matcher(line(out, "Notes in:"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The address after the label, up to the first space: "  Label   value (comment)". */
    private static String value(String line) {
        return line.strip().split(" {2,}")[1].split(" ")[0];
    }

    private static String line(List<String> out, String start) {
        return out.stream().filter(l -> l.strip().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("No line starting '" + start + "' in " + out));
    }

    private Process startDemo(String... args) throws IOException {
        // The test's class path as an argument file: the forked JVM's own path is a manifest-only jar.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path argFile = dir.resolve("classpath.args");
        Files.writeString(argFile, "-cp \"" + classPath.replace("\\", "\\\\") + "\"\n");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "@" + argFile,
                "org.vigil.tools.VigilTools"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(dir.resolve("demo-log.txt").toFile()).start();
    }

    private static Thread readLines(Process process, List<String> out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    out.add(l);
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "demo-output");
        t.start();
        return t;
    }

    private static void awaitLine(Process process, List<String> out, String start, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.stream().noneMatch(l -> l.startsWith(start))) {
            assertThat(process.isAlive()).as("the demo is running: %s", out).isTrue();
            assertThat(System.nanoTime()).as("'%s' within %s: %s", start, timeout, out).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
