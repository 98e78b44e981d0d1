package dcloud.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.TxBody;
import dcloud.node.Node;
import dcloud.node.config.KeyFile;
import dcloud.node.devnet.DevnetInit;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A real single-validator devnet node in this JVM, driven only through its HTTP API. */
final class TestNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    Node node;
    final Path home;
    final String url;
    final KeyPair minter;
    final String chain_id = DevnetInit.CHAIN_ID;
    private final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, JsonNode body) {}

    TestNode(Path dir, List<Genesis.Allocation> allocations) throws Exception {
        this(dir, allocations, config -> config);
    }

    /** {@code adjust} may change the generated node.json before the node starts. */
    TestNode(Path dir, List<Genesis.Allocation> allocations, java.util.function.UnaryOperator<dcloud.node.config.NodeConfig> adjust) throws Exception {
        this(dir, allocations, adjust, java.util.Map.of());
    }

    TestNode(Path dir, List<Genesis.Allocation> allocations, java.util.function.UnaryOperator<dcloud.node.config.NodeConfig> adjust,
             java.util.Map<String, Long> genesis_params) throws Exception {
        int base = freeBasePort();
        DevnetInit.write(dir, 1, base, 50, allocations, java.util.Map.of(), genesis_params);
        home = dir.resolve("n0");
        adjust.apply(dcloud.node.config.NodeConfig.load(home)).save(home);
        node = new Node(home, Clock.systemUTC());
        url = "http://127.0.0.1:" + node.apiPort();
        minter = KeyFile.read(home.resolve("faucet_key.json"));
        awaitLeader();
    }

    /** Stops the node (its mempool is lost, as with a crash) and starts it again on the same home and ports. */
    void restart() throws Exception {
        node.close();
        node = new Node(home, Clock.systemUTC());
        awaitLeader();
    }

    private void awaitLeader() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!get("/api/v1/status").body().path("role").asText().equals("leader")) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("node did not become leader");
            }
            Thread.sleep(50);
        }
    }

    static int freeBasePort() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket socket = new ServerSocket(0)) {
                base = socket.getLocalPort();
            }
            if (base > 60_000) {
                continue;
            }
            try (ServerSocket a = new ServerSocket(base + 100)) {
                return base;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    static long nowNs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    SignedTx sign(KeyPair key, TxBody body) {
        return SignedTx.sign(key, chain_id, nowNs(), body);
    }

    Response submit(SignedTx tx) throws Exception {
        return post("/api/v1/tx", JSON.writeValueAsString(java.util.Map.of("tx", Hex.encode(tx.bytes()))));
    }

    /** Signs and submits {@code body}; returns the answer after asserting the tx was committed. */
    JsonNode committed(KeyPair key, TxBody body) throws Exception {
        JsonNode result = submit(sign(key, body)).body();
        org.assertj.core.api.Assertions.assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
        return result;
    }

    /** A condition a test waits for. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 50 ms; fails naming {@code what} when it still does not hold after {@code wait_ms_max}. */
    void awaitUntil(String what, long wait_ms_max, Check check) throws Exception {
        long deadline_ms = System.currentTimeMillis() + wait_ms_max;
        while (!check.holds()) {
            org.assertj.core.api.Assertions.assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline_ms);
            Thread.sleep(50);
        }
    }

    Response submitRaw(byte[] bytes) throws Exception {
        return post("/api/v1/tx", JSON.writeValueAsString(java.util.Map.of("tx", Hex.encode(bytes))));
    }

    long balance(Account account) throws Exception {
        return get("/api/v1/accounts/" + account.toText() + "/balance").body().path("e9s").asLong();
    }

    JsonNode token() throws Exception {
        return get("/api/v1/token").body();
    }

    Response get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }

    Response post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }

    @Override
    public void close() {
        node.close();
    }
}
