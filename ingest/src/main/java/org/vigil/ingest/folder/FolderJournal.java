package org.vigil.ingest.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The durable record of which note files of a folder Kafka has acknowledged: an append-only file of
 * {@code name, size, modified} lines, forced to disk on every append. A file is published again only when it
 * changed (new size or time); an unchanged file never is, across restarts.
 */
public final class FolderJournal implements AutoCloseable {

    /** One file as it was when published. */
    public record Stamp(String name, long size, long modifiedMillis) {
        String line() {
            return size + "\t" + modifiedMillis + "\t" + name + "\n";
        }
    }

    private final Set<Stamp> published = new HashSet<>();
    private final FileChannel channel;

    public FolderJournal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.split("\t", 3);
                    // A line cut short by a crash during append is ignored: its file is published again.
                    if (parts.length == 3) {
                        published.add(new Stamp(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1])));
                    }
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Cannot open the folder journal " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    public synchronized boolean contains(Stamp stamp) {
        return published.contains(stamp);
    }

    public synchronized int size() {
        return published.size();
    }

    public synchronized void append(Collection<Stamp> stamps) {
        if (stamps.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        stamps.forEach(s -> lines.append(s.line()));
        try {
            ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the folder journal", e);
        }
        published.addAll(stamps);
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the folder journal", e);
        }
    }
}
