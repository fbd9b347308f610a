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
import org.vigil.ingest.SourceRecord;

import ca.uhn.hl7v2.util.StandardSocketFactory;

import java.io.IOException;
import java.net.ServerSocket;
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

    /**
     * Starts listening on {@code port} (all interfaces), over TLS when {@code tls} is given, and returns once the
     * server accepts connections.
     */
    public static MllpListener start(int port, Optional<ListenerTls> tls, Hl7NoteReader reader, NotePublisher publisher,
                                     Duration publishTimeout) throws InterruptedException {
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
            public ServerSocket createTlsServerSocket() throws IOException {
                // HAPI's own TLS socket takes its keys from JVM-wide javax.net.ssl properties; ours, the stage's.
                return tls.orElseThrow(() -> new IOException("No TLS key store configured")).newServerSocket();
            }
        });
        HL7Service server = context.newServer(port, tls.isPresent());
        server.registerApplication("*", "*", new Receiver(reader, publisher, publishTimeout));
        server.setExceptionHandler(new Refusals(publisher, publishTimeout));
        server.startAndWait();
        if (!server.isRunning()) {
            throw new IllegalStateException("The MLLP listener did not start on port " + port, server.getServiceExitedWithException());
        }
        if (tls.isPresent()) {
            LOG.info("MLLP listener on port {} (TLS)", port);
        } else {
            LOG.warn("MLLP listener on port {} WITHOUT TLS: notes cross the network in clear text unless this is "
                    + "loopback (set ingest.tls.keystore.file)", port);
        }
        return new MllpListener(context, server, port);
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
                String location = Hl7NoteReader.location(ADAPTER, Hl7NoteReader.controlId(incoming == null ? "" : incoming));
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
