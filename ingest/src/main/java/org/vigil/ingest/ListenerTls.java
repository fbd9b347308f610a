package org.vigil.ingest;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.vigil.runtime.config.VigilConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * TLS for the listeners that receive notes (MLLP and HTTP), from a PKCS#12 key store holding the listener's private
 * key and certificate chain. Notes arrive with names and record numbers, so on any network but loopback they must
 * travel encrypted; only TLS 1.3 and 1.2 are offered.
 */
public final class ListenerTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;

    private ListenerTls(SSLContext context) {
        this.context = context;
    }

    /** TLS from the stage's settings; empty when no key store is configured (plain TCP, for loopback and tests). */
    public static Optional<ListenerTls> from(VigilConfig config) {
        String file = config.getString(IngestSettings.TLS_KEYSTORE_FILE);
        if (file.isBlank()) {
            return Optional.empty();
        }
        Password password = config.getPassword(IngestSettings.TLS_KEYSTORE_PASSWORD);
        try {
            return Optional.of(fromKeyStore(Path.of(file), password == null ? new char[0] : password.value().toCharArray()));
        } catch (IOException | GeneralSecurityException e) {
            // The cause's class only: a key store message can quote the path, never the password, but stay terse.
            throw new ConfigException(IngestSettings.TLS_KEYSTORE_FILE, file,
                    "Cannot load the PKCS#12 key store (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Loads a PKCS#12 key store whose store and key share {@code password}. */
    public static ListenerTls fromKeyStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new ListenerTls(context);
    }

    public SSLContext context() {
        return context;
    }

    /** The server side's parameters: TLS 1.3 and 1.2 only, the JDK's default cipher suites for them. */
    public SSLParameters parameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        return parameters;
    }

    /**
     * Refuses to start a listener that would take notes in plain text on an address other than loopback, unless
     * {@code plaintextAllowed} (ingest.plaintext.allowed) says the network is encrypted by other means.
     */
    public static void requireOffLoopback(String hostSetting, String host, Optional<ListenerTls> tls, boolean plaintextAllowed) {
        if (tls.isPresent() || plaintextAllowed || loopback(host)) {
            return;
        }
        throw new ConfigException(hostSetting, host, "Not a loopback address, and no " + IngestSettings.TLS_KEYSTORE_FILE
                + " is set: notes would cross the network in plain text. Set a key store, listen on 127.0.0.1, or set "
                + IngestSettings.PLAINTEXT_ALLOWED + "=true where the network is encrypted by other means");
    }

    /** Whether {@code host} names a loopback address; the wildcard (0.0.0.0, ::) and unresolvable names do not. */
    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Speaks TLS as the server over a connection already accepted in plain TCP. */
    public SSLSocket wrap(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        socket.setSSLParameters(parameters());
        return socket;
    }
}
