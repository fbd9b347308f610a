package org.vigil.tools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The flawed input the demo adds to its generated notes, so that the dead-letter and quarantine paths are shown
 * working next to the good path: rows an EHR export really contains.
 */
final class DemoInputs {

    static final int FLAWED_ROWS = 4;
    /** The de-identifier refuses notes longer than this in the demo (the default is larger). */
    static final int DEMO_MAX_NOTE_CHARS = 60_000;

    private DemoInputs() {
    }

    static Map<String, Object> stageSettings() {
        return Map.of("deid.max.note.chars", DEMO_MAX_NOTE_CHARS);
    }

    /** Writes a MIMIC-III NOTEEVENTS-shaped CSV with one row of each kind of flaw. */
    static Path writeFlawedRows(Path csv) throws IOException {
        String header = "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n";
        String oversize = "Pt seen for follow-up. Mood stable. ".repeat(DEMO_MAX_NOTE_CHARS / 36 + 100);
        String rows = ""
                // Marked as an error by the EHR: never processed.
                + "900001,7001,8001,2130-01-02,,,Nursing,Note,,1,\"Entered in error.\"\n"
                // Empty note text.
                + "900002,7002,8002,2130-01-02,,,Nursing,Note,,,\"\"\n"
                // No patient: cannot be pseudonymized, so it cannot go on.
                + "900003,,8003,2130-01-02,,,Nursing,Note,,,\"Pt calm, denies SI.\"\n"
                // Longer than the de-identifier accepts: quarantined, fail closed.
                + "900004,7004,8004,2130-01-02,,,Physician,Progress note,,,\"" + oversize + "\"\n";
        Files.createDirectories(csv.getParent());
        return Files.writeString(csv, header + rows);
    }
}
