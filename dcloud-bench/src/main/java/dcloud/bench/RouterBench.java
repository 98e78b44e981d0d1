package dcloud.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The ingress router's cost on loopback, next to the same traffic sent straight to the backend in the
 * same run. The backend is a TLS echo/sink in this JVM (EC P-256 certificate made by keytool).
 * (a) Connection setup: connect + full TLS handshake (no resumption) + a 1-byte echo, CONNECTIONS
 *     times each way, interleaved, after a warm-up; p50 and p99.
 * (b) Bulk: BULK_MIB over one TLS connection to a sink that acknowledges the last byte, ROUNDS
 *     times each way, interleaved; best and median MB/s.
 * Usage: RouterBench [CONNECTIONS] [BULK_MIB] [ROUNDS]
 */
public final class RouterBench {
    private static final String DOMAIN = "bench.dcloud.test";
    private static final long CONTRACT = 42;
    private static final char[] PASSWORD = "bench-pass".toCharArray();
    private static final int WARMUP_CONNECTIONS = 500;
    private static final int CHUNK_SIZE_BYTES = 64 * 1024;
    private static final byte MODE_ECHO = 'E';
    private static final byte MODE_SINK = 'S';

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int bulk_mib = args.length > 1 ? Integer.parseInt(args[1]) : 1_024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("java %s, %d cores (%s); client, router and backend share them%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), cpuModel());
        Path dir = Files.createTempDirectory("dcloud-router-bench");
        try {
            SSLContext[] contexts = contexts(dir);
            SSLContext server = contexts[0];
            SSLContext client = contexts[1];
            try (ServerSocket backend = startBackend(server); Router router = new Router(DOMAIN)) {
                router.route(CONTRACT, "127.0.0.1", backend.getLocalPort());
                int direct_port = backend.getLocalPort();
                int routed_port = router.httpsPort();
                String sni = CONTRACT + "." + DOMAIN;

                for (int i = 0; i < WARMUP_CONNECTIONS; i++) {
                    setupNs(client, direct_port, sni);
                    setupNs(client, routed_port, sni);
                }
                long[] direct = new long[connections];
                long[] routed = new long[connections];
                for (int i = 0; i < connections; i++) {
                    direct[i] = setupNs(client, direct_port, sni);
                    routed[i] = setupNs(client, routed_port, sni);
                }
                Arrays.sort(direct);
                Arrays.sort(routed);

                bulkMbPerS(client, direct_port, sni, Math.min(bulk_mib, 256));
                bulkMbPerS(client, routed_port, sni, Math.min(bulk_mib, 256));
                double[] bulk_direct = new double[rounds];
                double[] bulk_routed = new double[rounds];
                double cpu_direct_s = 0;
                double cpu_routed_s = 0;
                for (int r = 0; r < rounds; r++) {
                    double cpu_started_s = processCpuS();
                    bulk_direct[r] = bulkMbPerS(client, direct_port, sni, bulk_mib);
                    double cpu_middle_s = processCpuS();
                    bulk_routed[r] = bulkMbPerS(client, routed_port, sni, bulk_mib);
                    cpu_direct_s += cpu_middle_s - cpu_started_s;
                    cpu_routed_s += processCpuS() - cpu_middle_s;
                }
                Arrays.sort(bulk_direct);
                Arrays.sort(bulk_routed);
                double gb = (double) bulk_mib * rounds * 1024 * 1024 / 1e9;

                System.out.printf("cipher suite: %s%n", cipherSuite(client, routed_port, sni));
                System.out.printf("%n(a) TLS connection setup, connect + full handshake + 1-byte echo, %d connections each, interleaved%n", connections);
                System.out.printf("%-10s %10s %10s%n", "", "p50 ms", "p99 ms");
                System.out.printf("%-10s %10.3f %10.3f%n", "direct", ms(percentile(direct, 50)), ms(percentile(direct, 99)));
                System.out.printf("%-10s %10.3f %10.3f%n", "router", ms(percentile(routed, 50)), ms(percentile(routed, 99)));
                System.out.printf("%-10s %10.3f %10.3f   (goal: p50 added <= 1 ms)%n", "added", ms(percentile(routed, 50) - percentile(direct, 50)),
                        ms(percentile(routed, 99) - percentile(direct, 99)));
                System.out.printf("%n(b) bulk, %d MiB over one TLS connection, %d rounds each, interleaved%n", bulk_mib, rounds);
                System.out.printf("%-10s %10s %10s%n", "", "best MB/s", "median MB/s");
                System.out.printf("%-10s %10.0f %10.0f%n", "direct", bulk_direct[rounds - 1], bulk_direct[rounds / 2]);
                System.out.printf("%-10s %10.0f %10.0f%n", "router", bulk_routed[rounds - 1], bulk_routed[rounds / 2]);
                System.out.printf("%-10s %10.2f %10.2f   (goal: >= 0.9)%n", "ratio", bulk_routed[rounds - 1] / bulk_direct[rounds - 1],
                        bulk_routed[rounds / 2] / bulk_direct[rounds / 2]);
                System.out.printf("CPU of the whole process per GB moved: direct %.2f s, through the router %.2f s (router: +%.2f s per GB)%n",
                        cpu_direct_s / gb, cpu_routed_s / gb, (cpu_routed_s - cpu_direct_s) / gb);
                System.out.printf("%nrouter stats: %s%n", router.stats());
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * Connect + handshake + 1-byte echo, in ns. Each connection names a peer host never used before:
     * the JDK client caches sessions by peer host and port, so it never offers one to resume.
     */
    private static long setupNs(SSLContext client, int port, String sni) throws IOException {
        long started = System.nanoTime();
        try (SSLSocket socket = connect(client, port, sni, "peer-" + started)) {
            OutputStream out = socket.getOutputStream();
            out.write(MODE_ECHO);
            out.flush();
            if (socket.getInputStream().read() != MODE_ECHO) {
                throw new IOException("echo did not come back");
            }
            return System.nanoTime() - started;
        }
    }

    private static double bulkMbPerS(SSLContext client, int port, String sni, int mib) throws IOException {
        byte[] chunk = new byte[CHUNK_SIZE_BYTES];
        new Random(1).nextBytes(chunk);
        long total_bytes = (long) mib * 1024 * 1024;
        try (SSLSocket socket = connect(client, port, sni, "bulk-" + System.nanoTime())) {
            socket.startHandshake();
            long started = System.nanoTime();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(MODE_SINK);
            out.writeLong(total_bytes);
            for (long sent = 0; sent < total_bytes; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, total_bytes - sent));
            }
            out.flush();
            if (socket.getInputStream().read() != MODE_SINK) {
                throw new IOException("sink did not acknowledge");
            }
            return total_bytes / 1e6 / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static String cipherSuite(SSLContext client, int port, String sni) throws IOException {
        try (SSLSocket socket = connect(client, port, sni, "suite")) {
            socket.startHandshake();
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        }
    }

    private static SSLSocket connect(SSLContext client, int port, String sni, String peer_host) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        plain.setSoTimeout(30_000);
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, peer_host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        socket.setSSLParameters(parameters);
        return socket;
    }

    /**
     * Echo (mode 'E': echoes until end of stream) or sink (mode 'S': 8-byte count, that many bytes, one
     * byte back). On platform threads: the backend stands for a workload process of its own, which
     * would not share the router's virtual thread carriers.
     */
    private static ServerSocket startBackend(SSLContext server) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("bench-backend-accept").start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connection.setTcpNoDelay(true);
                    Thread.ofPlatform().daemon().name("bench-backend").start(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return socket;
    }

    private static void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            int mode = in.read();
            if (mode == MODE_ECHO) {
                byte[] buffer = new byte[1024];
                out.write(mode);
                out.flush();
                while (in.read(buffer) >= 0) {
                    // the client only closes
                }
            } else if (mode == MODE_SINK) {
                long remaining = new DataInputStream(in).readLong();
                byte[] buffer = new byte[CHUNK_SIZE_BYTES];
                while (remaining > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        throw new IOException("sink stream ended early");
                    }
                    remaining -= n;
                }
                out.write(MODE_SINK);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** [server, client]: the backend's key from a fresh keytool keystore, and a client trusting it. */
    private static SSLContext[] contexts(Path dir) throws Exception {
        Path keystore = dir.resolve("backend.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "backend", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=backend.bench",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        return new SSLContext[] {server, client};
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    /** CPU time of this process (every thread: client, router, backend), in seconds. */
    private static double processCpuS() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("cpu model unknown");
        } catch (IOException e) {
            return "cpu model unknown";
        }
    }

    /**
     * The router, reached by reflection: dcloud-bench's pom does not depend on dcloud-compute, and
     * scripts/bench.sh puts dcloud-compute's classes on the class path for this benchmark. With that
     * dependency added, these become plain calls.
     */
    private static final class Router implements AutoCloseable {
        private final Object router;

        Router(String domain) throws ReflectiveOperationException {
            Class<?> config_class = Class.forName("dcloud.compute.ingress.IngressConfig");
            Object config = config_class.getMethod("defaults", String.class).invoke(null, domain);
            Class<?> router_class = Class.forName("dcloud.compute.ingress.IngressRouter");
            router = router_class.getConstructor(config_class).newInstance(config);
            call("start");
        }

        void route(long contract, String host, int https_port) throws ReflectiveOperationException {
            Object routes = call("routes");
            Class<?> backend_class = Class.forName("dcloud.compute.ingress.Backend");
            Object backend = backend_class.getConstructor(String.class, int.class, int.class).newInstance(host, https_port, 0);
            routes.getClass().getMethod("put", long.class, backend_class).invoke(routes, contract, backend);
        }

        int httpsPort() throws ReflectiveOperationException {
            return (Integer) call("httpsPort");
        }

        String stats() throws ReflectiveOperationException {
            return call("stats").toString();
        }

        private Object call(String method) throws ReflectiveOperationException {
            return router.getClass().getMethod(method).invoke(router);
        }

        @Override
        public void close() throws ReflectiveOperationException {
            call("close");
        }
    }
}
