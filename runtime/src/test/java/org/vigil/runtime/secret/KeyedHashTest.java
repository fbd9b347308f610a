package org.vigil.runtime.secret;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedHashTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The definition: each part as its 4-byte big-endian UTF-8 length, then its UTF-8 bytes. */
    private static byte[] reference(String... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            mac.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                (byte) b.length});
            mac.update(b);
        }
        return mac.doFinal();
    }

    @Test
    void hashesLengthPrefixedUtf8PartsWhateverTheirCharacters() throws Exception {
        KeyedHash hash = new KeyedHash(Secret.of("test key", SECRET));
        String longPart = "x".repeat(1000);
        assertThat(hash.hmac("name", "patient-1", "hope")).isEqualTo(reference("name", "patient-1", "hope"));
        assertThat(hash.hmac("name", "patient-1", "Zoë", "ü\uD83D\uDE00")).isEqualTo(reference("name", "patient-1", "Zoë", "ü\uD83D\uDE00"));
        assertThat(hash.hmac("shape", "", longPart, "é" + longPart)).isEqualTo(reference("shape", "", longPart, "é" + longPart));
        assertThat(hash.hmac("a", "bc")).isNotEqualTo(hash.hmac("ab", "c"));
    }

    @Test
    void equalsTheJdkHmacForKeysShorterThanLongerThanAndExactlyOneBlock() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int keyLength : new int[] {16, 32, 63, 64, 65, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            KeyedHash hash = new KeyedHash(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (int n = 0; n < 50; n++) {
                String part = Long.toString(random.nextLong(), 36).repeat(random.nextInt(1, 12));
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                byte[] d = "date".getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {0, 0, 0, (byte) d.length});
                mac.update(d);
                mac.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                    (byte) b.length});
                mac.update(b);
                assertThat(hash.hmac("date", part)).as("key of %d bytes", keyLength).isEqualTo(mac.doFinal());
            }
        }
    }

    @Test
    void equalsTheJdkHmacForMessagesOfEveryLengthAcrossThePaddingBoundaries() throws Exception {
        KeyedHash hash = new KeyedHash(Secret.of("test key", SECRET));
        // The message is 4 + 1 ("d") + 4 + n bytes: n from 0 to 300 crosses the one-block padding limit (55 bytes),
        // a block's end, and several whole blocks.
        for (int n = 0; n <= 300; n++) {
            String part = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(9).substring(0, n);
            assertThat(hash.hmac("d", part)).as("part of %d bytes", n).isEqualTo(reference("d", part));
        }
    }

    @Test
    void numberIsTheHmacsFirstEightBytesBigEndianWithoutTheSignBit() throws Exception {
        KeyedHash hash = new KeyedHash(Secret.of("test key", SECRET));
        for (String word : new String[] {"hope", "smith", "2024-03-14", ""}) {
            byte[] mac = reference("name", "patient-7", word);
            long expected = java.nio.ByteBuffer.wrap(mac).getLong() & Long.MAX_VALUE;
            assertThat(hash.number("name", "patient-7", word)).isEqualTo(expected);
        }
    }

    @Test
    void labelIsTheHexHmacsPrefixAndRefusesLengthsOutsideTheDigest() throws Exception {
        KeyedHash hash = new KeyedHash(SECRET);
        String full = java.util.HexFormat.of().formatHex(reference("location", "SMITH_JOHN_MRN1234.txt"));
        assertThat(hash.label(16, "location", "SMITH_JOHN_MRN1234.txt")).isEqualTo(full.substring(0, 16));
        assertThat(hash.label(64, "location", "SMITH_JOHN_MRN1234.txt")).isEqualTo(full);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hash.label(65, "location", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hash.label(0, "location", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
