package org.vigil.sink.store;

import java.sql.SQLException;

/**
 * Tells a failure of the data itself (PostgreSQL refuses this row, and would refuse it again) from a failure of the
 * database (connection lost, server restarting, serialization conflict), which retrying later cures.
 */
public final class SqlFailure {

    private SqlFailure() {
    }

    /**
     * True when PostgreSQL rejected the data: SQLSTATE class 22 (data exception, e.g. a NUL byte in text) or 23
     * (integrity constraint violation). Everything else is treated as the database being unavailable.
     */
    public static boolean rejectsData(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
