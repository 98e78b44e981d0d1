package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import dcloud.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flood larger than the mempool gets clear "busy" answers; the node keeps serving and commits what it took. */
class FloodApiTest {
    @Test
    void aFloodBeyondTheMempoolIsToldBusyAndTheNodeStaysUp(@TempDir Path dir) throws Exception {
        UnaryOp small_mempool = config -> config.with("block_interval_ms", 1000).with("block_txs_max", 1).with("mempool_txs_max", 100);
        try (TestNode node = new TestNode(dir, List.of(), small_mempool)) {
            Account sink = Account.of(KeyPair.generate(new java.security.SecureRandom()).publicKey());
            List<String> flood = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                SignedTx tx = SignedTx.sign(node.minter, node.chain_id, TestNode.nowNs() + i, new Transfer(null, sink, 1, OptionalLong.empty(), new byte[0]));
                flood.add(Hex.encode(tx.bytes()));
            }
            JsonNode results = node.post("/api/v1/txs", TestNode.JSON.writeValueAsString(Map.of("txs", flood))).body().path("results");
            int pending = 0;
            int busy = 0;
            for (JsonNode result : results) {
                if (result.path("status").asText().equals("pending")) {
                    pending++;
                } else {
                    assertThat(result.path("error").path("code").asText()).isEqualTo("busy");
                    assertThat(result.path("error").path("message").asText()).contains("mempool is full (100 txs or 409600 bytes); retry later");
                    busy++;
                }
            }
            assertThat(pending).as("the mempool holds 100; blocks of one tx drain it slower than the flood arrives").isBetween(100, 500);
            assertThat(busy).isPositive();
            assertThat(busy).isEqualTo(1000 - pending);
            assertThat(node.get("/api/v1/status").status()).isEqualTo(200);
            long deadline = System.currentTimeMillis() + 20_000;
            while (node.balance(sink) < pending && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(node.balance(sink)).isEqualTo(pending);
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(node.url + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("dcloud_txs_refused_total{reason=\"busy\"} " + busy);
        }
    }

    interface UnaryOp extends java.util.function.UnaryOperator<NodeConfig> {}
}
