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
 * (c) Parallel bulk: the same BULK_MIB split over STREAMS concurrent TLS connections (each client on a
 *     thread of its own, as separate users would be), ROUNDS times each way, interleaved.
 * For (b) and (c) a third path, when scripts/bench.sh could build it, goes through a minimal C relay
 * that moves bytes with splice(2): the floor of what any user-space relay costs on this machine. Each
 * path also reports how busy the whole machine was while it ran, from /proc/stat.
 * Usage: RouterBench [CONNECTIONS] [BULK_MIB] [ROUNDS] [STREAMS]
 */
public final class RouterBench {
    private static final String DOMAIN = "bench.dcloud.test";
    private static final long CONTRACT = 42;
    private static final char[] PASSWORD = "bench-pass".toCharArray();
    private static final int WARMUP_CONNECTIONS = 500;
    private static final int CHUNK_SIZE_BYTES = 64 * 1024;
    private static final byte MODE_ECHO = 'E';
    private static final byte MODE_SINK = 'S';
    /** Loopback port of the reference relay (a free one on this dev machine; the bench fails clearly if taken). */
    private static final int REFERENCE_RELAY_PORT = 47_001;

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int bulk_mib = args.length > 1 ? Integer.parseInt(args[1]) : 1_024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int streams = args.length > 3 ? Integer.parseInt(args[3]) : 4;
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

                List<Route> paths = new java.util.ArrayList<>(List.of(new Route("direct", direct_port), new Route("router", routed_port)));
                Process relay = startReferenceRelay(direct_port);
                try {
                    if (relay != null) {
                        paths.add(new Route("c-splice", REFERENCE_RELAY_PORT));
                    }
                    Bulk single = bulk(paths, rounds, (port) -> bulkMbPerS(client, port, sni, bulk_mib), (port) -> bulkMbPerS(client, port, sni, Math.min(bulk_mib, 256)));
                    Bulk parallel = bulk(paths, rounds, (port) -> parallelBulkMbPerS(client, port, sni, bulk_mib, streams),
                            (port) -> parallelBulkMbPerS(client, port, sni, Math.min(bulk_mib, 256), streams));
                    double gb = (double) bulk_mib * rounds * 1024 * 1024 / 1e9;

                    System.out.printf("cipher suite: %s%n", cipherSuite(client, routed_port, sni));
                    System.out.printf("%n(a) TLS connection setup, connect + full handshake + 1-byte echo, %d connections each, interleaved%n", connections);
                    System.out.printf("%-10s %10s %10s%n", "", "p50 ms", "p99 ms");
                    System.out.printf("%-10s %10.3f %10.3f%n", "direct", ms(percentile(direct, 50)), ms(percentile(direct, 99)));
                    System.out.printf("%-10s %10.3f %10.3f%n", "router", ms(percentile(routed, 50)), ms(percentile(routed, 99)));
                    System.out.printf("%-10s %10.3f %10.3f   (goal: p50 added <= 1 ms)%n", "added", ms(percentile(routed, 50) - percentile(direct, 50)),
                            ms(percentile(routed, 99) - percentile(direct, 99)));
                    System.out.printf("%n(b) bulk, %d MiB over one TLS connection, %d rounds each, interleaved%n", bulk_mib, rounds);
                    single.print(paths, gb);
                    System.out.printf("%n(c) parallel bulk, %d MiB over %d concurrent TLS connections, %d rounds each, interleaved%n", bulk_mib, streams, rounds);
                    parallel.print(paths, gb);
                    if (relay == null) {
                        System.out.println("(no C compiler or relay binary: the reference relay row is missing; see scripts/bench.sh)");
                    }
                } finally {
                    if (relay != null) {
                        relay.destroyForcibly();
                    }
                }
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

    private record Route(String name, int port) {}

    @FunctionalInterface
    private interface Measure {
        double mbPerS(int port) throws Exception;
    }

    /** MB/s per path and round, and the machine's busy and total jiffies per path (all processes, kernel included). */
    private record Bulk(double[][] mb_per_s, long[][] jiffies) {
        void print(List<Route> paths, double gb) {
            int rounds = mb_per_s[0].length;
            System.out.printf("%-10s %10s %12s %8s %10s %16s%n", "", "best MB/s", "median MB/s", "ratio", "busy", "CPU-s per GB");
            for (int p = 0; p < paths.size(); p++) {
                double[] sorted = mb_per_s[p].clone();
                Arrays.sort(sorted);
                double[] direct = mb_per_s[0].clone();
                Arrays.sort(direct);
                System.out.printf("%-10s %10.0f %12.0f %8.2f %9.0f%% %16.2f%n", paths.get(p).name(), sorted[rounds - 1], sorted[rounds / 2],
                        sorted[rounds / 2] / direct[rounds / 2], 100.0 * jiffies[p][0] / jiffies[p][1], jiffies[p][0] / 100.0 / gb);
            }
            System.out.println("(ratio: median against direct; goal for the router >= 0.9. busy: of both cores while that path ran)");
        }
    }

    /** One warm-up per path, then ROUNDS rounds that visit every path in turn. */
    private static Bulk bulk(List<Route> paths, int rounds, Measure measure, Measure warm_up) throws Exception {
        double[][] mb_per_s = new double[paths.size()][rounds];
        long[][] jiffies = new long[paths.size()][2];
        for (Route path : paths) {
            warm_up.mbPerS(path.port());
        }
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < paths.size(); p++) {
                long[] before = machineJiffies();
                mb_per_s[p][r] = measure.mbPerS(paths.get(p).port());
                long[] after = machineJiffies();
                jiffies[p][0] += after[0] - before[0];
                jiffies[p][1] += after[1] - before[1];
            }
        }
        return new Bulk(mb_per_s, jiffies);
    }

    /**
     * Starts the reference relay (dcloud-bench/src/main/c/splice_relay.c, built by scripts/bench.sh into
     * the path in -Ddcloud.bench.relay) in front of the backend; null when there is no binary.
     */
    private static Process startReferenceRelay(int backend_port) throws IOException {
        String binary = System.getProperty("dcloud.bench.relay", "");
        if (binary.isEmpty() || !Files.isExecutable(Path.of(binary))) {
            return null;
        }
        Process relay = new ProcessBuilder(binary, String.valueOf(REFERENCE_RELAY_PORT), String.valueOf(backend_port)).redirectErrorStream(true).start();
        String ready = new java.io.BufferedReader(new java.io.InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"ready".equals(ready)) {
            relay.destroyForcibly();
            throw new IOException("reference relay did not start: " + ready);
        }
        return relay;
    }

    /** BULK_MIB split over {@code streams} connections sending at once; total MB/s from the first start to the last acknowledgement. */
    private static double parallelBulkMbPerS(SSLContext client, int port, String sni, int mib, int streams) throws Exception {
        assert streams > 0 && mib % streams == 0 : "BULK_MIB must divide by STREAMS";
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.FutureTask<Double>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < streams; i++) {
            java.util.concurrent.FutureTask<Double> task = new java.util.concurrent.FutureTask<>(() -> {
                start.await();
                return bulkMbPerS(client, port, sni, mib / streams);
            });
            tasks.add(task);
            Thread.ofPlatform().daemon().name("bench-client-" + i).start(task);
        }
        long started = System.nanoTime();
        start.countDown();
        for (java.util.concurrent.FutureTask<Double> task : tasks) {
            task.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        return (long) mib * 1024 * 1024 / 1e6 / ((System.nanoTime() - started) / 1e9);
    }

    /** Busy and total jiffies (1/100 s) of all cores since boot, from /proc/stat; zeros where there is none. */
    private static long[] machineJiffies() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 1};
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
