package org.vigil.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.ingest.Admission;
import org.vigil.ingest.ClinicalTime;
import org.vigil.ingest.Delivery;
import org.vigil.ingest.ListenerTls;
import org.vigil.ingest.NoteDraft;
import org.vigil.ingest.NotePublisher;
import org.vigil.ingest.PdfText;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.LocationHash;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import org.vigil.ingest.TextDecoder;
import org.vigil.ingest.fhir.FhirNoteReader;
import org.vigil.ingest.fhir.PersonIndex;
import org.vigil.ingest.hl7.Hl7NoteReader;
import org.vigil.schemas.IdentifierHolder;
import org.vigil.schemas.KnownIdentifierKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /notes} over the JDK's HTTP server: accepts {@code text/plain} (metadata in {@code X-Vigil-*}
 * headers or the query), {@code application/fhir+json} / {@code +xml} and HL7 v2 ER7
 * ({@code application/hl7-v2}, {@code x-application/hl7-v2+er7}). Requires a bearer token and enforces a size
 * limit. Answers 202 only once every note in the request is durably on Kafka (acks=all); 422 when no note was
 * published and an item was dead-lettered; 200 when the body carried no note (an HL7 ADT message, skipped); 503
 * when Kafka could not take it (resend).
 */
public final class HttpNoteServer implements AutoCloseable {

    public static final String ADAPTER = "http";

    /** Metadata of a text/plain note, as header names; the query takes the same names without the prefix. */
    public static final Map<String, String> HEADERS = Map.of(
            "X-Vigil-Patient-Id", "patientId", "X-Vigil-Note-Id", "sourceNoteId", "X-Vigil-Encounter-Id", "encounterId",
            "X-Vigil-Note-Type", "noteType", "X-Vigil-Author-Role", "authorRole", "X-Vigil-Authored-At", "authoredAt",
            "X-Vigil-Source-System", "sourceSystem", "X-Vigil-Sex", "sex", "X-Vigil-Birth-Date", "birthDate");

    /** JDK HTTP server setting: TCP_NODELAY on accepted connections. */
    public static final String NODELAY = "sun.net.httpserver.nodelay";

    private static final Logger LOG = LoggerFactory.getLogger(HttpNoteServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final long maxBytes;
    private final Duration publishTimeout;
    private final Admission admission;
    private final ClinicalTime time;
    private final FhirNoteReader fhir;
    private final Hl7NoteReader hl7;
    private final NotePublisher publisher;
    private final AtomicLong requests = new AtomicLong();

    private HttpNoteServer(HttpServer server, ExecutorService executor, String token, long maxBytes, Duration publishTimeout,
                           Admission admission, ClinicalTime time, Hl7NoteReader.WithoutNote withoutNote, PdfText pdf,
                           NotePublisher publisher) {
        this.server = server;
        this.executor = executor;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.maxBytes = maxBytes;
        this.publishTimeout = publishTimeout;
        this.admission = admission;
        this.time = time;
        this.fhir = new FhirNoteReader(admission, ADAPTER, PersonIndex.EMPTY, pdf);
        this.hl7 = new Hl7NoteReader(admission, time, ADAPTER, withoutNote, pdf);
        this.publisher = publisher;
    }

    /**
     * Starts serving on {@code host:port} (port 0 picks a free one), over TLS when {@code tls} is given.
     * {@code token} must not be blank.
     */
    public static HttpNoteServer start(String host, int port, Optional<ListenerTls> tls, String token, long maxBytes,
                                      Duration publishTimeout, Admission admission, ClinicalTime time,
                                      NotePublisher publisher) {
        return start(host, port, tls, token, maxBytes, publishTimeout, admission, time, Hl7NoteReader.WithoutNote.SKIP,
                PdfText.defaults(admission), publisher);
    }

    /**
     * As above, with what becomes of HL7 v2 bodies that carry no note and the limits of PDF reading.
     */
    public static HttpNoteServer start(String host, int port, Optional<ListenerTls> tls, String token, long maxBytes,
                                      Duration publishTimeout, Admission admission, ClinicalTime time,
                                      Hl7NoteReader.WithoutNote withoutNote, PdfText pdf, NotePublisher publisher) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("The HTTP ingest endpoint needs a bearer token");
        }
        // The JDK server writes headers and body apart; with Nagle's algorithm each answer waits for the client's
        // delayed ACK (about 40 ms). The property is read once per JVM, so a server created earlier (metrics)
        // fixes it first: the launcher should set it at start. An explicit setting is respected.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            HttpServer server;
            if (tls.isPresent()) {
                HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 64);
                ListenerTls t = tls.get();
                https.setHttpsConfigurator(new HttpsConfigurator(t.context()) {
                    @Override
                    public void configure(HttpsParameters params) {
                        params.setSSLParameters(t.parameters());
                    }
                });
                server = https;
            } else {
                server = HttpServer.create(new InetSocketAddress(host, port), 64);
            }
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "vigil-ingest-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            HttpNoteServer notes = new HttpNoteServer(server, executor, token.strip(), maxBytes, publishTimeout,
                    admission, time, withoutNote, pdf, publisher);
            server.createContext("/", notes::handle);
            server.start();
            if (tls.isPresent()) {
                LOG.info("HTTP ingest listening on port {} (TLS)", server.getAddress().getPort());
            } else if (!server.getAddress().getAddress().isLoopbackAddress()) {
                LOG.warn("HTTP ingest listening on port {} WITHOUT TLS: notes cross the network in clear text "
                        + "(set ingest.tls.keystore.file)", server.getAddress().getPort());
            } else {
                LOG.info("HTTP ingest listening on loopback port {}", server.getAddress().getPort());
            }
            return notes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/notes")) {
                respond(exchange, 404, error("Not found; POST notes to /notes"));
                return;
            }
            if (!authorised(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"vigil\"");
                respond(exchange, 401, error("A valid bearer token is required"));
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, error("Only POST is allowed"));
                return;
            }
            SourceLocation location = SourceLocation.label("http:" + requests.incrementAndGet());
            Optional<byte[]> body = body(exchange);
            if (body.isEmpty()) {
                refuse(exchange, 413, SourceRecord.rejected(RejectReason.OVERSIZE,
                        "The request body is over the limit of " + maxBytes + " bytes", location));
                return;
            }
            String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
            String media = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            List<SourceRecord> records;
            switch (media) {
                case "text/plain" -> records = List.of(plainText(exchange, body.get(), contentType, location));
                case "application/fhir+json", "application/json", "application/fhir+xml", "application/xml" ->
                        records = decoded(body.get(), contentType).map(text -> fhir.read(text, location))
                                .orElseGet(() -> List.of(undecodable(location)));
                case "application/hl7-v2", "x-application/hl7-v2+er7", "application/edi-hl7", "application/hl7-v2+er7" ->
                        records = decoded(body.get(), contentType).map(text -> List.of(hl7.read(text, location).record()))
                                .orElseGet(() -> List.of(undecodable(location)));
                default -> {
                    refuse(exchange, 415, SourceRecord.rejected(RejectReason.UNSUPPORTED_CONTENT_TYPE,
                            "Content type " + (media.isEmpty() ? "(none)" : media) + " is not accepted; use text/plain, "
                                    + "application/fhir+json, application/fhir+xml or application/hl7-v2", location));
                    return;
                }
            }
            publishAndRespond(exchange, records);
        } catch (RuntimeException e) {
            LOG.error("HTTP ingest request failed: {}", e.getClass().getSimpleName());
        }
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Constant time, so response timing does not reveal how much of a guessed token was right.
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The body, or empty when it is over the limit (read no further than the limit). */
    private Optional<byte[]> body(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBytes) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
        }
    }

    private SourceRecord plainText(HttpExchange exchange, byte[] body, String contentType, SourceLocation location) {
        Map<String, String> meta = new HashMap<>(query(exchange.getRequestURI().getRawQuery()));
        HEADERS.forEach((header, field) -> {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                meta.put(field, value);
            }
        });
        Optional<String> text = decoded(body, contentType);
        if (text.isEmpty()) {
            return undecodable(location);
        }
        NoteDraft draft = new NoteDraft(ADAPTER, location)
                .sourceSystem(meta.get("sourceSystem")).sourceNoteId(meta.get("sourceNoteId")).patientId(meta.get("patientId"))
                .encounterId(meta.get("encounterId")).noteType(meta.get("noteType")).authorRole(meta.get("authorRole"))
                .attribute("sex", meta.get("sex")).attribute("birthDate", meta.get("birthDate"))
                .identifier(KnownIdentifierKind.BIRTH_DATE, IdentifierHolder.PATIENT, meta.get("birthDate"))
                .text(text.get()).contentType("text/plain").charset(charset(body, contentType).name());
        try {
            draft.authoredAt(time.parse(meta.get("authoredAt")));
        } catch (DateTimeParseException e) {
            return SourceRecord.rejected(RejectReason.INVALID_TIMESTAMP, "authoredAt matches no accepted format", location);
        }
        return admission.admit(draft);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** The body as text in its declared charset, or detected; empty when it cannot be decoded. */
    private static Optional<String> decoded(byte[] body, String contentType) {
        Optional<Charset> declared = declaredCharset(contentType);
        TextDecoder.Decoding decoding = declared.map(c -> TextDecoder.decodeAs(body, c)).orElseGet(() -> TextDecoder.decode(body));
        return decoding instanceof TextDecoder.Decoded d ? Optional.of(d.text()) : Optional.empty();
    }

    private static Charset charset(byte[] body, String contentType) {
        return declaredCharset(contentType).orElseGet(() -> TextDecoder.decode(body) instanceof TextDecoder.Decoded d
                ? d.charset() : StandardCharsets.UTF_8);
    }

    private static Optional<Charset> declaredCharset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Optional.of(Charset.forName(p.substring(8).replace("\"", "").strip()));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static SourceRecord undecodable(SourceLocation location) {
        return SourceRecord.rejected(RejectReason.INVALID_ENCODING, "The body cannot be decoded as text", location);
    }

    private void refuse(HttpExchange exchange, int status, SourceRecord rejection) throws IOException {
        try {
            publisher.publish(ADAPTER, rejection).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("A dead letter for a refused HTTP request could not be stored: {}", e.getClass().getSimpleName());
        }
        Rejected r = Rejected.of((SourceRecord.Rejected) rejection, publisher.locations());
        ObjectNode body = error(r.reason());
        body.put("reasonCode", r.code());
        respond(exchange, status, body);
    }

    private record Rejected(String code, String reason, String location) {
        /** As the dead letter states it: the location's file names and resource ids hashed. */
        static Rejected of(SourceRecord.Rejected r, LocationHash locations) {
            return new Rejected(r.rejection().reason().name(), r.rejection().detail(),
                    r.rejection().sourceLocation().masked(locations));
        }
    }

    private void publishAndRespond(HttpExchange exchange, List<SourceRecord> records) throws IOException {
        List<CompletableFuture<Delivery>> deliveries = new ArrayList<>();
        records.forEach(r -> deliveries.add(publisher.publish(ADAPTER, r)));
        try {
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 503, error("The notes could not be stored; resend the request"));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        int published = 0;
        int skipped = 0;
        for (SourceRecord record : records) {
            ObjectNode item = items.addObject();
            if (record instanceof SourceRecord.Accepted a) {
                published++;
                item.put("status", "published").put("noteKey", a.note().getNoteKey());
            } else if (record instanceof SourceRecord.Skipped k) {
                skipped++;
                item.put("status", "skipped").put("messageType", k.kind()).put("reason", k.detail());
            } else {
                Rejected r = Rejected.of((SourceRecord.Rejected) record, publisher.locations());
                item.put("status", "dead_lettered").put("reasonCode", r.code()).put("reason", r.reason()).put("sourceLocation", r.location());
            }
        }
        int deadLettered = records.size() - published - skipped;
        body.put("published", published);
        body.put("deadLettered", deadLettered);
        body.put("skipped", skipped);
        // 200 when the request held only messages without a note: taken, nothing to store, nothing to resend.
        respond(exchange, published > 0 ? 202 : deadLettered > 0 ? 422 : 200, body);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Stops accepting requests, letting those in progress finish for about a second (JDK 17's server always waits
     * the whole delay). A request cut off before its answer is resent by the client under the same note key.
     */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
