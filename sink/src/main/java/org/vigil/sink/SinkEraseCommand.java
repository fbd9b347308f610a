package org.vigil.sink;

import org.vigil.sink.store.Database;
import org.vigil.sink.store.PatientErasure;
import org.vigil.sink.web.AccessAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code vigil erase --patient PSEUDONYM}: removes one patient's notes, signals, tiers, alerts, adjudications and
 * cohort memberships from the sink's database, audited as {@code ERASE_PATIENT}. The patient is named by the
 * pseudonym the sink stores (as cohort exports and the note view show it), since the sink holds no key to turn a
 * hospital's patient id into one.
 */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erases one patient's stored notes, signals, alerts, adjudications and cohort memberships from "
                + "PostgreSQL, found by the patient pseudonym as stored; audited as ERASE_PATIENT by cli:<user>. "
                + "Kafka topics keep their copies until their retention ends (see the sink's README).")
public final class SinkEraseCommand implements Callable<Integer> {

    static final String AUDIT_ACTION = "ERASE_PATIENT";

    @Option(names = "--patient", required = true, paramLabel = "PSEUDONYM",
            description = "The patient pseudonym as the sink stores it (notes.patient_pseudonym), not the hospital's id.")
    String patient;

    @Mixin
    SinkDatabaseOptions database;

    private final PrintStream out;
    private final PrintStream err;

    public SinkEraseCommand() {
        this(System.out, System.err);
    }

    SinkEraseCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws SQLException {
        String pseudonym = patient.strip();
        if (pseudonym.isEmpty()) {
            err.println("--patient needs the patient pseudonym as stored");
            return 2;
        }
        try (Database db = database.open()) {
            PatientErasure.Erased erased = new PatientErasure(db.dataSource()).erase(pseudonym, (c, e) ->
                    AccessAudit.record(c, AccessAudit.Actor.operator(SinkDatabaseOptions.operator()), AUDIT_ACTION,
                            "patient " + pseudonym, "OK:" + e.notes() + " notes"));
            // Counts only: the pseudonym was typed by the operator and stays out of the output and the logs.
            out.printf("Erased %d notes, %d signals, %d alerts, %d adjudications%n",
                    erased.notes(), erased.signals(), erased.alerts(), erased.adjudications());
            if (erased.notes() == 0) {
                err.println("No notes are stored for that pseudonym (already erased, or not the pseudonym as stored)");
            }
        }
        return 0;
    }
}
