package org.vigil.deidentify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the de-identification key, with a domain label so that a patient id and a note key with the
 * same value never share a pseudonym. Everything derived from it (pseudonyms, surrogate choices, date shifts) is a
 * pure function of key and input: the same after a restart, with no state to keep.
 */
public final class KeyedHash {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    public KeyedHash(DeidKey deidKey) {
        this.key = new SecretKeySpec(deidKey.secret(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }

    /** The 32-byte HMAC of {@code domain} and {@code parts}, each length-prefixed so concatenations cannot collide. */
    public byte[] hmac(String domain, String... parts) {
        Mac mac = macs.get();
        // One update of one reused buffer: per-byte updates and a byte[] per part cost more than the hash itself.
        Buffer buffer = buffers.get();
        buffer.length = 0;
        buffer.put(domain);
        for (String p : parts) {
            buffer.put(p);
        }
        mac.update(buffer.bytes, 0, buffer.length);
        return mac.doFinal();
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
