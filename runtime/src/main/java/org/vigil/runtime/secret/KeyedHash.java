package org.vigil.runtime.secret;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * HMAC-SHA256 under a {@link Secret}, with a domain label so that a patient id and a note key with the same value
 * never share a hash. Everything derived from it (de-identify's pseudonyms, surrogate choices and date shifts,
 * ingest's hashed file names and resource ids) is a pure function of key and input: the same after a restart, with
 * no state to keep. Each stage hashes under its own secret, so one stage's key reveals nothing of another's hashes.
 *
 * <p>HMAC as RFC 2104 defines it, over one SHA-256 {@link MessageDigest} per thread that is reset for each message:
 * javax.crypto.Mac and a cloned MessageDigest allocate their state and output for every message, which for the short
 * inputs here (a name, a date) cost more than the hashing itself. The JDK's SHA-256 compresses with the CPU's SHA
 * instructions where it has them, so hashing both pad blocks again per message (four blocks instead of two) is
 * still several times faster than SHA-256 written out in Java. {@code KeyedHashTest} checks it against {@link Mac}.
 */
public final class KeyedHash {

    private static final int BLOCK = 64;

    /** The key XOR 0x36 and XOR 0x5c, one block each, that open the inner and outer hash. */
    private final byte[] innerPad;
    private final byte[] outerPad;
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    public KeyedHash(Secret secret) {
        this(secret.bytes());
    }

    KeyedHash(byte[] secret) {
        byte[] key = secret.length > BLOCK ? sha256().digest(secret) : secret;
        innerPad = new byte[BLOCK];
        outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** The 32-byte HMAC of {@code domain} and {@code parts}, each length-prefixed so concatenations cannot collide. */
    public byte[] hmac(String domain, String... parts) {
        return hmacBytes(domain, parts).clone();
    }

    /** The HMAC in the thread's buffer: read it before the thread's next call. */
    private byte[] hmacBytes(String domain, String... parts) {
        // One reused buffer: per-byte updates and a byte[] per part cost more than the hash itself.
        Buffer buffer = buffers.get();
        buffer.length = 0;
        buffer.put(domain);
        for (String p : parts) {
            buffer.put(p);
        }
        MessageDigest sha = buffer.sha;
        try {
            sha.reset();
            sha.update(innerPad);
            sha.update(buffer.bytes, 0, buffer.length);
            sha.digest(buffer.inner, 0, 32);
            sha.update(outerPad);
            sha.update(buffer.inner, 0, 32);
            sha.digest(buffer.out, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest of 32 bytes refused", e);
        }
        return buffer.out;
    }

    /** A thread's input buffer: each part as its 4-byte big-endian UTF-8 length, then its UTF-8 bytes. */
    private static final class Buffer {
        byte[] bytes = new byte[256];
        int length;
        final MessageDigest sha = sha256();
        /** The inner hash, then the HMAC. */
        final byte[] inner = new byte[32];
        final byte[] out = new byte[32];

        void put(String s) {
            int n = s.length();
            ensure(4 + n);
            int at = length + 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    putEncoded(s.getBytes(StandardCharsets.UTF_8)); // rare: let the JDK encode it
                    return;
                }
                bytes[at++] = (byte) c;
            }
            prefix(n);
            length = at;
        }

        private void putEncoded(byte[] b) {
            ensure(4 + b.length);
            prefix(b.length);
            System.arraycopy(b, 0, bytes, length + 4, b.length);
            length += 4 + b.length;
        }

        private void prefix(int n) {
            bytes[length] = (byte) (n >>> 24);
            bytes[length + 1] = (byte) (n >>> 16);
            bytes[length + 2] = (byte) (n >>> 8);
            bytes[length + 3] = (byte) n;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    /** Lower-case hex of the HMAC: 64 characters. */
    public String hex(String domain, String... parts) {
        return HexFormat.of().formatHex(hmac(domain, parts));
    }

    /**
     * The first {@code chars} hex characters of the HMAC: a short label that tells values apart in a log or a dead
     * letter (16 characters: 64 bits, so two of a hospital's file names collide about once in 4 billion pairs) and
     * that whoever holds the key can match against a candidate, while nobody else can reverse it.
     */
    public String label(int chars, String domain, String... parts) {
        if (chars < 1 || chars > 64) {
            throw new IllegalArgumentException("A label has 1 to 64 hex characters, not " + chars);
        }
        return hex(domain, parts).substring(0, chars);
    }

    /** A non-negative long drawn from the HMAC, for choosing among surrogates. */
    public long number(String domain, String... parts) {
        byte[] h = hmacBytes(domain, parts);
        // The digest's first eight bytes, big-endian.
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = (n << 8) | (h[i] & 0xFF);
        }
        return n & Long.MAX_VALUE;
    }
}
