package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.bytes.Hex;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.Transfer;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage in: clear 4xx errors that name the field, and the state hash does not move. */
class BadInputApiTest extends OneNodeApiTest {
    /** The token totals: the state hash moves with every (empty) block, the supply only with real effects. */
    private String supply() throws Exception {
        var token = node.token();
        return token.path("minted_e9s").asText() + "/" + token.path("burned_e9s").asText();
    }

    @Test
    void randomTruncatedAndOversizedBytesGetClearErrors() throws Exception {
        long seed = 1121L;
        Random random = new Random(seed);
        String before = supply();
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            TestNode.Response response = node.submitRaw(junk);
            assertThat(response.status()).as("seed %d iteration %d", seed, i).isEqualTo(400);
            assertThat(response.body().path("error").path("message").asText()).startsWith("tx is not a valid transaction");
        }
        byte[] valid = node.sign(node.minter, new Transfer(null, Account.of(node.minter.publicKey()), 1, OptionalLong.empty(), new byte[0])).bytes();
        assertThat(node.submitRaw(java.util.Arrays.copyOf(valid, valid.length - 10)).body().path("error").path("message").asText()).contains("truncated");
        assertThat(node.submitRaw(java.util.Arrays.copyOf(valid, 5000)).body().path("error").path("message").asText())
                .contains("exceeds the limit of 4096 for transfer");
        assertThat(node.submitRaw(new byte[dcloud.ledger.tx.SignedTx.ANY_KIND_SIZE_BYTES_MAX + 1]).body().path("error").path("message").asText())
                .contains("exceeds the limit of " + dcloud.ledger.tx.SignedTx.ANY_KIND_SIZE_BYTES_MAX);
        assertThat(supply()).isEqualTo(before);
    }

    @Test
    void aWrongSignatureIsRefused() throws Exception {
        KeyPair alice = KeyPair.generate(new java.security.SecureRandom());
        byte[] bytes = node.sign(alice, new Transfer(null, Account.of(node.minter.publicKey()), 1, OptionalLong.empty(), new byte[0])).bytes();
        bytes[bytes.length - 1] ^= 1;
        TestNode.Response response = node.submitRaw(bytes);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("error").path("message").asText()).contains("signature does not verify");
    }

    @Test
    void aTransactionForAnotherChainIsRefused() throws Exception {
        SignedTx tx = SignedTx.sign(node.minter, "other-chain", TestNode.nowNs(),
                new Transfer(null, Account.of(node.minter.publicKey()), 1, OptionalLong.empty(), new byte[0]));
        TestNode.Response response = node.submit(tx);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("error").path("message").asText()).contains("chain_id 'other-chain'");
    }

    @Test
    void malformedJsonAndMissingFieldsAreNamed() throws Exception {
        assertThat(node.post("/api/v1/tx", "{not json").body().path("error").path("message").asText()).startsWith("body is not valid JSON");
        assertThat(node.post("/api/v1/tx", "{}").body().path("error").path("message").asText()).startsWith("tx is required");
        assertThat(node.post("/api/v1/tx", "{\"tx\":\"zz\"}").body().path("error").path("message").asText()).contains("non-hex");
        assertThat(node.post("/api/v1/txs", "{\"txs\":5}").body().path("error").path("message").asText()).startsWith("txs is required");
        assertThat(node.post("/api/v1/faucet", "{\"account\":\"dc1\",\"amount\":\"1\"}").body().path("error").path("message").asText())
                .startsWith("account: ");
        assertThat(node.post("/api/v1/faucet", "{\"account\":\"" + Account.of(node.minter.publicKey()) + "\",\"amount\":\"-1\"}")
                .body().path("error").path("message").asText()).startsWith("amount: ");
    }

    @Test
    void malformedAccountsAndUnknownThingsAreNamed() throws Exception {
        TestNode.Response bad = node.get("/api/v1/accounts/dcnotanaccount/balance");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("message").asText()).startsWith("account: account 'dcnotanaccount'");
        Account unknown = Account.of(KeyPair.generate(new java.security.SecureRandom()).publicKey());
        assertThat(node.balance(unknown)).isZero();
        assertThat(node.get("/api/v1/txs/" + "ab".repeat(32)).status()).isEqualTo(404);
        assertThat(node.get("/api/v1/txs/xyz").status()).isEqualTo(400);
        assertThat(node.get("/api/v1/blocks/999999").status()).isEqualTo(404);
        assertThat(node.get("/api/v1/blocks/-3").status()).isEqualTo(404);
        assertThat(node.get("/api/v1/blocks/abc").status()).isEqualTo(400);
        assertThat(node.get("/api/v1/nothing").status()).isEqualTo(404);
        String contracts = "/api/v1/storage/contracts?node=" + unknown.toText();
        assertThat(node.get(contracts + "&after=-5").body().path("error").path("message").asText()).startsWith("after must be a contract id");
        assertThat(node.get(contracts + "&after=soon").status()).isEqualTo(400);
        JsonNode empty = node.get(contracts + "&after=7").body();
        assertThat(empty.path("contracts")).isEmpty();
        assertThat(empty.path("next_after").isNull()).as("the last page says so").isTrue();
    }

    @Test
    void anOversizedRequestBodyIsRefusedWith413() throws Exception {
        String huge = "{\"tx\":\"" + "00".repeat(3 * 1024 * 1024) + "\"}";
        TestNode.Response response = node.post("/api/v1/tx", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(node.get("/api/v1/status").status()).isEqualTo(200);
    }

    @Test
    void metricsAreInPrometheusFormat() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.url + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(text).contains("# TYPE dcloud_height gauge").contains("dcloud_mempool_size ").contains("dcloud_commit_latency_ms_bucket{le=\"+Inf\"}");
        assertThat(Hex.encode(new byte[] {1})).isEqualTo("01");
    }
}
