package org.vigil.deidentify.operate;

import org.vigil.runtime.secret.KeyedHash;
import org.vigil.runtime.secret.Secret;

import java.nio.file.Path;
import java.util.Map;

/**
 * The secret behind every pseudonym, surrogate and date shift: a runtime {@link Secret} named for this purpose, read
 * from a file or an environment variable, as base64 or hex text (at least 32 bytes once decoded). Never printed:
 * {@link #toString()} shows a fingerprint only.
 */
public final class DeidKey {

    /** Fewer bytes than HMAC-SHA256's block of security would weaken every pseudonym. */
    public static final int MIN_BYTES = Secret.MIN_BYTES;

    private static final String PURPOSE = "de-identification key";

    private final Secret secret;

    private DeidKey(Secret secret) {
        this.secret = secret;
    }

    public static DeidKey of(byte[] secret) {
        return new DeidKey(Secret.of(PURPOSE, secret));
    }

    /** Reads a key file: base64 or hex text, surrounding whitespace ignored. */
    public static DeidKey fromFile(Path file) {
        return new DeidKey(Secret.fromFile(PURPOSE, file));
    }

    /** Reads a key from the environment variable {@code name}. */
    public static DeidKey fromEnvironment(String name, Map<String, String> env) {
        return new DeidKey(Secret.fromEnvironment(PURPOSE, name, env));
    }

    /** A fresh random key written to {@code file} (owner-readable only where the file system allows). */
    public static DeidKey createFile(Path file) {
        return new DeidKey(Secret.createFile(PURPOSE, file));
    }

    /** HMAC-SHA256 under this key: what pseudonyms, surrogate choices and date shifts are drawn from. */
    public KeyedHash keyedHash() {
        return new KeyedHash(secret);
    }

    /** A short public fingerprint, to tell which key produced a pseudonym without revealing it. */
    public String fingerprint() {
        return secret.fingerprint();
    }

    @Override
    public String toString() {
        return "DeidKey[fingerprint=" + fingerprint() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeidKey k && secret.equals(k.secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }
}
