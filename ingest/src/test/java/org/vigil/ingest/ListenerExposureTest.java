package org.vigil.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.config.VigilConfig;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the listeners may listen without TLS, and whom MLLP admits: decided at start, before any Kafka client. */
class ListenerExposureTest {

    @TempDir
    Path dir;

    private VigilConfig config(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        // Nothing listens here: a start that got as far as Kafka would fail otherwise, and slowly.
        all.put(VigilConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1");
        all.put(VigilConfig.DATA_DIR, dir.resolve("data").toString());
        return new VigilConfig(IngestStage.definition(), all);
    }

    @Test
    void bothListenersDefaultToLoopback() {
        VigilConfig defaults = config(Map.of());
        assertThat(defaults.getString(IngestSettings.HTTP_HOST)).isEqualTo("127.0.0.1");
        assertThat(defaults.getString(IngestSettings.MLLP_HOST)).isEqualTo("127.0.0.1");
        assertThat(defaults.getBoolean(IngestSettings.PLAINTEXT_ALLOWED)).isFalse();
        assertThat(defaults.getList(IngestSettings.MLLP_ALLOWED_SOURCES)).isEmpty();
    }

    @Test
    void httpRefusesPlainTextOnTheWildcardAddressAtStart() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t0ken");
        IngestStage stage = new IngestStage(config(Map.of(IngestSettings.SOURCE, "http", IngestSettings.HTTP_HOST, "0.0.0.0",
                IngestSettings.HTTP_PORT, 0, IngestSettings.HTTP_TOKEN_FILE, token.toString())), new SimpleMeterRegistry());
        assertThatThrownBy(stage::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining(IngestSettings.HTTP_HOST).hasMessageContaining("0.0.0.0")
                .hasMessageContaining(IngestSettings.TLS_KEYSTORE_FILE).hasMessageContaining(IngestSettings.PLAINTEXT_ALLOWED);
        assertThat(stage.listeningPort()).isEmpty();
    }

    @Test
    void mllpRefusesPlainTextOnANonLoopbackAddressAtStart() {
        IngestStage stage = new IngestStage(config(Map.of(IngestSettings.SOURCE, "mllp", IngestSettings.MLLP_HOST, "0.0.0.0")),
                new SimpleMeterRegistry());
        assertThatThrownBy(stage::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining(IngestSettings.MLLP_HOST).hasMessageContaining(IngestSettings.PLAINTEXT_ALLOWED);
        assertThat(stage.listeningPort()).isEmpty();
    }

    @Test
    void plainTextOffLoopbackOnlyWhenExplicitlyAllowed() {
        assertThatCode(() -> ListenerTls.requireOffLoopback(IngestSettings.MLLP_HOST, "127.0.0.1", Optional.empty(), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerTls.requireOffLoopback(IngestSettings.MLLP_HOST, "::1", Optional.empty(), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> ListenerTls.requireOffLoopback(IngestSettings.MLLP_HOST, "10.1.2.3", Optional.empty(), true))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ListenerTls.requireOffLoopback(IngestSettings.MLLP_HOST, "10.1.2.3", Optional.empty(), false))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ListenerTls.requireOffLoopback(IngestSettings.HTTP_HOST, "::", Optional.empty(), false))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ListenerTls.requireOffLoopback(IngestSettings.HTTP_HOST, "no-such-host.invalid", Optional.empty(), false))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void allowListAdmitsAddressesAndCidrBlocksOfEitherFamilyOnly() throws Exception {
        SourceAddresses allowed = SourceAddresses.parse(List.of("10.20.0.0/16", " 192.0.2.7 ", "2001:db8::/32", "172.16.9.9/12"));
        assertThat(allowed.admits(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(allowed.admits(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(allowed.admits(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(allowed.admits(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(allowed.admits(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(allowed.admits(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(allowed.admits(InetAddress.getByName("172.31.0.1"))).as("a host with a prefix means its block").isTrue();
        assertThat(allowed.admits(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(SourceAddresses.parse(List.of()).admits(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @Test
    void aMalformedAllowListFailsAtStartNamingTheEntry() {
        assertThatThrownBy(() -> config(Map.of(IngestSettings.MLLP_ALLOWED_SOURCES, "10.0.0.0/8,10.0.0.300")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(IngestSettings.MLLP_ALLOWED_SOURCES)
                .hasMessageContaining("10.0.0.300");
    }
}
