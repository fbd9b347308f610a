package org.vigil.deidentify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * HMAC-SHA256 under the de-identification key, with a domain label so that a patient id and a note key with the
 * same value never share a pseudonym. Everything derived from it (pseudonyms, surrogate choices, date shifts) is a
 * pure function of key and input: the same after a restart, with no state to keep.
 *
 * <p>HMAC as RFC 2104 defines it, on the JDK's SHA-256, with the digest states after the key's inner and outer pad
 * blocks computed once: javax.crypto.Mac hashes both pad blocks again for every message, which for the short inputs
 * here (a name, a date) is half of the work. {@code KeyedHashTest} checks it against {@link Mac}.
 */
public final class KeyedHash {

    private static final int BLOCK = 64;

    private final MessageDigest innerStart;
    private final MessageDigest outerStart;
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    public KeyedHash(DeidKey deidKey) {
        this(deidKey.secret());
    }

    KeyedHash(byte[] secret) {
        byte[] key = secret.length > BLOCK ? sha256().digest(secret) : secret;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        innerStart = sha256();
        innerStart.update(inner);
        outerStart = sha256();
        outerStart.update(outer);
        java.util.Arrays.fill(inner, (byte) 0);
        java.util.Arrays.fill(outer, (byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private static MessageDigest copy(MessageDigest start) {
        try {
            return (MessageDigest) start.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    /** The 32-byte HMAC of {@code domain} and {@code parts}, each length-prefixed so concatenations cannot collide. */
    public byte[] hmac(String domain, String... parts) {
        // One update of one reused buffer: per-byte updates and a byte[] per part cost more than the hash itself.
        Buffer buffer = buffers.get();
        buffer.length = 0;
        buffer.put(domain);
        for (String p : parts) {
            buffer.put(p);
        }
        MessageDigest inner = copy(innerStart);
        inner.update(buffer.bytes, 0, buffer.length);
        MessageDigest outer = copy(outerStart);
        outer.update(inner.digest());
        return outer.digest();
    }

    /** A thread's input buffer: each part as its 4-byte big-endian UTF-8 length, then its UTF-8 bytes. */
    private static final class Buffer {
        byte[] bytes = new byte[256];
        int length;

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

    /** A non-negative long drawn from the HMAC, for choosing among surrogates. */
    public long number(String domain, String... parts) {
        return ByteBuffer.wrap(hmac(domain, parts)).getLong() & Long.MAX_VALUE;
    }
}
