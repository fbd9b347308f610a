package org.vigil.deidentify;

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
 * <p>HMAC as RFC 2104 defines it, with the SHA-256 states after the key's inner and outer pad blocks computed once,
 * and SHA-256 (FIPS 180-4) written out over int arrays reused by each thread: javax.crypto.Mac hashes both pad
 * blocks again for every message, and a cloned MessageDigest allocates its state and output for every message, which
 * for the short inputs here (a name, a date: one block each way) cost more than the hashing itself.
 * {@code KeyedHashTest} checks it against {@link Mac} and {@link MessageDigest}.
 */
public final class KeyedHash {

    private static final int BLOCK = 64;

    /** SHA-256 state after the inner (key XOR 0x36) and outer (key XOR 0x5c) pad blocks. */
    private final int[] innerStart;
    private final int[] outerStart;
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
        int[] w = new int[64];
        innerStart = IV.clone();
        compress(innerStart, inner, 0, w);
        outerStart = IV.clone();
        compress(outerStart, outer, 0, w);
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

    /** The 32-byte HMAC of {@code domain} and {@code parts}, each length-prefixed so concatenations cannot collide. */
    public byte[] hmac(String domain, String... parts) {
        int[] h = hmacState(domain, parts);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            putInt(out, 4 * i, h[i]);
        }
        return out;
    }

    /**
     * The HMAC as SHA-256's eight state words (the digest's bytes, big-endian), in the thread's buffer: read them
     * before the thread's next call.
     */
    private int[] hmacState(String domain, String... parts) {
        // One reused buffer: per-byte updates and a byte[] per part cost more than the hash itself.
        Buffer buffer = buffers.get();
        buffer.length = 0;
        buffer.put(domain);
        for (String p : parts) {
            buffer.put(p);
        }
        int[] state = buffer.state;
        System.arraycopy(innerStart, 0, state, 0, 8);
        digest(state, buffer.bytes, buffer.length, BLOCK, buffer);
        byte[] inner = buffer.block;
        for (int i = 0; i < 8; i++) {
            putInt(inner, 4 * i, state[i]);
        }
        int[] outer = buffer.outer;
        System.arraycopy(outerStart, 0, outer, 0, 8);
        digest(outer, inner, 32, BLOCK, buffer);
        return outer;
    }

    /**
     * Finishes a SHA-256 whose {@code state} has already read {@code before} bytes: hashes {@code length} bytes of
     * {@code message}, then the padding and the total length in bits. {@code message} may be the buffer's block.
     */
    private static void digest(int[] state, byte[] message, int length, long before, Buffer buffer) {
        int full = length & ~(BLOCK - 1);
        for (int off = 0; off < full; off += BLOCK) {
            compress(state, message, off, buffer.w);
        }
        byte[] block = buffer.block;
        int rest = length - full;
        if (message != block || full != 0) {
            System.arraycopy(message, full, block, 0, rest);
        }
        block[rest] = (byte) 0x80;
        int end = rest + 1 + 8 <= BLOCK ? BLOCK : 2 * BLOCK;
        java.util.Arrays.fill(block, rest + 1, end - 8, (byte) 0);
        long bits = (before + length) * 8;
        putInt(block, end - 8, (int) (bits >>> 32));
        putInt(block, end - 4, (int) bits);
        compress(state, block, 0, buffer.w);
        if (end == 2 * BLOCK) {
            compress(state, block, BLOCK, buffer.w);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static final int[] IV = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
        0x1f83d9ab, 0x5be0cd19};

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    /** SHA-256's compression function: {@code state} absorbs the 64-byte block at {@code off}. */
    private static void compress(int[] state, byte[] block, int off, int[] w) {
        for (int t = 0; t < 16; t++) {
            int i = off + 4 * t;
            w[t] = (block[i] << 24) | ((block[i + 1] & 0xff) << 16) | ((block[i + 2] & 0xff) << 8) | (block[i + 3] & 0xff);
        }
        for (int t = 16; t < 64; t++) {
            int x = w[t - 15];
            int y = w[t - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int t = 0; t < 64; t++) {
            int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[t] + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    /** A thread's input buffer: each part as its 4-byte big-endian UTF-8 length, then its UTF-8 bytes. */
    private static final class Buffer {
        byte[] bytes = new byte[256];
        int length;
        /** Scratch of the hash: the padded last blocks, the message schedule, the inner and outer states. */
        final byte[] block = new byte[2 * BLOCK];
        final int[] w = new int[64];
        final int[] state = new int[8];
        final int[] outer = new int[8];

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
        int[] h = hmacState(domain, parts);
        // The digest's first eight bytes, big-endian.
        return (((long) h[0] << 32) | (h[1] & 0xFFFFFFFFL)) & Long.MAX_VALUE;
    }
}
