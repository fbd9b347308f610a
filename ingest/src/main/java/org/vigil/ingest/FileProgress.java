package org.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Durable progress through input files: for each file, how many records Kafka has acknowledged, so that a
 * restart resumes after them. A file is recognised by its path and a fingerprint of its first 64 KiB, so a
 * file that grew resumes where it was, and a different file under the same name starts from the beginning.
 * Written atomically (write, fsync, rename), so a crash leaves either the old or the new position.
 */
public final class FileProgress {

    /** Progress through one file. */
    public record Position(long records, boolean complete) {
        public static final Position START = new Position(0, false);
    }

    private static final int FINGERPRINT_BYTES = 64 * 1024;

    private final Path dir;

    public FileProgress(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the ingest progress directory " + dir, e);
        }
    }

    public Position position(Path file) throws IOException {
        Path entry = entry(file);
        if (!Files.exists(entry)) {
            return Position.START;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(entry)) {
            props.load(in);
        }
        if (!fingerprint(file).equals(props.getProperty("fingerprint"))) {
            return Position.START;
        }
        return new Position(Long.parseLong(props.getProperty("records", "0")),
                Boolean.parseBoolean(props.getProperty("complete", "false")));
    }

    public void commit(Path file, Position position) throws IOException {
        Properties props = new Properties();
        props.setProperty("fingerprint", fingerprint(file));
        props.setProperty("records", Long.toString(position.records()));
        props.setProperty("complete", Boolean.toString(position.complete()));
        Path entry = entry(file);
        Path tmp = entry.resolveSibling(entry.getFileName() + ".tmp");
        try (var channel = FileChannel.open(tmp,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             var out = Channels.newOutputStream(channel)) {
            props.store(out, "vigil ingest progress");
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path entry(Path file) {
        return dir.resolve(sha256(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)) + ".progress");
    }

    private static String fingerprint(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in.readNBytes(FINGERPRINT_BYTES));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
