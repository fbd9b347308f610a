package org.vigil.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Reads lines (ended by LF, CR LF or CR) of at most a given length from a stream, so a 1 GB file, or a 1 GB
 * line, never sits in memory: a longer line is skipped to its end and reported as too long. Written by hand
 * because {@link java.io.BufferedReader#readLine()} has no length limit.
 */
public final class BoundedLineReader implements AutoCloseable {

    /** One line: its number (from 1), and its text, or empty when it was longer than the limit. */
    public record Line(long number, Optional<String> text, long length) {
    }

    private final Reader reader;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean pendingCr;

    public BoundedLineReader(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    /** The next line, or empty at the end of the stream. */
    public Optional<Line> next() throws IOException {
        StringBuilder line = new StringBuilder();
        long length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return Optional.empty();
                    }
                    return Optional.of(finish(line, length));
                }
            }
            char c = buffer[position++];
            if (pendingCr) {
                pendingCr = false;
                if (c == '\n') {
                    continue;
                }
            }
            any = true;
            if (c == '\n' || c == '\r') {
                pendingCr = c == '\r';
                return Optional.of(finish(line, length));
            }
            length++;
            if (length <= maxChars) {
                line.append(c);
            } else if (line.length() > 0) {
                line.setLength(0);
                line.trimToSize();
            }
        }
    }

    private Line finish(StringBuilder line, long length) {
        lineNumber++;
        return new Line(lineNumber, length <= maxChars ? Optional.of(line.toString()) : Optional.empty(), length);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
