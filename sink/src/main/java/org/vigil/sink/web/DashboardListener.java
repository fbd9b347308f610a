package org.vigil.sink.web;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where the dashboard and API listen and whether they speak TLS. Bearer tokens and de-identified notes cross this
 * connection, so plain HTTP is only for loopback, unless a deployment explicitly allows it (behind a proxy that
 * terminates TLS on a private network); HTTPS comes from a PKCS#12 key store and offers TLS 1.3 and 1.2 only.
 */
public final class DashboardListener {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final String host;
    private final int port;
    private final Optional<SSLContext> tls;

    private DashboardListener(String host, int port, Optional<SSLContext> tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /** Plain HTTP; refused on any address but loopback unless {@code allowedBeyondLoopback}. */
    public static DashboardListener plain(String host, int port, boolean allowedBeyondLoopback) {
        if (!allowedBeyondLoopback && !isLoopback(host)) {
            throw new IllegalArgumentException("plain HTTP on '" + host + "', which is not a loopback address");
        }
        return new DashboardListener(host, port, Optional.empty());
    }

    /** HTTPS with the key and certificate chain of a PKCS#12 key store whose store and key share {@code password}. */
    public static DashboardListener https(String host, int port, Path keyStore, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        Arrays.fill(password, '\0');
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new DashboardListener(host, port, Optional.of(context));
    }

    /** True when every address {@code host} names is a loopback address; a wildcard or blank host is not. */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public boolean tls() {
        return tls.isPresent();
    }

    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    public String host() {
        return host;
    }

    /** The Jetty connector for this listener, built on Javalin's HTTP configuration. */
    ServerConnector connector(Server server, HttpConfiguration http) {
        ServerConnector connector;
        if (tls.isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls.get());
            ssl.setIncludeProtocols(PROTOCOLS);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Host names are the client's check; one certificate serves every name the server is reached by.
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
