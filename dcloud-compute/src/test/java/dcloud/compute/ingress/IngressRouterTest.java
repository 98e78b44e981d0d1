package dcloud.compute.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router end to end on loopback: real TLS clients and backends, raw abusive clients. Hello
 * deadlines are short here (HELLO_TIMEOUT_MS) so that the slow-client cases stay quick.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class IngressRouterTest {
    private static final String DOMAIN = "c0.dcloud.test";
    private static final int HELLO_TIMEOUT_MS = 1_500;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int READ_TIMEOUT_MS = 5_000;

    @TempDir
    static Path dir;
    private static TestTls tls;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.create(dir);
    }

    @Test
    void httpsIsRoutedBySniAndTheClientTalksToTheBackendItself() throws Exception {
        try (IngressRouter router = router(64);
                TestBackends.Server a = TestBackends.tlsLines(tls.server, "a");
                TestBackends.Server b = TestBackends.tlsLines(tls.server, "b")) {
            router.routes().put(42, new Backend("127.0.0.1", a.port(), 0));
            router.routes().put(43, new Backend("127.0.0.1", b.port(), 0));
            try (SSLSocket client = tlsClient(router.httpsPort(), "42.c0.dcloud.test")) {
                // The router holds no key: the certificate the client checks is the backend's own.
                assertThat(client.getSession().getPeerCertificates()[0].getEncoded()).isEqualTo(tls.certificate);
                assertThat(ask(client, "hello")).isEqualTo("backend a: hello sni=42.c0.dcloud.test");
                assertThat(ask(client, "again")).isEqualTo("backend a: again sni=42.c0.dcloud.test");
            }
            try (SSLSocket client = tlsClient(router.httpsPort(), "43.C0.Dcloud.TEST")) {
                assertThat(ask(client, "hi")).startsWith("backend b: hi sni=");
            }
            assertThat(router.stats().routedHttps()).isEqualTo(2);
            assertThat(router.stats().refusedTotal()).isZero();
        }
    }

    @Test
    void httpIsRoutedByHostAndBadRequestsGetStatusesThatSayWhy() throws Exception {
        try (IngressRouter router = router(64); TestBackends.Server backend = TestBackends.http("a")) {
            router.routes().put(42, new Backend("127.0.0.1", 0, backend.port()));
            router.routes().put(43, new Backend("127.0.0.1", 443, 0));
            int port = router.httpPort();
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: 42.C0.dcloud.test:8080\r\n\r\n", true))
                    .startsWith("HTTP/1.1 200 OK").endsWith("http backend a saw Host: 42.C0.dcloud.test:8080\n");
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: 99.c0.dcloud.test\r\n\r\n", false))
                    .startsWith("HTTP/1.1 404 Not Found\r\n").contains("Connection: close\r\n").endsWith("no workload is served at 99.c0.dcloud.test\n");
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: 43.c0.dcloud.test\r\n\r\n", false))
                    .startsWith("HTTP/1.1 404 Not Found\r\n").contains("does not serve plain HTTP");
            assertThat(exchange(port, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", false)).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("no Host");
            assertThat(exchange(port, "\u0016\u0003\u0001\u0002\u0000garbage", false)).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(exchange(port, "GET / HTTP/1.1\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n", false))
                    .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
            long started = System.nanoTime();
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: 42.c0", false)).startsWith("HTTP/1.1 408 Request Timeout\r\n");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(HELLO_TIMEOUT_MS - 100);
            assertThat(router.stats().routedHttp()).isEqualTo(1);
            assertThat(router.stats().refused(Refusal.UNKNOWN_NAME)).isEqualTo(2);
            assertThat(router.stats().refused(Refusal.TOO_LARGE)).isEqualTo(1);
            assertThat(router.stats().refused(Refusal.TIMEOUT)).isEqualTo(1);
        }
    }

    @Test
    void aForwardedPortPipesUntilReleasedAndCanBeTakenBackByNumber() throws Exception {
        try (IngressRouter router = router(64); TestBackends.Server echo = TestBackends.echo()) {
            int port = router.forward(7, echo.address());
            try (Socket client = connect(port)) {
                client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
                // A half-close reaches the target, whose close comes back.
                try (Socket other = connect(port)) {
                    other.getOutputStream().write('x');
                    other.shutdownOutput();
                    assertThat(readAll(other)).isEqualTo("x");
                }
                router.release(7);
                assertThat(readAll(client)).isEmpty();
            }
            assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
            assertThat(router.forward(7, echo.address(), port)).isEqualTo(port);
            try (Socket client = connect(port)) {
                client.getOutputStream().write('y');
                assertThat(client.getInputStream().read()).isEqualTo('y');
            }
            assertThat(router.stats().forwarded()).isEqualTo(3);
        }
    }

    @Test
    void removingARouteEndsItsConnectionsAndRefusesNewOnes() throws Exception {
        try (IngressRouter router = router(64); TestBackends.Server backend = TestBackends.tlsLines(tls.server, "a")) {
            router.routes().put(42, new Backend("127.0.0.1", backend.port(), 0));
            try (SSLSocket client = tlsClient(router.httpsPort(), "42.c0.dcloud.test")) {
                assertThat(ask(client, "one")).startsWith("backend a: one");
                assertThat(router.routes().liveConnections(42)).isEqualTo(1);
                assertThat(router.routes().remove(42)).isTrue();
                assertThat(readUntilClosed(client.getInputStream())).isEqualTo(-1);
            }
            assertThat(router.routes().find(42)).isEmpty();
            assertThatThrownBy(() -> tlsClient(router.httpsPort(), "42.c0.dcloud.test"))
                    .isInstanceOf(SSLException.class).hasMessageContaining("unrecognized_name");
            assertThat(router.stats().refused(Refusal.UNKNOWN_NAME)).isEqualTo(1);
        }
    }

    @Test
    void abuseIsRefusedCleanlyAndSlowClientsDoNotStallOthers() throws Exception {
        try (IngressRouter router = router(64); TestBackends.Server backend = TestBackends.tlsLines(tls.server, "a")) {
            router.routes().put(42, new Backend("127.0.0.1", backend.port(), 0));
            try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
                router.routes().put(44, new Backend("127.0.0.1", closed.getLocalPort(), 0)); // nobody will accept there
            }
            int port = router.httpsPort();
            byte[] unrecognized_name = alert(112);
            byte[] decode_error = alert(50);
            assertThat(exchange(port, TestTls.clientHello("99.c0.dcloud.test", null), false)).isEqualTo(unrecognized_name);
            assertThat(exchange(port, TestTls.clientHello("42.other.test", null), false)).isEqualTo(unrecognized_name);
            assertThat(exchange(port, TestTls.clientHello(null, null), false)).isEqualTo(unrecognized_name);
            assertThat(exchange(port, TestTls.clientHello("44.c0.dcloud.test", null), false)).isEqualTo(alert(80));
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: 42.c0.dcloud.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false))
                    .isEqualTo(decode_error);
            byte[] hello = TestTls.clientHello("42.c0.dcloud.test", null);
            assertThat(exchange(port, java.util.Arrays.copyOf(hello, hello.length / 2), true)).as("truncated").isEqualTo(decode_error);
            assertThat(exchange(port, oversizedHello(), false)).isEqualTo(alert(40));

            // Slow clients: each holds only its own virtual thread until its deadline.
            List<Socket> slow = new ArrayList<>();
            try {
                long started = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    Socket loris = connect(port);
                    loris.getOutputStream().write(hello, 0, 1 + i);
                    slow.add(loris);
                }
                try (SSLSocket client = tlsClient(port, "42.c0.dcloud.test")) {
                    assertThat(ask(client, "meanwhile")).startsWith("backend a: meanwhile");
                }
                assertThat(router.stats().refused(Refusal.TIMEOUT)).as("served before any slow client timed out").isZero();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(HELLO_TIMEOUT_MS);
                for (Socket loris : slow) {
                    assertThat(readAllBytes(loris)).isEqualTo(alert(40));
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(HELLO_TIMEOUT_MS - 100);
            } finally {
                for (Socket loris : slow) {
                    loris.close();
                }
            }

            try (SSLSocket client = tlsClient(port, "42.c0.dcloud.test")) {
                assertThat(ask(client, "after all that")).isEqualTo("backend a: after all that sni=42.c0.dcloud.test");
            }
            IngressStats stats = router.stats();
            assertThat(stats.refused(Refusal.UNKNOWN_NAME)).isEqualTo(2);
            assertThat(stats.refused(Refusal.NO_NAME)).isEqualTo(1);
            assertThat(stats.refused(Refusal.BACKEND_UNREACHABLE)).isEqualTo(1);
            assertThat(stats.refused(Refusal.MALFORMED)).isEqualTo(2);
            assertThat(stats.refused(Refusal.TOO_LARGE)).isEqualTo(1);
            assertThat(stats.refused(Refusal.TIMEOUT)).isEqualTo(20);
            assertThat(stats.routedHttps()).isEqualTo(2);
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnceAndTheirSlotsComeBack() throws Exception {
        try (IngressRouter router = router(2); TestBackends.Server backend = TestBackends.tlsLines(tls.server, "a")) {
            router.routes().put(42, new Backend("127.0.0.1", backend.port(), 0));
            try (Socket first = connect(router.httpsPort()); Socket second = connect(router.httpPort())) {
                first.getOutputStream().write(22);
                second.getOutputStream().write('G');
                // The limit is shared by the ports, whose accept loops run independently: wait for both.
                waitUntil(() -> router.connectionsOpen() == 2);
                try (Socket third = connect(router.httpsPort())) {
                    assertThat(readAllBytes(third)).isEmpty();
                }
                assertThat(router.stats().refused(Refusal.OVER_CAPACITY)).isEqualTo(1);
                assertThat(router.connectionsOpen()).isEqualTo(2);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try (SSLSocket client = tlsClient(router.httpsPort(), "42.c0.dcloud.test")) {
                    assertThat(ask(client, "in")).startsWith("backend a: in");
                    break;
                } catch (IOException e) {
                    // The two slots are freed when the router notices the closes: shortly.
                    assertThat(System.nanoTime()).as("a slot came back").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static IngressRouter router(int connections_max) throws IOException {
        IngressConfig defaults = IngressConfig.defaults(DOMAIN);
        return new IngressRouter(new IngressConfig(defaults.host(), 0, 0, DOMAIN, HELLO_TIMEOUT_MS, defaults.helloSizeBytesMax(),
                defaults.httpHeadSizeBytesMax(), connections_max, 1_000, 0, 8)).start();
    }

    /**
     * A TLS client asking for {@code sni}. The JDK client caches sessions by peer host and port and,
     * when it resumes one, sends the cached session's server name: layering TLS over a plain socket
     * with the name as peer host keeps the sessions of different names apart.
     */
    private static SSLSocket tlsClient(int port, String sni) throws IOException {
        Socket plain = connect(port);
        SSLSocket socket = (SSLSocket) tls.client.getSocketFactory().createSocket(plain, sni, port, true);
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String ask(SSLSocket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
            assertThat(b).as("answer ended early: %s", answer).isNotNegative();
            answer.write(b);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(LOOPBACK, port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    /** Sends {@code data} (optionally ending the output), then reads everything until the router closes. */
    private static byte[] exchange(int port, byte[] data, boolean end_output) throws IOException {
        try (Socket socket = connect(port)) {
            try {
                socket.getOutputStream().write(data);
                if (end_output) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The router may refuse before it has read everything; its answer is still to be read.
            }
            return readAllBytes(socket);
        }
    }

    private static String exchange(int port, String data, boolean end_output) throws IOException {
        return new String(exchange(port, data.getBytes(StandardCharsets.ISO_8859_1), end_output), StandardCharsets.UTF_8);
    }

    /** Everything until end of stream; a reset after some bytes ends the stream too. A read timeout fails. */
    private static byte[] readAllBytes(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (java.net.SocketException e) {
            // connection reset: what arrived before is the answer
        }
        return out.toByteArray();
    }

    private static String readAll(Socket socket) throws IOException {
        return new String(readAllBytes(socket), StandardCharsets.UTF_8);
    }

    /** -1 once the stream ends, by end of stream or by an error (the router closing the connection under TLS). */
    private static int readUntilClosed(InputStream in) {
        try {
            while (in.read() >= 0) {
                // nothing more is expected
            }
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            // closed under the client: counts as ended
        }
        return -1;
    }

    private static byte[] alert(int description) {
        return new byte[] {21, 3, 3, 0, 2, 2, (byte) description};
    }

    /** A first record of 2^14 bytes whose ClientHello says it is 20,000 bytes long, and a second record. */
    private static byte[] oversizedHello() {
        byte[] bytes = new byte[5 + (1 << 14) + 5 + 3_700];
        bytes[0] = 22;
        bytes[1] = 3;
        bytes[2] = 1;
        bytes[3] = 0x40;
        bytes[4] = 0;
        bytes[5] = 1;
        bytes[6] = 0;
        bytes[7] = (byte) (20_000 >> 8);
        bytes[8] = (byte) 20_000;
        int second = 5 + (1 << 14);
        bytes[second] = 22;
        bytes[second + 1] = 3;
        bytes[second + 2] = 1;
        bytes[second + 3] = (byte) (3_700 >> 8);
        bytes[second + 4] = (byte) 3_700;
        return bytes;
    }
}
