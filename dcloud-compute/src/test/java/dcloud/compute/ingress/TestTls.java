package dcloud.compute.ingress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for tests: a self-signed EC certificate made by the JDK's keytool (the JDK alone
 * cannot build certificates in code), a server context holding its key and a client context that
 * trusts exactly it; and real ClientHello bytes from the JDK's SSLEngine.
 */
final class TestTls {
    private static final char[] PASSWORD = "test-pass".toCharArray();

    final SSLContext server;
    final SSLContext client;
    /** DER of the backend's certificate, to compare with what a client sees through the router. */
    final byte[] certificate;

    private TestTls(SSLContext server, SSLContext client, byte[] certificate) {
        this.server = server;
        this.client = client;
        this.certificate = certificate;
    }

    static TestTls create(Path dir) throws Exception {
        Path keystore = dir.resolve("backend.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=backend.test",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store); // the JDK trusts the certificate of a key entry as an anchor
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        return new TestTls(server, client, store.getCertificate("backend").getEncoded());
    }

    /** The first flight of a real JDK client: its ClientHello record(s). {@code sni} null: none sent. */
    static byte[] clientHello(String sni, String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /**
     * The same handshake message cut into records of the given body sizes (the last record takes the
     * rest): a valid way to send a ClientHello that the parser must reassemble.
     */
    static byte[] fragment(byte[] single_record_hello, int... body_sizes) {
        byte[] message = Arrays.copyOfRange(single_record_hello, 5, single_record_hello.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        for (int i = 0; at < message.length; i++) {
            int size = i < body_sizes.length ? Math.min(body_sizes[i], message.length - at) : message.length - at;
            out.write(22);
            out.write(3);
            out.write(1);
            out.write(size >> 8);
            out.write(size & 0xFF);
            out.write(message, at, size);
            at += size;
        }
        return out.toByteArray();
    }
}
