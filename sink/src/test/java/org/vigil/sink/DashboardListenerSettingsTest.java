package org.vigil.sink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.runtime.config.VigilConfig;
import org.vigil.sink.web.DashboardListener;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's address and transport from the settings: loopback by default, and no plain HTTP in the open. */
class DashboardListenerSettingsTest {

    @TempDir
    static Path dir;
    private static TestKeyStore keyStore;

    @BeforeAll
    static void makeKeyStore() {
        keyStore = TestKeyStore.create(dir);
    }

    private static VigilConfig config(Map<String, Object> settings) {
        return new VigilConfig(SinkStage.definition(), settings);
    }

    private static Map<String, Object> with(Object... pairs) {
        Map<String, Object> settings = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put((String) pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    @Test
    void defaultIsPlainHttpOnLoopback() {
        DashboardListener listener = SinkStage.listener(config(Map.of()));
        assertThat(listener.host()).isEqualTo("127.0.0.1");
        assertThat(listener.scheme()).isEqualTo("http");
    }

    @Test
    void plainHttpOnAnAddressBeyondLoopbackFailsTheStartNamingTheSettings() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10", ""}) {
            assertThatThrownBy(() -> SinkStage.listener(config(with(SinkStage.HTTP_HOST, host))))
                    .as(host)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(SinkStage.HTTP_HOST)
                    .hasMessageContaining(SinkStage.TLS_KEYSTORE_FILE)
                    .hasMessageContaining(SinkStage.HTTP_PLAINTEXT_ALLOWED);
        }
    }

    @Test
    void theWholeStageRefusesBeforeConnectingToAnything() {
        SinkStage stage = new SinkStage(config(with(SinkStage.HTTP_HOST, "0.0.0.0",
                SinkStage.POSTGRES_URL, "jdbc:postgresql://192.0.2.1:1/none")), new SimpleMeterRegistry());
        assertThatThrownBy(stage::start).isInstanceOf(ConfigException.class).hasMessageContaining(SinkStage.TLS_KEYSTORE_FILE);
    }

    @Test
    void plainHttpBeyondLoopbackOnlyWhenExplicitlyAllowed() {
        DashboardListener listener = SinkStage.listener(config(with(SinkStage.HTTP_HOST, "0.0.0.0",
                SinkStage.HTTP_PLAINTEXT_ALLOWED, true)));
        assertThat(listener.scheme()).isEqualTo("http");
        assertThat(listener.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void aKeyStoreMakesItHttpsOnAnyAddress() {
        DashboardListener listener = SinkStage.listener(config(with(SinkStage.HTTP_HOST, "0.0.0.0",
                SinkStage.TLS_KEYSTORE_FILE, keyStore.file().toString(),
                SinkStage.TLS_KEYSTORE_PASSWORD, keyStore.password())));
        assertThat(listener.scheme()).isEqualTo("https");
        assertThat(listener.tls()).isTrue();
    }

    @Test
    void aWrongKeyStorePasswordFailsTheStartWithoutQuotingIt() {
        assertThatThrownBy(() -> SinkStage.listener(config(with(SinkStage.TLS_KEYSTORE_FILE, keyStore.file().toString(),
                SinkStage.TLS_KEYSTORE_PASSWORD, "not-the-password"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkStage.TLS_KEYSTORE_FILE)
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> SinkStage.listener(config(with(SinkStage.TLS_KEYSTORE_FILE,
                dir.resolve("missing.p12").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("NoSuchFileException");
    }

    @Test
    void loopbackMeansEveryAddressOfTheNameIsLoopback() {
        assertThat(DashboardListener.isLoopback("127.0.0.1")).isTrue();
        assertThat(DashboardListener.isLoopback("127.0.0.2")).isTrue();
        assertThat(DashboardListener.isLoopback("::1")).isTrue();
        assertThat(DashboardListener.isLoopback("localhost")).isTrue();
        assertThat(DashboardListener.isLoopback("0.0.0.0")).isFalse();
        assertThat(DashboardListener.isLoopback("::")).isFalse();
        assertThat(DashboardListener.isLoopback("10.1.2.3")).isFalse();
        assertThat(DashboardListener.isLoopback(" ")).isFalse();
    }
}
