package dcloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcloud.client.NodeClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compute network end to end: a validator and three compute node processes (c2 turned into a
 * dishonest provider), driven through the real CLI. A service workload with its own certificate is
 * reached through the SNI router, by Host and on a forwarded port, and is gone when its contract
 * ends; an agent killed with -9 adopts its workload instead of starting a second; a wasm job's
 * result is verified against the ledger, and replicas expose the provider that lies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComputeIT {
    @TempDir static Path dir;
    static Devnet devnet;
    static NodeClient ledger;
    static Path bundle;
    static byte[] workload_certificate;

    @BeforeAll
    static void startDevnet() throws Exception {
        devnet = new Devnet(dir.resolve("home"), 1, 250, "--compute-nodes", "3");
        ledger = new NodeClient("http://127.0.0.1:" + devnet.base_port);
        assertThat(devnet.cli("user", "register", "--name", "it")).isZero();
        makeDishonest(2);
        waitFor(() -> offerings() >= 3, "every compute node publishes its offering");
        bundle = serviceBundle();
    }

    @AfterAll
    static void stopDevnet() {
        if (devnet != null) {
            devnet.close();
        }
    }

    /** Restarts c{i} with fault_corrupt_results on: it will post wrong result hashes. */
    static void makeDishonest(int i) throws Exception {
        assertThat(devnet.cli("devnet", "kill", "c" + i)).isZero();
        Path config = devnet.computeHome(i).resolve("node.json");
        ObjectNode json = (ObjectNode) NodeClient.JSON.readTree(config.toFile());
        ((ObjectNode) json.path("compute")).put("fault_corrupt_results", true);
        NodeClient.JSON.writeValue(config.toFile(), json);
        assertThat(devnet.cli("devnet", "start", "c" + i)).isZero();
    }

    static int offerings() {
        try {
            return ledger.get("/api/v1/offerings").path("offerings").size();
        } catch (Exception e) {
            return 0;
        }
    }

    static long offeringOf(int compute_node) throws Exception {
        for (JsonNode o : ledger.get("/api/v1/offerings").path("offerings")) {
            if (o.path("id").asText().equals("c" + compute_node + "-small")) {
                return o.path("number").asLong();
            }
        }
        throw new IllegalStateException("no offering of c" + compute_node);
    }

    /** The first answer of {@code call} that does not throw, retried as {@link #waitFor} does: services bind their ports in their own time. */
    static <T> T eventually(java.util.concurrent.Callable<T> call, String what) throws InterruptedException {
        Object[] answer = {null};
        waitFor(() -> {
            try {
                answer[0] = call.call();
                return true;
            } catch (Exception e) {
                return false;
            }
        }, what);
        @SuppressWarnings("unchecked")
        T out = (T) answer[0];
        return out;
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                devnet.dumpLogs();
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    /** A python service: HTTPS with its own certificate on 8443, HTTP on 8080, a line echo on 9000. */
    static Path serviceBundle() throws Exception {
        Path src = Files.createDirectories(dir.resolve("service"));
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                src.resolve("key.pem").toString(), "-out", src.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=workload-" + System.nanoTime()));
        try (InputStream in = Files.newInputStream(src.resolve("cert.pem"))) {
            workload_certificate = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        Files.writeString(src.resolve("server.py"), """
                import http.server, os, socketserver, ssl, threading
                class Hello(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        body = ("hello " + os.environ.get("GREETING", "") + " from contract " + os.environ.get("DCLOUD_CONTRACT", "?") + "\\n").encode()
                        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                class Echo(socketserver.StreamRequestHandler):
                    def handle(self):
                        for line in self.rfile:
                            self.wfile.write(b"echo " + line); self.wfile.flush()
                def https():
                    server = http.server.ThreadingHTTPServer(("0.0.0.0", 8443), Hello)
                    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain("cert.pem", "key.pem")
                    server.socket = context.wrap_socket(server.socket, server_side=True); server.serve_forever()
                threading.Thread(target=https, daemon=True).start()
                threading.Thread(target=lambda: socketserver.ThreadingTCPServer(("0.0.0.0", 9000), Echo).serve_forever(), daemon=True).start()
                http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Hello).serve_forever()
                """);
        Files.writeString(src.resolve("dcloud.json"), "{\"entrypoint\": [\"python3\", \"server.py\"], \"https_port\": 8443, \"http_port\": 8080, \"tcp_ports\": [9000]}");
        Path archive = dir.resolve("service.tar.gz");
        run(List.of("tar", "-czf", archive.toString(), "-C", src.toString(), "."));
        return archive;
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** Runs the CLI with --json and returns what it printed. */
    static JsonNode cliJson(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        synchronized (ComputeIT.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                String[] all = new String[args.length + 1];
                all[0] = "--json";
                System.arraycopy(args, 0, all, 1, args.length);
                code = devnet.cli(all);
            } finally {
                System.setOut(original);
            }
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(String.join(" ", args) + " printed: " + text).isIn(0, 3);
        return NodeClient.JSON.readTree(text);
    }

    static JsonNode access(long contract) throws Exception {
        waitFor(() -> {
            try {
                JsonNode shown = cliJson("contract", "show", Long.toString(contract));
                return shown.has("workload") && shown.has("access");
            } catch (Exception e) {
                return false;
            }
        }, "contract " + contract + " shows its workload and access");
        return cliJson("contract", "show", Long.toString(contract));
    }

    static String httpGet(int port, String host) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    /** A real TLS client through the router: returns the server's certificate and the response. */
    static Object[] httpsGet(int port, String sni) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            Certificate seen = socket.getSession().getPeerCertificates()[0];
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new Object[] {seen.getEncoded(), new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
        }
    }

    static String echo(int port, String line) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[64];
            int n = socket.getInputStream().read(answer);
            return new String(answer, 0, Math.max(0, n), StandardCharsets.US_ASCII);
        }
    }

    static int port(String url) {
        return Integer.parseInt(url.replaceAll(".*:(\\d+)/?$", "$1"));
    }

    static long rentService(int compute_node) throws Exception {
        JsonNode rented = cliJson("contract", "rent", Long.toString(offeringOf(compute_node)), "--hours", "1", "--workload",
                "process:" + bundle, "--env", "GREETING=bonjour");
        return rented.path("contract").asLong();
    }

    @Test
    @Order(1)
    void serviceIsReachedBySniByHostAndOnAForwardedPortAndIsGoneWhenItsContractEnds() throws Exception {
        long contract = rentService(0);
        JsonNode shown = access(contract);
        JsonNode details = NodeClient.JSON.readTree(shown.path("access").asText());
        String name = contract + ".c0.dcloud.localhost";
        assertThat(details.path("https").asText()).startsWith("https://" + name + ":");

        waitFor(() -> httpGet(port(details.path("http").asText()), name).contains("hello bonjour from contract " + contract), "HTTP by Host");
        Object[] tls = eventually(() -> httpsGet(port(details.path("https").asText()), name), "HTTPS through the router");
        assertThat((byte[]) tls[0]).as("the router passes TLS through: the client sees the workload's own certificate")
                .isEqualTo(workload_certificate);
        assertThat((String) tls[1]).contains("hello bonjour from contract " + contract);
        int forwarded = Integer.parseInt(details.path("tcp").path("9000").asText().replaceAll(".*:", ""));
        assertThat(eventually(() -> echo(forwarded, "ping"), "the forwarded TCP port echoes")).isEqualTo("echo ping\n");
        assertThat(httpGet(port(details.path("http").asText()), "999.c0.dcloud.localhost")).contains("404");

        assertThat(devnet.cli("contract", "cancel", Long.toString(contract))).isZero();

        waitFor(() -> !httpGet(port(details.path("http").asText()), name).contains("hello"), "the route is gone");
        waitFor(() -> !Files.exists(Path.of("/sys/fs/cgroup/pids/dcloud/c" + contract))
                && !Files.exists(Path.of("/sys/fs/cgroup/dcloud/c" + contract)), "the workload's cgroup is gone");
        // The agent records "stopped" after it has removed the workload's network too, a moment after the cgroup.
        waitFor(() -> {
            try {
                return cliJson("contract", "show", Long.toString(contract)).path("workload").path("state").asText().equals("stopped");
            } catch (Exception e) {
                return false;
            }
        }, "the workload is recorded stopped");
    }

    @Test
    @Order(2)
    void anAgentKilledWithSigkillAdoptsItsRunningWorkloadInsteadOfStartingASecond() throws Exception {
        long contract = rentService(1);
        JsonNode details = NodeClient.JSON.readTree(access(contract).path("access").asText());
        String name = contract + ".c1.dcloud.localhost";
        int http = port(details.path("http").asText());
        waitFor(() -> httpGet(http, name).contains("hello"), "the service answers");
        List<String> pids_before = pids(contract);

        assertThat(devnet.cli("devnet", "kill", "c1")).isZero();
        assertThat(httpGet(http, name)).as("no router while the agent is down").doesNotContain("hello");
        assertThat(pids(contract)).as("the workload outlives its agent").isEqualTo(pids_before);
        assertThat(devnet.cli("devnet", "start", "c1")).isZero();

        waitFor(() -> httpGet(http, name).contains("hello bonjour from contract " + contract), "the restarted agent routes again");
        assertThat(pids(contract)).as("adopted, not started again").isEqualTo(pids_before);
        int forwarded = Integer.parseInt(details.path("tcp").path("9000").asText().replaceAll(".*:", ""));
        assertThat(eventually(() -> echo(forwarded, "again"), "the forwarded port after the restart")).as("the forwarded port is the same after the restart")
                .isEqualTo("echo again\n");
        assertThat(devnet.cli("contract", "cancel", Long.toString(contract))).isZero();
    }

    static List<String> pids(long contract) throws IOException {
        Path v1 = Path.of("/sys/fs/cgroup/pids/dcloud/c" + contract + "/cgroup.procs");
        Path v2 = Path.of("/sys/fs/cgroup/dcloud/c" + contract + "/cgroup.procs");
        return Files.readAllLines(Files.exists(v1) ? v1 : v2).stream().sorted().toList();
    }

    static Path wasmJob() throws Exception {
        Path wasm = dir.resolve("hello.wasm");
        if (!Files.exists(wasm)) {
            Files.write(wasm, Wat2Wasm.parse(Files.readString(Path.of("../dcloud-compute/src/test/resources/wasm/hello.wat"))));
        }
        return wasm;
    }

    @Test
    @Order(3)
    void aWasmJobsResultIsDownloadedAndMatchesTheHashItsProviderPosted() throws Exception {
        long contract = cliJson("contract", "rent", Long.toString(offeringOf(0)), "--hours", "1", "--workload", "wasm:" + wasmJob(),
                "--env", "GREETING=hi").path("contract").asLong();
        waitFor(() -> {
            try {
                return !ledger.get("/api/v1/contracts/" + contract).path("result_sha256").isNull();
            } catch (Exception e) {
                return false;
            }
        }, "the provider posts the result hash");
        Path out = dir.resolve("result-" + contract);

        JsonNode result = cliJson("contract", "result", Long.toString(contract), out.toString());

        assertThat(result.path("matches_ledger").asBoolean()).isTrue();
        assertThat(Files.readString(out.resolve("stdout"))).isEqualTo("hello\njob\nGREETING=hi\n");
        assertThat(Files.readString(out.resolve("out/result.txt"))).isEqualTo("result 42\n");
        assertThat(cliJson("contract", "logs", Long.toString(contract)).path("logs").asText()).contains("warning");
    }

    @Test
    @Order(4)
    void replicasExposeTheProviderWhoseResultDisagreesAndTheLedgerRecordsIt() throws Exception {
        // Starting on the dishonest c2, the second replica lands on an honest node: a tie, broken by a third.
        JsonNode outcome = cliJson("contract", "rent", Long.toString(offeringOf(2)), "--hours", "1", "--workload", "wasm:" + wasmJob(),
                "--replicas", "2", "--wait-s", "90");

        assertThat(outcome.path("agree").asBoolean()).isFalse();
        assertThat(outcome.path("contracts").size()).as("a tie of two gets a third replica").isEqualTo(3);
        assertThat(outcome.has("mismatch_recorded")).isTrue();
        String liar = NodeClient.JSON.readTree(devnet.computeHome(2).resolve("provider_key.json").toFile()).path("account").asText();
        JsonNode node = ledger.get("/api/v1/compute/nodes/" + liar);
        assertThat(node.path("results_disagreed").asLong()).isEqualTo(1);
        for (JsonNode id : outcome.path("contracts")) {
            JsonNode contract = ledger.get("/api/v1/contracts/" + id.asLong());
            boolean agreed = contract.path("replica_check").path("agreed").asBoolean();
            assertThat(agreed).as("contract " + id + " of " + contract.path("provider").asText()).isEqualTo(!contract.path("provider").asText().equals(liar));
        }
    }
}
