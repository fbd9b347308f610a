package org.vigil.ingest;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.fhir.FhirNoteReader;
import org.vigil.ingest.hl7.Hl7NoteReader;
import org.vigil.runtime.kafka.Topics;
import org.vigil.schemas.DeadLetter;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifier;
import org.vigil.schemas.KnownIdentifierKind;
import org.vigil.schemas.RawNote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The MLLP and HTTP listeners end to end through a real embedded broker and schema registry. */
class IngestListenersTest {

    private static final String TOKEN = "s3cret-token-for-tests";

    @TempDir
    static Path clusterDir;
    static KafkaFixture kafka;
    static IngestStage mllpStage;
    static SimpleMeterRegistry mllpMeters = new SimpleMeterRegistry();
    static IngestStage mllpDeadLetterStage;
    static IngestStage httpStage;
    static HapiContext hapi;
    static Connection mllp;
    static HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaFixture(clusterDir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        mllpStage = new IngestStage(kafka.config(clusterDir.resolve("mllp"), Map.of(IngestSettings.SOURCE, "mllp",
                IngestSettings.MLLP_PORT, port, IngestSettings.SOURCE_SYSTEM, "ris")), mllpMeters);
        mllpStage.start();
        int deadLetterPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadLetterPort = socket.getLocalPort();
        }
        mllpDeadLetterStage = new IngestStage(kafka.config(clusterDir.resolve("mllp-dl"), Map.of(IngestSettings.SOURCE, "mllp",
                IngestSettings.MLLP_PORT, deadLetterPort, IngestSettings.SOURCE_SYSTEM, "ris",
                IngestSettings.HL7_WITHOUT_NOTE, "dead-letter")), new SimpleMeterRegistry());
        mllpDeadLetterStage.start();
        Path tokenFile = Files.writeString(clusterDir.resolve("token"), TOKEN + "\n");
        httpStage = new IngestStage(kafka.config(clusterDir.resolve("http"), Map.of(IngestSettings.SOURCE, "http",
                IngestSettings.HTTP_HOST, "127.0.0.1", IngestSettings.HTTP_PORT, 0, IngestSettings.HTTP_MAX_BYTES, 2_000L,
                IngestSettings.HTTP_TOKEN_FILE, tokenFile.toString(), IngestSettings.SOURCE_SYSTEM, "portal")),
                new SimpleMeterRegistry());
        httpStage.start();
        hapi = Hl7NoteReader.newContext();
        mllp = hapi.newClient("127.0.0.1", port, false);
    }

    @AfterAll
    static void stop() throws IOException {
        mllp.close();
        hapi.close();
        mllpStage.close();
        mllpDeadLetterStage.close();
        httpStage.close();
        kafka.close();
    }

    private static Message send(String er7) throws Exception {
        return mllp.getInitiator().sendAndReceive(hapi.getPipeParser().parse(er7));
    }

    private static String ackCode(Message ack) throws Exception {
        return new Terser(ack).get("/MSA-1");
    }

    private static String mdm(String control, String mrn, String doc, String text) {
        return "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305101530||MDM^T02^MDM_T02|" + control + "|P|2.5.1\r"
                + "EVN|T02|20240305101530\r"
                + "PID|1||" + mrn + "^^^HOSP^MR||Doe^Jane||19840229|F\r"
                + "TXA|1|PN|TX|20240305100000||||||||" + doc + "|||||AU||AV\r"
                + "OBX|1|TX|PN||" + text + "||||||F\r";
    }

    @Test
    void mllpAnswersAaOnlyOnceTheNoteIsOnTheRawTopic() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        Message ack = send(mdm("M1", "MRN-1", "DOC-1", "Pt denies SI."));
        assertThat(ackCode(ack)).isEqualTo("AA");
        // Read right after the AA without waiting: the note must already be there.
        List<RawNote> notes = kafka.values(Topics.NOTES_RAW, from);
        assertThat(notes).extracting(RawNote::getNoteKey).containsExactly("ris|DOC-1");
        assertThat(notes.get(0).getIngest().getSourceLocation()).isEqualTo("mllp MSH-10=M1");
        assertThat(notes.get(0).getIngest().getAdapter()).isEqualTo("mllp");
    }

    @Test
    void mllpAnswersAeForABadMessageDeadLettersItAndTakesTheNextOne() throws Exception {
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        var notes = kafka.mark(Topics.NOTES_RAW);
        Message nak = send(mdm("M2", "", "DOC-2", "No patient."));
        assertThat(ackCode(nak)).isEqualTo("AE");
        assertThat(new Terser(nak).get("/ERR-3-9")).isEqualTo("MISSING_PATIENT: The note names no patient");
        assertThat(ackCode(send(mdm("M3", "MRN-3", "DOC-3", "Fine.")))).isEqualTo("AA");
        assertThat(kafka.values(Topics.DEAD_LETTERS, letters)).extracting(DeadLetter::getReasonCode, DeadLetter::getSourceLocation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MISSING_PATIENT", "mllp MSH-10=M2"));
        assertThat(kafka.values(Topics.NOTES_RAW, notes)).extracting(RawNote::getNoteKey).containsExactly("ris|DOC-3");
    }

    @Test
    void mllpClosesConnectionsFromSourcesOutsideTheAllowListAndCountsThem() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        var notes = kafka.mark(Topics.NOTES_RAW);
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        // This test's client connects from 127.0.0.1, which the list leaves out.
        try (IngestStage guarded = new IngestStage(kafka.config(clusterDir.resolve("mllp-guarded"), Map.of(IngestSettings.SOURCE, "mllp",
                IngestSettings.MLLP_PORT, port, IngestSettings.SOURCE_SYSTEM, "ris",
                IngestSettings.MLLP_ALLOWED_SOURCES, "10.0.0.0/8,192.0.2.7")), meters)) {
            guarded.start();
            for (int attempt = 0; attempt < 2; attempt++) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    byte[] framed = ("\u000b" + mdm("G" + attempt, "MRN-G", "DOC-G" + attempt, "Pt calm.") + "\u001c\r")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    int answer;
                    try {
                        socket.getOutputStream().write(framed);
                        socket.getOutputStream().flush();
                        answer = socket.getInputStream().read();
                    } catch (java.net.SocketException reset) {
                        answer = -1;
                    }
                    assertThat(answer).as("no acknowledgement, the connection is closed").isEqualTo(-1);
                }
            }
            assertThat(meters.counter("vigil.ingest.connections.refused", "adapter", "mllp", "reason", "source_not_allowed").count())
                    .isEqualTo(2.0);
            assertThat(guarded.healthy()).isTrue();
        }
        assertThat(kafka.values(Topics.NOTES_RAW, notes)).isEmpty();
        assertThat(kafka.values(Topics.DEAD_LETTERS, letters)).isEmpty();
    }

    @Test
    void mllpTakesNotesFromASourceOnTheAllowList() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        var notes = kafka.mark(Topics.NOTES_RAW);
        try (IngestStage guarded = new IngestStage(kafka.config(clusterDir.resolve("mllp-admitted"), Map.of(IngestSettings.SOURCE, "mllp",
                IngestSettings.MLLP_PORT, port, IngestSettings.SOURCE_SYSTEM, "ris",
                IngestSettings.MLLP_ALLOWED_SOURCES, "10.0.0.0/8,127.0.0.0/8")), meters)) {
            guarded.start();
            // A client context of its own: closing a connection shuts its context's executor down.
            try (HapiContext client = Hl7NoteReader.newContext()) {
                Connection admitted = client.newClient("127.0.0.1", port, false);
                Message ack = admitted.getInitiator().sendAndReceive(client.getPipeParser().parse(mdm("A1", "MRN-A", "DOC-A", "Pt calm.")));
                assertThat(ackCode(ack)).isEqualTo("AA");
                admitted.close();
            }
        }
        assertThat(meters.counter("vigil.ingest.connections.refused", "adapter", "mllp", "reason", "source_not_allowed").count())
                .isZero();
        assertThat(kafka.values(Topics.NOTES_RAW, notes)).extracting(RawNote::getNoteKey).containsExactly("ris|DOC-A");
    }

    private static final String ADT = "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305||ADT^A01^ADT_A01|M4|P|2.5.1\rEVN|A01|20240305\rPID|1||MRN-4^^^HOSP^MR\r";

    @Test
    void mllpAcknowledgesAndCountsMessagesThatCarryNoNoteWithoutDeadLetteringThem() throws Exception {
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        var notes = kafka.mark(Topics.NOTES_RAW);
        double before = mllpMeters.counter("vigil.ingest.skipped", "adapter", "mllp", "message_type", "ADT", "trigger", "A01").count();
        assertThat(ackCode(send(ADT))).isEqualTo("AA");
        assertThat(ackCode(send(mdm("M4b", "MRN-4", "DOC-4", "Then a note.")))).isEqualTo("AA");
        assertThat(mllpMeters.counter("vigil.ingest.skipped", "adapter", "mllp", "message_type", "ADT", "trigger", "A01").count())
                .isEqualTo(before + 1);
        assertThat(mllpStage.counts().skippedByKind()).containsEntry("ADT^A01", (long) before + 1);
        assertThat(kafka.values(Topics.NOTES_RAW, notes)).extracting(RawNote::getNoteKey).containsExactly("ris|DOC-4");
        assertThat(kafka.values(Topics.DEAD_LETTERS, letters)).isEmpty();
    }

    @Test
    void mllpAnswersArAndDeadLettersMessagesThatCarryNoNoteWhenSoConfigured() throws Exception {
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        try (Connection connection = hapi.newClient("127.0.0.1", mllpDeadLetterStage.listeningPort().orElseThrow(), false)) {
            Message nak = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(ADT));
            assertThat(ackCode(nak)).isEqualTo("AR");
        }
        assertThat(kafka.values(Topics.DEAD_LETTERS, letters)).extracting(DeadLetter::getReasonCode, DeadLetter::getSourceLocation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("UNSUPPORTED_MESSAGE", "mllp MSH-10=M4"));
    }

    @Test
    void mllpRefusesAnUnparseableMessageAndDeadLettersIt() throws Exception {
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        String garbage = "MSH|^~\\&|EHR|HOSP|VIGIL|VIGIL|20240305||MDM^T02|M5|P|9.9.9\rPID|1||Doe Jane\r";
        String response;
        try (Socket socket = new Socket("127.0.0.1", mllpStage.listeningPort().orElseThrow())) {
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[] {0x1c, 0x0d});
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder frame = new StringBuilder();
            for (int b = in.read(); b != 0x1c && b != -1; b = in.read()) {
                frame.append((char) b);
            }
            response = frame.toString();
        }
        assertThat(response).contains("MSA|AE|M5").doesNotContain("Doe").doesNotContain("9.9.9 is not");
        List<DeadLetter> dead = kafka.values(Topics.DEAD_LETTERS, letters);
        assertThat(dead).extracting(DeadLetter::getReasonCode, DeadLetter::getSourceLocation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MALFORMED_HL7", "mllp MSH-10=M5"));
        assertThat(dead.get(0).getReason()).doesNotContain("Doe");
    }

    private static HttpResponse<String> post(String contentType, String token, String body, Map<String, String> headers, String query)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpStage.listeningPort().orElseThrow()
                + "/notes" + query)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpAnswers202OnlyOnceThePlainTextNoteIsOnTheRawTopic() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        HttpResponse<String> response = post("text/plain; charset=utf-8", TOKEN, "Pt reports passive SI.",
                Map.of("X-Vigil-Patient-Id", "P-9", "X-Vigil-Note-Id", "N-1", "X-Vigil-Authored-At", "2024-02-01T10:00:00Z",
                        "X-Vigil-Birth-Date", "1984-02-29"),
                "?noteType=ED%20note");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"items\":[{\"status\":\"published\",\"noteKey\":\"portal|N-1\"}],\"published\":1,\"deadLettered\":0,\"skipped\":0}");
        List<RawNote> notes = kafka.values(Topics.NOTES_RAW, from);
        assertThat(notes).hasSize(1);
        RawNote note = notes.get(0);
        assertThat(note.getPatientId()).isEqualTo("P-9");
        assertThat(note.getNoteType()).isEqualTo("ED note");
        assertThat(note.getAuthoredAt()).isEqualTo(Instant.parse("2024-02-01T10:00:00Z"));
        assertThat(note.getText()).isEqualTo("Pt reports passive SI.");
        // The birth date header is the one identifier a plain-text note's metadata names.
        assertThat(note.getKnownIdentifiers()).containsExactly(KnownIdentifier.newBuilder()
                .setKind(KnownIdentifierKind.BIRTH_DATE).setHolder(IdentifierHolder.PATIENT).setValue("1984-02-29").build());
    }

    @Test
    void httpRefusesMissingOrWrongTokenWith401() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        assertThat(post("text/plain", null, "x", Map.of("X-Vigil-Patient-Id", "P", "X-Vigil-Note-Id", "N"), "").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post("text/plain", "guess", "x", Map.of("X-Vigil-Patient-Id", "P", "X-Vigil-Note-Id", "N"), "");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"vigil\"");
        assertThat(kafka.values(Topics.NOTES_RAW, from)).isEmpty();
    }

    @Test
    void httpRefusesOversizeBodyWith413AndDeadLettersIt() throws Exception {
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        HttpResponse<String> response = post("text/plain", TOKEN, "x".repeat(2_001), Map.of("X-Vigil-Patient-Id", "P"), "");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(kafka.values(Topics.DEAD_LETTERS, letters)).extracting(DeadLetter::getReasonCode).containsExactly("OVERSIZE");
    }

    @Test
    void httpAnswers422WhenTheOnlyNoteIsDeadLetteredAnd415ForOtherContent() throws Exception {
        HttpResponse<String> noPatient = post("text/plain", TOKEN, "Text.", Map.of("X-Vigil-Note-Id", "N-2"), "");
        assertThat(noPatient.statusCode()).isEqualTo(422);
        assertThat(noPatient.body()).contains("\"reasonCode\":\"MISSING_PATIENT\"");
        assertThat(post("application/pdf", TOKEN, "%PDF", Map.of(), "").statusCode()).isEqualTo(415);
    }

    @Test
    void httpAcceptsFhirJsonAndHl7() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        var doc = new org.hl7.fhir.r4.model.DocumentReference();
        doc.setId("fhir-1");
        doc.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p-1"));
        doc.addContent().getAttachment().setContentType("text/plain").setData("FHIR note.".getBytes(StandardCharsets.UTF_8));
        String json = FhirNoteReader.context().newJsonParser().encodeResourceToString(doc);
        assertThat(post("application/fhir+json", TOKEN, json, Map.of(), "").statusCode()).isEqualTo(202);
        assertThat(post("application/hl7-v2", TOKEN, mdm("H1", "MRN-7", "DOC-7", "HL7 note."), Map.of(), "").statusCode()).isEqualTo(202);
        List<RawNote> notes = kafka.values(Topics.NOTES_RAW, from);
        assertThat(notes).extracting(RawNote::getNoteKey).containsExactlyInAnyOrder("portal|fhir-1", "portal|DOC-7");
        assertThat(notes).filteredOn(n -> n.getNoteKey().equals("portal|DOC-7")).singleElement()
                .satisfies(n -> assertThat(n.getKnownIdentifiers()).extracting(KnownIdentifier::getValue)
                        .contains("MRN-7", "Doe", "Jane", "1984-02-29"));
    }

    @Test
    void httpReadsAPdfNoteAndAnswers200ForAnHl7MessageWithoutANote() throws Exception {
        var from = kafka.mark(Topics.NOTES_RAW);
        var letters = kafka.mark(Topics.DEAD_LETTERS);
        var doc = new org.hl7.fhir.r4.model.DocumentReference();
        doc.setId("fhir-pdf");
        doc.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p-1"));
        doc.addContent().getAttachment().setContentType("application/pdf").setData(Pdfs.withText("Discharge summary.", "Safety plan given."));
        String json = FhirNoteReader.context().newJsonParser().encodeResourceToString(doc);
        assertThat(post("application/fhir+json", TOKEN, json, Map.of(), "").statusCode()).isEqualTo(202);

        HttpResponse<String> adt = post("application/hl7-v2", TOKEN, ADT, Map.of(), "");
        assertThat(adt.statusCode()).isEqualTo(200);
        assertThat(adt.body()).isEqualTo("{\"items\":[{\"status\":\"skipped\",\"messageType\":\"ADT^A01\",\"reason\":"
                + "\"A ADT^A01 message carries no note; MDM and ORU^R01 do\"}],\"published\":0,\"deadLettered\":0,\"skipped\":1}");

        assertThat(kafka.values(Topics.NOTES_RAW, from)).singleElement().satisfies(n -> {
            assertThat(n.getNoteKey()).isEqualTo("portal|fhir-pdf");
            assertThat(n.getText()).isEqualTo("Discharge summary.\nSafety plan given.");
        });
        assertThat(kafka.values(Topics.DEAD_LETTERS, letters)).isEmpty();
    }
}
