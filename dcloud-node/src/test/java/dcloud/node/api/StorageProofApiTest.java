package dcloud.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcloud.core.account.Account;
import dcloud.core.crypto.KeyPair;
import dcloud.ledger.genesis.Genesis;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.RegisterUser;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real storage node proving its contracts against a real validator: many contracts, few txs. */
class StorageProofApiTest {
    static final long DCT = TestStorageNode.DCT;
    static final int PIECE_BYTES = 3_000;
    /** More than one batch: one full batch of 32 and one of 8. */
    static final int CONTRACTS = ProveStorage.PROOFS_MAX + 8;
    static final long EPOCH_LENGTH_S = 8;
    static final long WAIT_MS_MAX = 40_000;
    @TempDir
    Path dir;
    final KeyPair provider = KeyPair.generate(new SecureRandom());
    final KeyPair owner = KeyPair.generate(new SecureRandom());

    @Test
    void aNodeProvesFortyContractsOfOneEpochInTwoBatchedTransactions() throws Exception {
        try (TestNode node = startValidator(config -> config, EPOCH_LENGTH_S); TestStorageNode storage = startStorageNode(node)) {
            awaitEpochStart(node);
            TreeMap<Long, Long> start_epochs = storeAndUpload(storage, owner, CONTRACTS);
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
             TestStorageNode storage = startStorageNode(node)) {
            TreeMap<Long, Long> start_epochs = storeAndUpload(storage, owner, 1);
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

    @Test
    void aPieceThatArrivesAfterItsContractStartedIsProvenInThatSameEpoch() throws Exception {
        try (TestNode node = startValidator(config -> config, EPOCH_LENGTH_S); TestStorageNode storage = startStorageNode(node)) {
            awaitEpochStart(node);
            byte[] piece = new byte[PIECE_BYTES];
            new Random(12).nextBytes(piece);
            long contract = storage.contract(owner, 1, piece, 3);
            long start_epoch = node.get("/api/v1/storage/contracts/" + contract).body().path("start_epoch").asLong();
            node.awaitUntil("the contract's first epoch", WAIT_MS_MAX,
                    () -> node.get("/api/v1/storage/epoch").body().path("epoch").asLong() == start_epoch);
            Thread.sleep(2_000); // some twenty proof passes find the contract due and its piece missing
            assertThat(node.get("/api/v1/storage/epoch").body().path("epoch").asLong()).as("still the contract's first epoch").isEqualTo(start_epoch);
            assertThat(storage.upload(contract, piece).statusCode()).isEqualTo(201);
            awaitAllProven(node, new TreeMap<>(Map.of(contract, start_epoch)));
        }
    }

    /** A validator whose genesis funds the provider and the owner (registered as a user). */
    private TestNode startValidator(java.util.function.UnaryOperator<dcloud.node.config.NodeConfig> config, long epoch_length_s) throws Exception {
        TestNode node = new TestNode(dir, List.of(new Genesis.Allocation(Account.of(provider.publicKey()), 100 * DCT),
                new Genesis.Allocation(Account.of(owner.publicKey()), 100 * DCT)), config, Map.of("epoch_length_s", epoch_length_s));
        node.committed(owner, new RegisterUser("owner", ""));
        return node;
    }

    /** The provider's storage node, proving every 100 ms, once it has registered itself on-ledger. */
    private TestStorageNode startStorageNode(TestNode node) throws Exception {
        return new TestStorageNode(node, provider, dir.resolve("storage"), 10_000_000, 100, 3_600_000);
    }

    /** Waits for a fresh epoch, so that all contracts stored next start in the same epoch. */
    private static void awaitEpochStart(TestNode node) throws Exception {
        long first = node.get("/api/v1/storage/epoch").body().path("epoch").asLong();
        node.awaitUntil("epoch " + first + " ends", WAIT_MS_MAX, () -> node.get("/api/v1/storage/epoch").body().path("epoch").asLong() != first);
    }

    /** Stores one piece per segment on the provider and uploads it; returns contract id → start epoch. */
    private static TreeMap<Long, Long> storeAndUpload(TestStorageNode storage, KeyPair owner, int contracts) throws Exception {
        Random random = new Random(11);
        TreeMap<Long, Long> start_epochs = new TreeMap<>();
        for (int i = 0; i < contracts; i++) {
            byte[] piece = new byte[PIECE_BYTES];
            random.nextBytes(piece);
            long contract = storage.store(owner, i + 1, piece, 3);
            start_epochs.put(contract, storage.validator.get("/api/v1/storage/contracts/" + contract).body().path("start_epoch").asLong());
        }
        assertThat(start_epochs.values().stream().distinct().count()).as("stored within one epoch of %d s", EPOCH_LENGTH_S).isEqualTo(1);
        return start_epochs;
    }

    private static void awaitAllProven(TestNode node, TreeMap<Long, Long> start_epochs) throws Exception {
        node.awaitUntil("every contract is proven for the epoch it started in: " + start_epochs, WAIT_MS_MAX,
                () -> start_epochs.entrySet().stream().allMatch(entry -> lastProvenEpoch(node, entry.getKey()) == entry.getValue()));
    }

    private static long lastProvenEpoch(TestNode node, long contract) {
        try {
            return node.get("/api/v1/storage/contracts/" + contract).body().path("last_proven_epoch").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read contract " + contract, e);
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
}
