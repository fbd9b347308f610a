package org.vigil.tools.demo;

import org.vigil.embedded.postgres.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts the rows of every table of the dashboard store (schema public, Flyway's history excluded). */
public final class StoreCensus implements AutoCloseable {

    private final Connection connection;

    public StoreCensus(EmbeddedPostgresServer postgres) throws SQLException {
        this.connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    public Map<String, Long> rowsByTable() {
        Map<String, Long> rows = new TreeMap<>();
        try (Statement s = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables "
                    + "where table_schema = 'public' and table_type = 'BASE TABLE' "
                    + "and table_name <> 'flyway_schema_history' order by table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from \"" + table + "\"")) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            // Before the sink's migrations have run there is nothing to count yet.
            return Map.of();
        }
        return rows;
    }

    /** Rows of one table; 0 before the sink's migrations have created it. Polled often, so it counts that table only. */
    public long rows(String table) {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The notes' lives, from the notes table's lifecycle columns; none before the sink's migrations have run. */
    NoteLifecycles lifecycles() {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select count(*) filter (where superseded_in_source),"
                     + " count(*) filter (where lifecycle = 'SUPERSEDED'), count(*) filter (where lifecycle = 'WITHDRAWN')"
                     + " from notes")) {
            rs.next();
            return new NoteLifecycles(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        } catch (SQLException e) {
            return NoteLifecycles.NONE;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
