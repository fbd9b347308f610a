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
        update(mac, domain);
        for (String p : parts) {
            update(mac, p);
        }
        return mac.doFinal();
    }

    private static void update(Mac mac, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        mac.update((byte) (n >>> 24));
        mac.update((byte) (n >>> 16));
        mac.update((byte) (n >>> 8));
        mac.update((byte) n);
        mac.update(b);
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
