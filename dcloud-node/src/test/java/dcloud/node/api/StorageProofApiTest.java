package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.StorePieces;
import dcloud.node.storage.StorageRole;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real storage node proving its contracts against a real validator: many contracts, few txs. */
class StorageProofApiTest {
    static final long DCT = 1_000_000_000L;
    static final int PIECE_BYTES = 3_000;
    /** More than one batch: one full batch of 32 and one of 8. */
    static final int CONTRACTS = ProveStorage.PROOFS_MAX + 8;
    static final long EPOCH_LENGTH_S = 8;
    static final long WAIT_MS_MAX = 40_000;
    @TempDir
    Path dir;
    final KeyPair provider = KeyPair.generate(new SecureRandom());
    final KeyPair owner = KeyPair.generate(new SecureRandom());
    final HttpClient http = HttpClient.newHttpClient();
    String pieces_url;

    @Test
    void aNodeProvesFortyContractsOfOneEpochInTwoBatchedTransactions() throws Exception {
        try (TestNode node = startValidator(config -> config, EPOCH_LENGTH_S); StorageRole storage = startStorageNode(node)) {
            awaitEpochStart(node);
            TreeMap<Long, Long> start_epochs = storeAndUpload(node, CONTRACTS);
            JsonNode epoch = node.get("/api/v1/storage/epoch").body();
            assertThat(epoch.path("active_contracts").asLong()).isEqualTo(CONTRACTS);
            assertThat(epoch.path("active_contracts_max").asLong()).isEqualTo(1_000_000);
            assertThat(epoch.path("proofs_per_tx_max").asInt()).isEqualTo(ProveStorage.PROOFS_MAX);
            awaitAllProven(node, start_epochs);
            JsonNode node_view = node.get("/api/v1/storage/nodes/" + Account.of(provider.publicKey()).toText()).body();
            assertThat(node_view.path("contracts_due").asLong()).as("the ledger counts what the node must prove").isEqualTo(CONTRACTS);
            List<Integer> batch_sizes = proofBatchSizes(node);
            assertThat(batch_sizes).as("one tx per 32 contracts, in the epoch all of them started").containsExactlyInAnyOrder(ProveStorage.PROOFS_MAX, 8);
        }
    }

    @Test
    void aBatchLostTwiceWithTheValidatorsMempoolIsSentAgainAndTheContractIsProven() throws Exception {
        // Blocks cut 2.5 s after the previous one, even with a tx waiting, leave the proof in the
        // mempool long enough to lose it with a restart.
        try (TestNode node = startValidator(config -> config.with("block_interval_ms", 2500).with("block_batch_wait_ms", 2500), 20);
             StorageRole storage = startStorageNode(node)) {
            TreeMap<Long, Long> start_epochs = storeAndUpload(node, 1);
            long contract = start_epochs.firstKey();
            for (int loss = 1; loss <= 2; loss++) {
                long deadline = System.currentTimeMillis() + WAIT_MS_MAX;
                while (node.get("/api/v1/status").body().path("mempool_size").asInt() == 0) {
                    assertThat(System.currentTimeMillis()).as("the node sends its proof in epoch %d (try %d)", start_epochs.get(contract), loss)
                            .isLessThan(deadline);
                    Thread.sleep(10);
                }
                node.restart();
                assertThat(node.get("/api/v1/storage/contracts/" + contract).body().path("last_proven_epoch").asLong())
                        .as("the proof was lost with the mempool (loss %d)", loss).isNotEqualTo(start_epochs.get(contract));
            }
            awaitAllProven(node, start_epochs);
            assertThat(proofBatchSizes(node)).as("only the resent batch committed").containsExactly(1);
        }
    }

    /** A validator whose genesis funds the provider and the owner, both registered. */
    private TestNode startValidator(java.util.function.UnaryOperator<dcloud.node.config.NodeConfig> config, long epoch_length_s) throws Exception {
        TestNode node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(owner.publicKey()), 100 * DCT)), config, Map.of("epoch_length_s", epoch_length_s));
        committed(node, provider, new RegisterProvider(new ProviderProfile("S", "S SA", "BE", "s@s.example", "https://s.example", 9990, ""), false));
        committed(node, owner, new RegisterUser("owner", ""));
        return node;
    }

    /** The provider's storage node, proving every 100 ms, once it has registered itself on-ledger. */
    private StorageRole startStorageNode(TestNode node) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            pieces_url = "http://127.0.0.1:" + socket.getLocalPort();
        }
        int port = java.net.URI.create(pieces_url).getPort();
        StorageRole storage = new StorageRole(new StorageRole.Settings(dir.resolve("storage"), 10_000_000, "127.0.0.1", port, pieces_url,
                DCT, DCT, 100, 3_600_000, 32L << 20, node.url), provider, Clock.systemUTC());
        awaitRegistered(node);
        return storage;
    }

    private void awaitRegistered(TestNode node) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS_MAX;
        while (node.get("/api/v1/storage/nodes/" + Account.of(provider.publicKey())).status() != 200) {
            assertThat(System.currentTimeMillis()).as("the storage node registers itself").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits for a fresh epoch, so that all contracts stored next start in the same epoch. */
    private static void awaitEpochStart(TestNode node) throws Exception {
        long first = node.get("/api/v1/storage/epoch").body().path("epoch").asLong();
        long deadline = System.currentTimeMillis() + WAIT_MS_MAX;
        while (node.get("/api/v1/storage/epoch").body().path("epoch").asLong() == first) {
            assertThat(System.currentTimeMillis()).as("epoch %d ends", first).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Stores one piece per segment on the provider and uploads it; returns contract id → start epoch. */
    private TreeMap<Long, Long> storeAndUpload(TestNode node, int contracts) throws Exception {
        Random random = new Random(11);
        List<byte[]> pieces = new ArrayList<>();
        List<dcloud.ledger.tx.SignedTx> stores = new ArrayList<>();
        for (int i = 0; i < contracts; i++) {
            byte[] piece = new byte[PIECE_BYTES];
            random.nextBytes(piece);
            pieces.add(piece);
            byte[] segment = new byte[32];
            segment[0] = (byte) (i + 1);
            stores.add(node.sign(owner, new StorePieces(segment, 1, 2, 2, 1, PIECE_BYTES, 3,
                    List.of(new StorePieces.Piece(0, provider.publicKey(), MerkleTree.root(piece))))));
        }
        TreeMap<Long, Long> start_epochs = new TreeMap<>();
        for (int i = 0; i < contracts; i++) {
            JsonNode result = node.submit(stores.get(i)).body();
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
            long contract = result.path("detail").asLong();
            HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(URI.create(pieces_url + "/v1/pieces/" + contract))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(pieces.get(i))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(put.statusCode()).as("upload of contract %d", contract).isEqualTo(201);
            start_epochs.put(contract, node.get("/api/v1/storage/contracts/" + contract).body().path("start_epoch").asLong());
        }
        assertThat(start_epochs.values().stream().distinct().count()).as("stored within one epoch of %d s", EPOCH_LENGTH_S).isEqualTo(1);
        return start_epochs;
    }

    private static void awaitAllProven(TestNode node, TreeMap<Long, Long> start_epochs) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MS_MAX;
        for (var entry : start_epochs.entrySet()) {
            while (node.get("/api/v1/storage/contracts/" + entry.getKey()).body().path("last_proven_epoch").asLong() != entry.getValue()) {
                assertThat(System.currentTimeMillis()).as("contract %d is proven for epoch %d", entry.getKey(), entry.getValue()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private List<Integer> proofBatchSizes(TestNode node) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode tx : node.get("/api/v1/accounts/" + Account.of(provider.publicKey()) + "/history?limit=100").body().path("txs")) {
            if (tx.path("kind").asText().equals("prove_storage")) {
                assertThat(tx.path("status").asText()).as(tx.toString()).isEqualTo("committed");
                sizes.add(tx.path("contracts").size());
            }
        }
        return sizes;
    }

    private static void committed(TestNode node, KeyPair key, dcloud.ledger.tx.TxBody body) throws Exception {
        JsonNode result = node.submit(node.sign(key, body)).body();
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("committed");
    }
}
