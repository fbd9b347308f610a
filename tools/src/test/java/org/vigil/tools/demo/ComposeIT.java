package org.vigil.tools.demo;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.vigil.corpus.CorpusGenerator;
import org.vigil.corpus.SyntheticNote;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The production shape end to end: docker-compose.yml (3 secured brokers, Confluent's registry, PostgreSQL, each
 * stage from the project's image) receives generated notes over the ingest HTTP endpoint and stores one row each.
 * Skips, saying why, where no Docker engine runs; under -Pcompose a missing engine is a failure.
 */
class ComposeIT {

    private static final int NOTES = 20;

    @Test
    void composeShapeStoresEveryNotePostedToIngest() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            if (Boolean.getBoolean("vigil.compose.required")) {
                fail("-Pcompose needs a Docker engine, and none answers here");
            }
            String why = "No Docker engine answers here: the compose end-to-end test is skipped";
            System.out.println("ComposeIT: " + why);
            Assumptions.abort(why);
        }
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process certs = new ProcessBuilder("bash", root.resolve("deploy/certs/generate.sh").toString()).inheritIO().start();
        assertThat(certs.waitFor()).isZero();
        try (ComposeContainer compose = new ComposeContainer(root.resolve("docker-compose.yml").toFile())
                .withLocalCompose(true)
                .withBuild(true)
                .withEnv("COMPOSE_ENV_FILES", root.resolve("deploy/.env").toString())
                .withExposedService("ingest", 8085, Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(10)))
                .withExposedService("sink", 8443, Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(10)))) {
            compose.start();
            String token = Files.readString(root.resolve("deploy/certs/generated/ingest-token")).strip();
            // POST /notes is HTTPS only in the compose shape; its certificate is signed by the generated CA.
            URI notes = URI.create("https://" + compose.getServiceHost("ingest", 8085) + ":"
                    + compose.getServicePort("ingest", 8085) + "/notes");
            HttpClient http = HttpClient.newBuilder().sslContext(trustingGeneratedCa(root)).build();
            List<SyntheticNote> generated = new CorpusGenerator(12_000L).generate(NOTES);
            for (SyntheticNote n : generated) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(notes)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .header("X-Vigil-Patient-Id", n.patientId())
                        .header("X-Vigil-Note-Id", n.noteId())
                        .header("X-Vigil-Note-Type", n.noteType())
                        .POST(HttpRequest.BodyPublishers.ofString(n.text())).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(202);
            }
            var postgres = compose.getContainerByServiceName("postgres-1")
                    .or(() -> compose.getContainerByServiceName("postgres")).orElseThrow();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            String count = "";
            while (System.nanoTime() < deadline) {
                count = postgres.execInContainer("psql", "-U", "vigil", "-d", "vigil", "-tAc",
                        "select count(*) from notes").getStdout().strip();
                if (count.equals(String.valueOf(NOTES))) {
                    break;
                }
                Thread.sleep(2_000);
            }
            assertThat(count).isEqualTo(String.valueOf(NOTES));
        }
    }

    /** A client context trusting the CA that deploy/certs/generate.sh made (its truststore and store password). */
    private static SSLContext trustingGeneratedCa(Path root) throws Exception {
        String password = Files.readAllLines(root.resolve("deploy/.env")).stream()
                .filter(l -> l.startsWith("VIGIL_STORE_PASSWORD=")).map(l -> l.substring(l.indexOf('=') + 1))
                .findFirst().orElseThrow();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(root.resolve("deploy/certs/generated/truststore.p12"))) {
            trusted.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
