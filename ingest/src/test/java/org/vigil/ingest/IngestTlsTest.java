package org.vigil.ingest;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.hl7.Hl7NoteReader;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.RawNote;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MLLP and HTTP listeners over TLS, with a key store made by the JDK's keytool, against a real broker. */
class IngestTlsTest {

    private static final String TOKEN = "tls-test-token";
    private static final String STORE_PASSWORD = "store-pass-for-tests";

    @TempDir
    static Path dir;
    static KafkaFixture kafka;
    static Path keyStore;
    static SSLContext trusting;
    static IngestStage mllpStage;
    static IngestStage httpStage;

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaFixture(dir);
        keyStore = dir.resolve("ingest.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ingest", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        trusting = clientTrusting(keyStore);

        Map<String, Object> tls = Map.of(IngestSettings.TLS_KEYSTORE_FILE, keyStore.toString(),
                IngestSettings.TLS_KEYSTORE_PASSWORD, STORE_PASSWORD);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        mllpStage = new IngestStage(kafka.config(dir.resolve("mllp"), with(tls, Map.of(IngestSettings.SOURCE, "mllp",
                IngestSettings.MLLP_PORT, port, IngestSettings.SOURCE_SYSTEM, "ris"))), new SimpleMeterRegistry());
        mllpStage.start();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        httpStage = new IngestStage(kafka.config(dir.resolve("http"), with(tls, Map.of(IngestSettings.SOURCE, "http",
                IngestSettings.HTTP_HOST, "127.0.0.1", IngestSettings.HTTP_PORT, 0,
                IngestSettings.HTTP_TOKEN_FILE, tokenFile.toString(), IngestSettings.SOURCE_SYSTEM, "portal"))),
                new SimpleMeterRegistry());
        httpStage.start();
    }

    @AfterAll
    static void stop() {
        mllpStage.close();
        httpStage.close();
        kafka.close();
    }

    private static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    /** A client context that trusts the listener's self-signed certificate and nothing else. */
    private static SSLContext clientTrusting(Path store) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpRequest note(String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + httpStage.listeningPort().orElseThrow() + "/notes"))
                .header("Content-Type", "text/plain; charset=utf-8").header("Authorization", "Bearer " + TOKEN)
                .header("X-Vigil-Patient-Id", "P-1").header("X-Vigil-Note-Id", "TLS-1")
                .POST(HttpRequest.BodyPublishers.ofString("Pt denies SI.")).build();
    }

    @Test
    void httpsTakesANoteOverTls() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(trusting).build()
                .send(note("https"), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(kafka.values(Topics.NOTES_RAW, from)).extracting(RawNote::getNoteKey).containsExactly("portal|TLS-1");
    }

    @Test
    void httpListenerRefusesPlainTextAndUntrustedClientsRefuseIt() {
        var from = kafka.mark(Topics.NOTES_RAW);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(note("http"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        // A client with the default trust store does not know the self-signed certificate: the handshake fails.
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(note("https"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(kafka.values(Topics.NOTES_RAW, from)).isEmpty();
    }

    @Test
    void mllpTakesAMessageOverTlsAndAnswersAa() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        HapiContext hapi = Hl7NoteReader.newContext();
        hapi.setSocketFactory(new StandardSocketFactory() {
            @Override
            public Socket createTlsSocket() throws IOException {
                return trusting.getSocketFactory().createSocket();
            }
        });
        try (hapi) {
            Connection mllp = hapi.newClient("127.0.0.1", mllpStage.listeningPort().orElseThrow(), true);
            try {
                String mdm = "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||MDM^T02^MDM_T02|T1|P|2.5.1\r"
                        + "EVN|T02|20240305101530\rPID|1||MRN-1^^^HOSP^MR||Doe^Jane||19840229|F\r"
                        + "TXA|1|PN|TX|20240305100000||||||||DOC-TLS|||||AU||AV\rOBX|1|TX|PN||Pt denies SI.||||||F\r";
                var ack = mllp.getInitiator().sendAndReceive(hapi.getPipeParser().parse(mdm));
                assertThat(new Terser(ack).get("/MSA-1")).isEqualTo("AA");
            } finally {
                mllp.close();
            }
        }
        assertThat(kafka.values(Topics.NOTES_RAW, from)).extracting(RawNote::getNoteKey).containsExactly("ris|DOC-TLS");
    }

    @Test
    void mllpListenerAnswersNothingToPlainTcp() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        try (Socket socket = new Socket("127.0.0.1", mllpStage.listeningPort().orElseThrow())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("\u000bMSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305||MDM^T02|P1|P|2.5.1\r"
                    + "\u001c\r").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] answer = new byte[256];
            int read;
            try {
                read = socket.getInputStream().read(answer);
            } catch (IOException e) {
                read = -1;
            }
            // A TLS server answers clear text with a TLS alert or by closing; never an MLLP frame.
            assertThat(read <= 0 || answer[0] != 0x0b).isTrue();
        }
        assertThat(kafka.values(Topics.NOTES_RAW, from)).isEmpty();
    }

    @Test
    void wrongKeyStorePasswordFailsTheStartWithoutQuotingIt() {
        IngestStage stage = new IngestStage(kafka.config(dir.resolve("bad"), Map.of(IngestSettings.SOURCE, "http",
                IngestSettings.HTTP_HOST, "127.0.0.1", IngestSettings.HTTP_PORT, 0,
                IngestSettings.HTTP_TOKEN_FILE, dir.resolve("token").toString(),
                IngestSettings.TLS_KEYSTORE_FILE, keyStore.toString(),
                IngestSettings.TLS_KEYSTORE_PASSWORD, "not-the-password")), new SimpleMeterRegistry());
        assertThatThrownBy(stage::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining(IngestSettings.TLS_KEYSTORE_FILE).hasMessageNotContaining("not-the-password");
        stage.close();
    }
}
