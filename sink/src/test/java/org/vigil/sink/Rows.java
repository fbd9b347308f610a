package org.vigil.sink;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads query results as rows of strings, for exact assertions on what the store holds. */
public final class Rows {

    private Rows() {
    }

    public static List<List<String>> query(DataSource dataSource, String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + e.getMessage(), e);
        }
        return rows;
    }

    /** The single number a count query returns, or -1 while the database cannot answer. */
    public static long count(DataSource dataSource, String sql) {
        try {
            return Long.parseLong(query(dataSource, sql).get(0).get(0));
        } catch (IllegalStateException e) {
            return -1;
        }
    }
}
