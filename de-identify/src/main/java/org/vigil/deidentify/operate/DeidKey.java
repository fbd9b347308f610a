package org.vigil.deidentify.operate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The secret behind every pseudonym, surrogate and date shift. Read from a file or an environment variable, as
 * base64 or hex text (at least 32 bytes once decoded). Never printed: {@link #toString()} shows a fingerprint only.
 */
public final class DeidKey {

    /** Fewer bytes than HMAC-SHA256's block of security would weaken every pseudonym. */
    public static final int MIN_BYTES = 32;

    private final byte[] secret;

    private DeidKey(byte[] secret) {
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("de-identification key too short: " + secret.length
                    + " bytes, need at least " + MIN_BYTES);
        }
        this.secret = secret.clone();
    }

    public static DeidKey of(byte[] secret) {
        return new DeidKey(secret);
    }

    /** Reads a key file: base64 or hex text, surrounding whitespace ignored. */
    public static DeidKey fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII), "file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read de-identification key file " + file, e);
        }
    }

    /** Reads a key from the environment variable {@code name}. */
    public static DeidKey fromEnvironment(String name, Map<String, String> env) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " holds no de-identification key");
        }
        return parse(value, "environment variable " + name);
    }

    /** A fresh random key written to {@code file} (owner-readable only where the file system allows). */
    public static DeidKey createFile(Path file) {
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: permissions are the platform's default.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write de-identification key file " + file, e);
        }
        return new DeidKey(secret);
    }

    static DeidKey parse(String text, String source) {
        String t = text.strip();
        if (t.matches("[0-9a-fA-F]{64,}") && t.length() % 2 == 0) {
            return new DeidKey(HexFormat.of().parseHex(t));
        }
        try {
            return new DeidKey(Base64.getDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            // Deliberately no detail from the value itself.
            throw new IllegalArgumentException("de-identification key from " + source
                    + " is neither base64 nor hex text, or is shorter than " + MIN_BYTES + " bytes");
        }
    }

    byte[] secret() {
        return secret.clone();
    }

    /** A short public fingerprint, to tell which key produced a pseudonym without revealing it. */
    public String fingerprint() {
        return new KeyedHash(this).hex("key-fingerprint", "").substring(0, 12);
    }

    @Override
    public String toString() {
        return "DeidKey[fingerprint=" + fingerprint() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeidKey k && java.security.MessageDigest.isEqual(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fingerprint().getBytes(StandardCharsets.US_ASCII));
    }
}
