package org.vigil.runtime.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * A key for {@link KeyedHash}: at least 32 bytes, read from a file or an environment variable as base64 or hex text,
 * or created at random in a file. Named by its purpose ("de-identification key", "ingest location key") in every
 * message; never printed: {@link #toString()} shows a fingerprint only.
 */
public final class Secret {

    /** Fewer bytes than HMAC-SHA256's block of security would weaken every hash made under the key. */
    public static final int MIN_BYTES = 32;

    private final String purpose;
    private final byte[] bytes;

    private Secret(String purpose, byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(purpose + " too short: " + bytes.length + " bytes, need at least " + MIN_BYTES);
        }
        this.purpose = purpose;
        this.bytes = bytes.clone();
    }

    public static Secret of(String purpose, byte[] bytes) {
        return new Secret(purpose, bytes);
    }

    /** Reads a key file: base64 or hex text, surrounding whitespace ignored. */
    public static Secret fromFile(String purpose, Path file) {
        try {
            return parse(purpose, Files.readString(file, StandardCharsets.US_ASCII), "file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + purpose + " file " + file, e);
        }
    }

    /** Reads a key from the environment variable {@code name}. */
    public static Secret fromEnvironment(String purpose, String name, Map<String, String> env) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " holds no " + purpose);
        }
        return parse(purpose, value, "environment variable " + name);
    }

    /** A fresh random key written to {@code file} (owner-readable only where the file system allows). */
    public static Secret createFile(String purpose, Path file) {
        byte[] bytes = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(bytes);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: permissions are the platform's default.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + purpose + " file " + file, e);
        }
        return new Secret(purpose, bytes);
    }

    /** The key in {@code file}, created at random first if the file does not exist. */
    public static Secret fromFileCreatingIt(String purpose, Path file) {
        return Files.exists(file) ? fromFile(purpose, file) : createFile(purpose, file);
    }

    static Secret parse(String purpose, String text, String source) {
        String t = text.strip();
        if (t.matches("[0-9a-fA-F]{64,}") && t.length() % 2 == 0) {
            return new Secret(purpose, HexFormat.of().parseHex(t));
        }
        try {
            return new Secret(purpose, Base64.getDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            // Deliberately no detail from the value itself.
            throw new IllegalArgumentException(purpose + " from " + source
                    + " is neither base64 nor hex text, or is shorter than " + MIN_BYTES + " bytes");
        }
    }

    /** What the key is for, as messages name it. */
    public String purpose() {
        return purpose;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** A short public fingerprint, to tell which key produced a hash without revealing it. */
    public String fingerprint() {
        return new KeyedHash(this).hex("key-fingerprint", "").substring(0, 12);
    }

    @Override
    public String toString() {
        return "Secret[" + purpose + ", fingerprint=" + fingerprint() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fingerprint().getBytes(StandardCharsets.US_ASCII));
    }
}
