package org.vigil.inference.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A tab-separated rules file on the classpath (section headers, semantic tags): blank lines and {@code #} comments
 * skipped, each row checked for its column count, and an error names the file and the line.
 */
final class RulesTable {

    /** One row: its columns, and where it stands for error messages ({@code resource:line}). */
    interface Row {
        void accept(String[] columns, String where);
    }

    private RulesTable() {
    }

    static void read(String resource, String what, int minColumns, int maxColumns, Row row) {
        try (InputStream in = RulesTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + what + " " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                String where = resource + ":" + lineNo;
                if (cols.length < minColumns || cols.length > maxColumns) {
                    throw new IllegalArgumentException(where + ": expected " + (minColumns == maxColumns
                            ? String.valueOf(minColumns) : minColumns + " or " + maxColumns) + " tab-separated columns");
                }
                row.accept(cols, where);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + resource, e);
        }
    }
}
