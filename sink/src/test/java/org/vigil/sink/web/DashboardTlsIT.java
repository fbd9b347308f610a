package org.vigil.sink.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.sink.RunningSink;
import org.vigil.sink.SinkStage;
import org.vigil.sink.TestKeyStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard and API over HTTPS from a key store, on the embedded platform: no plain HTTP on the same port. */
class DashboardTlsIT {

    @TempDir
    static Path dataDir;
    private static TestKeyStore keyStore;
    private static RunningSink sink;
    private static String admin;

    @BeforeAll
    static void start() {
        keyStore = TestKeyStore.create(dataDir);
        sink = RunningSink.start(dataDir.resolve("platform"), Map.of(
                SinkStage.TLS_KEYSTORE_FILE, keyStore.file().toString(),
                SinkStage.TLS_KEYSTORE_PASSWORD, keyStore.password()));
        admin = sink.stage().issueToken("admin", "tls admin");
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    private static HttpRequest me(URI base) {
        return HttpRequest.newBuilder(base.resolve("api/me")).header("Authorization", "Bearer " + admin).GET().build();
    }

    @Test
    void servesTheApiAndThePageOverHttpsWithStrictTransportSecurity() throws Exception {
        URI url = sink.stage().dashboardUrl();
        assertThat(url.getScheme()).isEqualTo("https");
        HttpClient trusting = HttpClient.newBuilder().sslContext(keyStore.trustingClient()).build();

        HttpResponse<String> me = trusting.send(me(url), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"role\":\"admin\"");
        assertThat(me.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        HttpResponse<String> page = trusting.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
    }

    @Test
    void plainHttpAndUntrustingClientsGetNoAnswer() throws Exception {
        URI url = sink.stage().dashboardUrl();
        URI plain = URI.create("http://" + url.getHost() + ":" + url.getPort() + "/");
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<String> answer = client.send(me(plain), HttpResponse.BodyHandlers.ofString());
            // At most an error about the protocol: never the API's answer in plain text.
            assertThat(answer.statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(answer.body()).doesNotContain("tls admin");
        } catch (IOException refused) {
            assertThat(refused).isNotInstanceOf(javax.net.ssl.SSLException.class);
        }
        assertThatThrownBy(() -> client.send(me(url), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
}
