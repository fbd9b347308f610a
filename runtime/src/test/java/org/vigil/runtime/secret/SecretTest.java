package org.vigil.runtime.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    private static final byte[] BYTES = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void readsBase64AndHexTextAsTheSameKey() throws Exception {
        Path base64 = Files.writeString(dir.resolve("b64.key"), "  " + Base64.getEncoder().encodeToString(BYTES) + "\n");
        Path hex = Files.writeString(dir.resolve("hex.key"), HexFormat.of().formatHex(BYTES));
        assertThat(Secret.fromFile("test key", base64)).isEqualTo(Secret.fromFile("test key", hex)).isEqualTo(Secret.of("test key", BYTES));
        assertThat(Secret.fromEnvironment("test key", "K", Map.of("K", HexFormat.of().formatHex(BYTES))))
                .isEqualTo(Secret.of("test key", BYTES));
    }

    @Test
    void refusesShortOrGarbledKeysNamingThePurposeButNeverTheValue() {
        assertThatThrownBy(() -> Secret.of("ingest location key", new byte[31]))
                .hasMessage("ingest location key too short: 31 bytes, need at least 32");
        assertThatThrownBy(() -> Secret.fromEnvironment("ingest location key", "K", Map.of("K", "not-a-key!")))
                .hasMessage("ingest location key from environment variable K is neither base64 nor hex text, or is shorter than 32 bytes")
                .hasMessageNotContaining("not-a-key");
        assertThatThrownBy(() -> Secret.fromEnvironment("ingest location key", "K", Map.of()))
                .hasMessage("environment variable K holds no ingest location key");
    }

    @Test
    void createsARandomOwnerOnlyKeyFileOnceAndReadsItBackAfter() throws Exception {
        Path file = dir.resolve("ingest").resolve("location.key");
        Secret created = Secret.fromFileCreatingIt("ingest location key", file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Secret.fromFileCreatingIt("ingest location key", file)).isEqualTo(created);
        assertThat(Secret.fromFileCreatingIt("ingest location key", dir.resolve("other.key"))).isNotEqualTo(created);
    }

    @Test
    void printsAFingerprintOnly() {
        Secret secret = Secret.of("test key", BYTES);
        assertThat(secret.toString()).isEqualTo("Secret[test key, fingerprint=" + secret.fingerprint() + "]")
                .doesNotContain(new String(BYTES, StandardCharsets.US_ASCII))
                .doesNotContain(HexFormat.of().formatHex(BYTES))
                .doesNotContain(Base64.getEncoder().encodeToString(BYTES));
        assertThat(secret.fingerprint()).hasSize(12).isEqualTo(new KeyedHash(BYTES).hex("key-fingerprint", "").substring(0, 12));
    }
}
