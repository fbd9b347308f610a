package org.vigil.tools.signals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SignalsCommandTest {

    @Test
    void writesOneBratAnnPerNoteWithAssertions(@TempDir Path in, @TempDir Path out) throws Exception {
        Files.writeString(in.resolve("a.txt"), "Denies SI/HI.");
        Files.writeString(in.resolve("b.txt"), "Mother completed suicide. Endorses passive SI.");
        SignalsCommand command = new SignalsCommand();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        command.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);

        int code = new CommandLine(command).execute("--in", in.toString(), "--out", out.toString());

        assertThat(code).isZero();
        assertThat(Files.readString(out.resolve("a.ann"))).isEqualTo(
                "T1\tSUICIDAL_IDEATION 7 12\tSI/HI\nA1\tAssertion T1 NEGATED\n"
                        + "T2\tHOMICIDAL_IDEATION 7 12\tSI/HI\nA2\tAssertion T2 NEGATED\n");
        assertThat(Files.readString(out.resolve("b.ann"))).isEqualTo(
                "T1\tSUICIDE_ATTEMPT 7 24\tcompleted suicide\nA1\tAssertion T1 FAMILY\n"
                        + "T2\tSUICIDAL_IDEATION 35 45\tpassive SI\n");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("2 notes, 4 signals (backend rules)");
    }

    @Test
    void evalScoresAFolderAgainstItsGoldAnnotations(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n1.txt"), "Denies SI. Drinks 6 beers nightly.");
        Files.writeString(dir.resolve("n1.ann"), "T1\tSUICIDAL_IDEATION 7 9\tSI\nA1\tAssertion T1 NEGATED\n"
                + "T2\tSUBSTANCE_USE 11 33\tDrinks 6 beers nightly\n");
        Files.writeString(dir.resolve("n2.txt"), "Hx of OD in 2019.");
        Files.writeString(dir.resolve("n2.ann"), "T1\tOVERDOSE 6 8\tOD\nA1\tAssertion T1 AFFIRMED\n");
        EvalSignalsCommand command = new EvalSignalsCommand();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        command.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);

        int code = new CommandLine(command).execute("--format", "brat", dir.toString(), "--json");

        assertThat(code).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
        assertThat(json.path("documents").asInt()).isEqualTo(2);
        // Gold n2 says AFFIRMED, the rules say HISTORICAL: one false positive and one false negative at note level.
        assertThat(json.path("note").path("overall").path("tp").asInt()).isEqualTo(2);
        assertThat(json.path("note").path("overall").path("fp").asInt()).isEqualTo(1);
        assertThat(json.path("note").path("overall").path("fn").asInt()).isEqualTo(1);
        assertThat(json.path("assertion").path("overall").path("matched").asInt()).isEqualTo(3);
        assertThat(json.path("assertion").path("overall").path("correct").asInt()).isEqualTo(2);
    }

    @Test
    void refusesAFolderThatDoesNotExist(@TempDir Path dir) {
        EvalSignalsCommand command = new EvalSignalsCommand();
        command.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(new CommandLine(command).execute(dir.resolve("missing").toString())).isEqualTo(2);
    }
}
