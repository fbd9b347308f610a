package org.vigil.sink.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.vigil.schemas.RiskAssessment;
import org.vigil.schemas.RiskSignal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * Writes the signal rows of a batch with one {@code COPY ... FROM STDIN}: a note carries tens of signals, and COPY
 * spares PostgreSQL parsing and planning a statement per row, which is most of the sink's cost at load.
 * pgjdbc streams COPY but has no row encoder, so the text format's escaping is written here.
 */
final class SignalRows {

    static final String COPY = "COPY signals (note_id, ordinal, kind, assertion, confidence, evidence_start, "
            + "evidence_end, evidence_text, section, source, source_version, note_date) FROM STDIN";

    private SignalRows() {
    }

    /** Copies every signal of the assessments; returns the rows written. */
    static long copy(Connection c, Collection<StoredAssessment> assessments) throws SQLException {
        StringBuilder rows = new StringBuilder(assessments.size() * 4096);
        int count = 0;
        for (StoredAssessment stored : assessments) {
            count += append(rows, stored.assessment());
        }
        if (count == 0) {
            return 0;
        }
        // Written as bytes in one piece: through a Reader pgjdbc encodes the rows to UTF-8 a buffer at a time.
        byte[] utf8 = rows.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(utf8, 0, utf8.length);
            return copy.endCopy();
        } catch (SQLException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    /** Appends one line per signal of the assessment, in the order they were found (the ordinal). */
    static int append(StringBuilder rows, RiskAssessment a) {
        Instant noteDate = a.getNote().getNoteDate();
        String date = noteDate == null ? null : noteDate.toString();
        int ordinal = 0;
        for (RiskSignal s : a.getSignals()) {
            field(rows, a.getNoteId()).append('\t').append(ordinal++).append('\t');
            field(rows, s.getKind().name()).append('\t');
            field(rows, s.getAssertion().name()).append('\t');
            rows.append(Double.toString(s.getConfidence())).append('\t')
                    .append(s.getEvidenceStart()).append('\t').append(s.getEvidenceEnd()).append('\t');
            field(rows, s.getEvidenceText()).append('\t');
            field(rows, s.getSection()).append('\t');
            field(rows, s.getSource()).append('\t');
            field(rows, s.getSourceVersion()).append('\t');
            field(rows, date).append('\n');
        }
        return ordinal;
    }

    /** A column in COPY text format: {@code \N} for null; backslash, tab, newline and carriage return escaped. */
    static StringBuilder field(StringBuilder rows, CharSequence value) {
        if (value == null) {
            return rows.append("\\N");
        }
        int n = value.length();
        int i = 0;
        while (i < n && !needsEscape(value.charAt(i))) {
            i++;
        }
        if (i == n) {
            return rows.append(value); // most values need no escaping: copied whole
        }
        rows.append(value, 0, i);
        for (; i < n; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(ch);
            }
        }
        return rows;
    }

    private static boolean needsEscape(char ch) {
        return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r';
    }
}
