package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.security.SecureRandom;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/txs/{hash}}, with and without waiting for the commit ({@code wait_ms}). */
class TxLookupApiTest extends OneNodeApiTest {
    private static SignedTx mint() {
        Account someone = Account.of(KeyPair.generate(new SecureRandom()).publicKey());
        return node.sign(node.minter, new Transfer(null, someone, 1_000_000_000L, OptionalLong.empty(), new byte[0]));
    }

    @Test
    void aLookupWithWaitMsAnswersWhenTheTxCommits() throws Exception {
        SignedTx tx = mint();
        TestNode.Response sent = node.post("/api/v1/tx?wait=false", TestNode.JSON.writeValueAsString(java.util.Map.of("tx", dcloud.core.bytes.Hex.encode(tx.bytes()))));
        assertThat(sent.body().path("status").asText()).isEqualTo("pending");

        TestNode.Response found = node.get("/api/v1/txs/" + tx.hashHex() + "?wait_ms=10000");

        assertThat(found.status()).as(found.body().toString()).isEqualTo(200);
        JsonNode body = found.body();
        assertThat(body.path("status").asText()).isEqualTo("committed");
        assertThat(body.path("hash").asText()).isEqualTo(tx.hashHex());
    }

    @Test
    void aLookupOfAnUnknownTxWaitsAtMostWaitMsThenAnswers404() throws Exception {
        String unknown = mint().hashHex();
        long start_ns = System.nanoTime();

        TestNode.Response response = node.get("/api/v1/txs/" + unknown + "?wait_ms=300");

        long waited_ms = (System.nanoTime() - start_ns) / 1_000_000;
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().path("error").path("message").asText()).contains("waited up to 300 ms");
        assertThat(waited_ms).isBetween(250L, 20_000L);
    }

    @Test
    void aLookupWithoutWaitMsAnswersAtOnce() throws Exception {
        assertThat(node.get("/api/v1/txs/" + mint().hashHex()).status()).isEqualTo(404);
    }

    @Test
    void aNegativeOrNonNumericWaitMsIsRefusedByName() throws Exception {
        String hash = mint().hashHex();
        TestNode.Response negative = node.get("/api/v1/txs/" + hash + "?wait_ms=-1");
        TestNode.Response text = node.get("/api/v1/txs/" + hash + "?wait_ms=soon");

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().path("error").path("message").asText()).startsWith("wait_ms must be 0 or more");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.body().path("error").path("message").asText()).contains("wait_ms");
    }
}
