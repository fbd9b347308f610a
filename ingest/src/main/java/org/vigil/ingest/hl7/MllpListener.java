package org.vigil.ingest.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.ReceivingApplicationExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.ingest.Delivery;
import org.vigil.ingest.ListenerTls;
import org.vigil.ingest.NotePublisher;
import org.vigil.ingest.RejectReason;
import org.vigil.ingest.IngestSettings;
import org.vigil.ingest.SourceAddresses;
import org.vigil.ingest.SourceLocation;
import org.vigil.ingest.SourceRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import ca.uhn.hl7v2.util.StandardSocketFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Receives HL7 v2 messages over MLLP on HAPI's server and answers each only once its fate is durable: AA after
 * Kafka acknowledged the note (acks=all), AA for a message that carries no note (skipped and counted; AR when
 * the reader dead-letters those instead), AE with the reason after a bad message's dead letter was acknowledged,
 * and AE "not stored" when Kafka could not take it, so the sender resends. Messages HAPI cannot parse are
 * dead-lettered with their control id and refused.
 */
public final class MllpListener implements AutoCloseable {

    public static final String ADAPTER = "mllp";

    private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);

    private final HapiContext context;
    private final HL7Service server;
    private final int port;

    private MllpListener(HapiContext context, HL7Service server, int port) {
        this.context = context;
        this.server = server;
        this.port = port;
    }

    /** Where the listener binds and whom it admits. */
    public record Access(String host, int port, SourceAddresses sources, MeterRegistry meters) {
        /** Loopback, every source admitted, refusals counted nowhere: benchmarks and tests. */
        public static Access loopback(int port) {
            return new Access("127.0.0.1", port, SourceAddresses.ANY, new SimpleMeterRegistry());
        }
    }

    /** Starts on loopback at {@code port}, over TLS when {@code tls} is given, admitting every source. */
    public static MllpListener start(int port, Optional<ListenerTls> tls, Hl7NoteReader reader, NotePublisher publisher,
                                     Duration publishTimeout) throws InterruptedException {
        return start(Access.loopback(port), tls, reader, publisher, publishTimeout);
    }

    /**
     * Starts listening at {@code access}'s address and port, over TLS when {@code tls} is given, closing connections
     * from sources it does not admit, and returns once the server accepts connections.
     */
    public static MllpListener start(Access access, Optional<ListenerTls> tls, Hl7NoteReader reader, NotePublisher publisher,
                                     Duration publishTimeout) throws InterruptedException {
        InetAddress host;
        try {
            host = InetAddress.getByName(access.host());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The MLLP listener's address does not resolve: " + access.host(), e);
        }
        Counter refused = Counter.builder("vigil.ingest.connections.refused").tag("adapter", ADAPTER)
                .tag("reason", "source_not_allowed").register(access.meters());
        HapiContext context = Hl7NoteReader.newContext();
        context.setSocketFactory(new StandardSocketFactory() {
            @Override
            public void configureNewAcceptedSocket(Socket socket) throws SocketException {
                super.configureNewAcceptedSocket(socket);
                // HAPI writes an acknowledgement in several pieces; with Nagle's algorithm and the sender's delayed
                // ACK each message would wait about 40 ms.
                socket.setTcpNoDelay(true);
            }

            @Override
            public ServerSocket createServerSocket() throws IOException {
                return new GuardedServerSocket(host, access.sources(), tls, refused);
            }

            @Override
            public ServerSocket createTlsServerSocket() throws IOException {
                // HAPI's own TLS socket takes its keys from JVM-wide javax.net.ssl properties; ours, the stage's.
                return createServerSocket();
            }
        });
        HL7Service server = context.newServer(access.port(), tls.isPresent());
        server.registerApplication("*", "*", new Receiver(reader, publisher, publishTimeout));
        server.setExceptionHandler(new Refusals(publisher, publishTimeout));
        server.startAndWait();
        if (!server.isRunning()) {
            throw new IllegalStateException("The MLLP listener did not start on port " + access.port(),
                    server.getServiceExitedWithException());
        }
        LOG.info("MLLP listener on {} port {} ({}; sources: {})", host.getHostAddress(), access.port(),
                tls.isPresent() ? "TLS" : "plain text", access.sources());
        return new MllpListener(context, server, access.port());
    }

    /**
     * HAPI's server socket, bound to the configured address rather than the wildcard HAPI asks for, and closing a
     * connection from a source not admitted before HAPI reads a byte of it; admitted ones speak TLS when configured.
     */
    private static final class GuardedServerSocket extends ServerSocket {
        private final InetAddress host;
        private final SourceAddresses sources;
        private final Optional<ListenerTls> tls;
        private final Counter refused;

        GuardedServerSocket(InetAddress host, SourceAddresses sources, Optional<ListenerTls> tls, Counter refused)
                throws IOException {
            this.host = host;
            this.sources = sources;
            this.tls = tls;
            this.refused = refused;
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            int port = endpoint instanceof InetSocketAddress a ? a.getPort() : 0;
            super.bind(new InetSocketAddress(host, port), backlog);
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket socket = super.accept();
                InetAddress source = socket.getInetAddress();
                if (sources.admits(source)) {
                    return tls.isPresent() ? tls.get().wrap(socket) : socket;
                }
                refused.increment();
                // The address only: a refused sender's messages are never read.
                LOG.warn("MLLP connection from {} refused: not in {}", source.getHostAddress(),
                        IngestSettings.MLLP_ALLOWED_SOURCES);
                socket.close();
            }
        }
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return server.isRunning();
    }

    /** Stops accepting; messages in progress finish (they hold no state ingest could lose). */
    @Override
    public void close() {
        server.stopAndWait();
        try {
            context.close();
        } catch (IOException e) {
            LOG.warn("Closing the HL7 context failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Kafka did not acknowledge the record in time: the sender must resend; nothing is dead-lettered. */
    static final class NotStoredException extends HL7Exception {
        NotStoredException() {
            super("The note could not be stored; resend it", ca.uhn.hl7v2.ErrorCode.APPLICATION_INTERNAL_ERROR);
        }
    }

    private static Delivery await(NotePublisher publisher, SourceRecord record, Duration timeout) throws NotStoredException {
        try {
            return publisher.publish(ADAPTER, record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("An MLLP message was not stored: {}", (e instanceof ExecutionException ? e.getCause() : e).getClass().getSimpleName());
            throw new NotStoredException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotStoredException();
        }
    }

    /** Reads each parsed message, publishes it, and acknowledges according to where it went. */
    private static final class Receiver implements ReceivingApplication<Message> {
        private final Hl7NoteReader reader;
        private final NotePublisher publisher;
        private final Duration timeout;

        Receiver(Hl7NoteReader reader, NotePublisher publisher, Duration timeout) {
            this.reader = reader;
            this.publisher = publisher;
            this.timeout = timeout;
        }

        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
            SourceRecord record = reader.read(message, ADAPTER);
            await(publisher, record, timeout);
            if (record instanceof SourceRecord.Rejected rejected) {
                AcknowledgmentCode code = rejected.rejection().reason() == RejectReason.UNSUPPORTED_MESSAGE
                        ? AcknowledgmentCode.AR : AcknowledgmentCode.AE;
                try {
                    return message.generateACK(code, new HL7Exception(rejected.rejection().reason().name() + ": "
                            + rejected.rejection().detail()));
                } catch (IOException e) {
                    throw new HL7Exception("Cannot build the acknowledgement", e);
                }
            }
            try {
                return message.generateACK();
            } catch (IOException e) {
                throw new HL7Exception("Cannot build the acknowledgement", e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }

    /**
     * Called by HAPI when a message cannot be parsed or processing threw: dead-letters unparseable input with
     * its control id; HAPI's negative acknowledgement goes back to the sender.
     */
    private static final class Refusals implements ReceivingApplicationExceptionHandler {
        private final NotePublisher publisher;
        private final Duration timeout;

        Refusals(NotePublisher publisher, Duration timeout) {
            this.publisher = publisher;
            this.timeout = timeout;
        }

        @Override
        public String processException(String incoming, Map<String, Object> metadata, String outgoing, Exception e) {
            if (!(e instanceof NotStoredException)) {
                SourceLocation location = Hl7NoteReader.location(SourceLocation.label(ADAPTER), Hl7NoteReader.controlId(incoming == null ? "" : incoming));
                try {
                    await(publisher, Hl7NoteReader.malformed(e, location), timeout);
                } catch (NotStoredException notStored) {
                    // the sender gets the negative acknowledgement either way and resends
                    LOG.warn("A dead letter for a refused MLLP message could not be stored");
                }
            }
            return outgoing;
        }
    }
}
