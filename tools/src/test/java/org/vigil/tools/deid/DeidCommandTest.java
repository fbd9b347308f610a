package org.vigil.tools.deid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.CorpusWriter;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DeidCommandTest {

    @TempDir
    Path dir;

    private int run(Object command, StringWriter out, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void writesOneCleanTextPerInputAndFailsClosedOnInvalidUtf8() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Files.writeString(in.resolve("a.txt"), "Seen by Dr. Okafor on 03/14/2024, cell 617-555-0134.", StandardCharsets.UTF_8);
        Files.write(in.resolve("b.txt"), new byte[] {'O', 'k', (byte) 0xC3, (byte) 0x28, 'x'});
        Path key = dir.resolve("deid.key");
        Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]));
        DeidCommand command = new DeidCommand();
        StringWriter err = new StringWriter();
        command.stderr = new PrintWriter(err, true);
        StringWriter stdout = new StringWriter();
        command.stdout = new PrintWriter(stdout, true);

        int code = run(command, new StringWriter(), "--in", in.toString(), "--out", out.toString(), "--mode", "tag",
                "--key-file", key.toString());

        assertThat(code).isEqualTo(1);
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("Seen by Dr. [NAME] on [DATE], cell [CONTACT].");
        assertThat(out.resolve("b.txt")).doesNotExist();
        assertThat(err.toString()).contains("b.txt: failed closed, INVALID_ENCODING");
        assertThat(stdout.toString()).startsWith("1 notes de-identified (tag mode");
    }

    @Test
    void readsTheTextOfI2b2FilesAndRefusesSurrogatesWithoutAKey() throws Exception {
        Path corpus = dir.resolve("corpus");
        CorpusWriter.write(new CorpusGenerator(5).generate(3), corpus);
        Path in = Files.createDirectories(dir.resolve("xml"));
        try (var files = Files.list(corpus)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        Path out = dir.resolve("out");
        assertThat(run(new DeidCommand(), new StringWriter(), "--in", in.toString(), "--out", out.toString(),
                "--mode", "tag")).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("residual.tsv", "syn5-00000.txt", "syn5-00001.txt", "syn5-00002.txt");
        }
        // One row per note: what the residual check alone found in it.
        List<String> residual = Files.readAllLines(out.resolve("residual.tsv"));
        assertThat(residual).hasSize(4).first().isEqualTo("note\tresidual");
        assertThat(residual.subList(1, 4)).allMatch(row -> row.matches("syn5-0000[0-2]\t\\d+"));
        DeidCommand surrogate = new DeidCommand();
        surrogate.stderr = new PrintWriter(new StringWriter(), true);
        assertThat(run(surrogate, new StringWriter(), "--in", in.toString(), "--out", out.toString(),
                "--key-env", "VIGIL_TEST_NO_SUCH_VARIABLE")).isEqualTo(2);
    }

    @Test
    void scoresAFolderOfI2b2FilesInBothModesAsJson() throws Exception {
        Path corpus = dir.resolve("corpus");
        CorpusWriter.write(new CorpusGenerator(11).generate(5), corpus);
        EvalDeidCommand eval = new EvalDeidCommand();
        StringWriter out = new StringWriter();
        eval.stdout = new PrintWriter(out, true);
        assertThat(run(eval, new StringWriter(), "--format", "i2b2", corpus.toString(), "--json")).isZero();
        String json = out.toString();
        assertThat(json).startsWith("{\"safe-list\":{\"failedClosed\":0,\"residual\":{\"total\":")
                .contains("\"no-safe-list\":{\"failedClosed\":0,\"residual\":{\"total\":0,\"notes\":0,\"max\":0},"
                        + "\"scores\":{\"documents\":5,");
    }
}
