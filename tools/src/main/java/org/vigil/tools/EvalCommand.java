package org.vigil.tools;

import org.vigil.tools.deid.EvalDeidCommand;
import org.vigil.tools.signals.EvalAssertionCommand;
import org.vigil.tools.signals.EvalSignalsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Groups the evaluations against annotated corpora in the field's standard formats. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Scores Vigil against annotated notes:",
                "  deid     i2b2 2014 de-identification XML: token- and entity-level recall, precision, F1 per category",
                "  signals  brat standoff (.txt + .ann): note-level P/R/F1 of (kind, assertion) pairs, assertion accuracy",
                "  assertion  NegEx-annotated sentences: accuracy and P/R/F1 of Negated of the ConText negated flag"},
        subcommands = {EvalDeidCommand.class, EvalSignalsCommand.class, EvalAssertionCommand.class})
public final class EvalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
