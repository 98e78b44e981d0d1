package dcloud.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dcloud.core.crypto.KeyPair;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.LedgerFixture;
import dcloud.ledger.governance.Treasury;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.store.MemoryLedgerStore;
import dcloud.ledger.token.TokenState;
import dcloud.ledger.tx.CancelStorage;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.ProviderProfile;
import dcloud.ledger.tx.RegisterProvider;
import dcloud.ledger.tx.RegisterUser;
import dcloud.ledger.tx.SignedTx;
import dcloud.ledger.tx.StorageNodeRegistration;
import dcloud.ledger.tx.StorePieces;
import dcloud.ledger.tx.TxResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Storage contracts, proofs, payments, disqualification and repair at the state machine, to the last e9s. */
class StorageLedgerTest {
    static final long DCT = 1_000_000_000L;
    static final long PIECE_BYTES = 5_000;
    static final ProviderProfile PROFILE = new ProviderProfile("Disk", "Disk AG", "CH", "d@disk.example", "https://disk.example", 9990, "");

    final LedgerFixture chain = new LedgerFixture(new MemoryLedgerStore(), 12, 1_000 * DCT,
            Map.of("epoch_length_s", 60L, "storage_disqualify_failures", 2L));
    final List<KeyPair> nodes = chain.users.subList(0, 8);
    final KeyPair owner = chain.users.get(10);
    final KeyPair stranger = chain.users.get(11);
    final byte[] piece = new byte[(int) PIECE_BYTES];
    final byte[] segment = new byte[32];

    @BeforeEach
    void registerNodesAndOwner() {
        new Random(7).nextBytes(piece);
        segment[0] = 42;
        register(chain);
    }

    /** Registers the eight storage nodes and the owner on {@code ledger} (any fixture of 12 users has the same keys). */
    void register(LedgerFixture ledger) {
        for (KeyPair node : nodes) {
            ok(ledger.run(node, new RegisterProvider(PROFILE, false)));
            // 1 GiB/epoch costs 1 DCT, so a 5,000-byte piece costs ceil(5000 e9s / 1.073741824) = 4,657 e9s per epoch.
            ok(ledger.run(node, new StorageNodeRegistration("http://127.0.0.1:9000", 1_000_000, DCT, DCT)));
        }
        ok(ledger.run(owner, new RegisterUser("owner", "")));
    }

    static void allOk(dcloud.ledger.BlockOutcome outcome) {
        assertThat(outcome.accepted()).as(outcome.rejection()).isTrue();
        outcome.results().forEach(StorageLedgerTest::ok);
    }

    static TxResult ok(TxResult result) {
        assertThat(result.ok()).as(result.message()).isTrue();
        return result;
    }

    StorePieces store(int epochs, int... node_indices) {
        List<StorePieces.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < node_indices.length; i++) {
            pieces.add(new StorePieces.Piece(i, nodes.get(node_indices[i]).publicKey(), MerkleTree.root(piece)));
        }
        return new StorePieces(segment, 4, 8, 8, 6, PIECE_BYTES, epochs, pieces);
    }

    long epoch() {
        return Rewards.epochState(chain.store).epoch();
    }

    TxResult prove(int node, long... contracts) {
        StorageProofs.EpochSeed seed = StorageProofs.seed(chain.store);
        return chain.run(nodes.get(node), proofs(seed.epoch(), piece, contracts));
    }

    ProveStorage proofs(long epoch, byte[] data, long... contracts) {
        StorageProofs.EpochSeed seed = StorageProofs.seed(chain.store);
        List<ProveStorage.ContractProof> proofs = new ArrayList<>();
        for (long contract : contracts) {
            proofs.add(ProofBuilder.build(data, seed.seed(), contract, 2));
        }
        return new ProveStorage(epoch, proofs);
    }

    /** Stores one piece on node 0 for each of {@code count} segments; returns their contract ids. */
    long[] storeOnNodeZero(int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            segment[1] = (byte) i;
            ids[i] = ok(chain.run(owner, store(3, 0))).detail();
        }
        return ids;
    }

    boolean provenNow(long contract) {
        return StorageContracts.get(chain.store, contract).lastProvenEpoch() == epoch();
    }

    void nextEpoch() {
        chain.applyAfter(60, List.of());
    }

    long escrow() {
        return TokenState.balance(chain.store, StorageEscrow.ACCOUNT);
    }

    @Test
    void aProofPaysItsEpochAtOnceAndAnUnprovenEpochCostsReputationAndGoesBackToTheOwnerAtClose() {
        long price = StorageContracts.pricePerEpoch(PIECE_BYTES, DCT);
        assertThat(price).isEqualTo(4_657);
        long before = chain.balance(owner);
        long first = ok(chain.run(owner, store(3, 0, 1))).detail();
        assertThat(escrow()).isEqualTo(2 * 3 * price);
        assertThat(chain.balance(owner)).isEqualTo(before - 6 * price);
        assertThat(StorageNodes.get(chain.store, nodes.get(0).publicKey()).usedBytes()).isEqualTo(PIECE_BYTES);

        nextEpoch();
        long node0_before = chain.balance(nodes.get(0));
        long reputation1 = Reputation.score(chain.store, nodes.get(1).publicKey());
        ok(prove(0, first));
        long fee = price * 200 / 10_000;
        assertThat(chain.balance(nodes.get(0))).as("paid with the proof").isEqualTo(node0_before + price - fee);
        assertThat(prove(0, first).message()).contains("already proven");
        assertThat(prove(1, first).message()).contains("only the node holding");
        assertThat(StorageNodes.get(chain.store, nodes.get(0).publicKey()).contractsProven()).isEqualTo(1);
        nextEpoch();

        assertThat(chain.balance(nodes.get(0))).isEqualTo(node0_before + price - fee);
        assertThat(chain.balance(owner)).as("node 1's unproven epoch waits in escrow").isEqualTo(before - 6 * price);
        assertThat(escrow()).isEqualTo(5 * price);
        assertThat(Reputation.score(chain.store, nodes.get(1).publicKey())).isEqualTo(Math.max(0, reputation1 - DCT));
        Reputation.Event lost = Reputation.history(chain.store, nodes.get(1).publicKey(), 10).get(0);
        assertThat(lost.cause()).isEqualTo(Reputation.Cause.STORAGE_PROOF_FAILED);
        assertThat(lost.reason()).isEqualTo("no valid proof for 1 of 1 storage contracts in epoch " + (epoch() - 1));
        long judged = StorageProofs.judgedEpoch(chain.store);
        assertThat(judged).isEqualTo(epoch() - 1);
        assertThat(StorageContracts.get(chain.store, first + 1).failsConsecutive(judged)).isEqualTo(1);
        assertThat(StorageContracts.get(chain.store, first).failsConsecutive(judged)).isZero();
        StorageNode node1 = StorageNodes.get(chain.store, nodes.get(1).publicKey());
        assertThat(node1.failsTotal()).isEqualTo(1);
        assertThat(node1.contractsDue()).isEqualTo(1);
        assertThat(node1.contractsProven()).isZero();

        ok(chain.run(owner, new CancelStorage(List.of(first + 1))));
        assertThat(chain.balance(owner)).as("the cancel returns the unproven epoch and the two to come").isEqualTo(before - 6 * price + 3 * price);
        assertThat(StorageContracts.get(chain.store, first + 1).refundedE9s()).isEqualTo(3 * price);
        assertThat(StorageNodes.get(chain.store, nodes.get(1).publicKey()).contractsDue()).isZero();
        assertConserved();
    }

    @Test
    void aProofWithAWrongLeafIsRejectedAndChangesNothing() {
        long first = ok(chain.run(owner, store(3, 0))).detail();
        nextEpoch();
        StorageProofs.EpochSeed seed = StorageProofs.seed(chain.store);
        byte[] flipped = piece.clone();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] ^= 1;
        }
        ProveStorage forged = proofs(seed.epoch(), flipped, first);
        byte[] state_before = chain.store.head().stateHash();
        TxResult result = chain.run(nodes.get(0), forged);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("does not verify against contract " + first);
        assertThat(chain.store.head().stateHash()).isNotEqualTo(state_before);
        assertThat(StorageContracts.get(chain.store, first).lastProvenEpoch()).isZero();
        assertThat(chain.run(nodes.get(0), proofs(seed.epoch() + 1, piece, first)).message())
                .contains("current epoch is " + seed.epoch());
    }

    @Test
    void oneBatchProvesEveryContractItNames() {
        long[] ids = storeOnNodeZero(3);
        nextEpoch();
        TxResult result = ok(prove(0, ids));
        assertThat(result.detail()).as("contracts proven").isEqualTo(3);
        assertThat(result.message()).isEqualTo("ok");
        for (long id : ids) {
            assertThat(provenNow(id)).as("contract %d", id).isTrue();
        }
        assertConserved();
    }

    @Test
    void aBatchSkipsContractsProvenOrClosedSinceTheNodeListedThemAndProvesTheRest() {
        long[] ids = storeOnNodeZero(3);
        nextEpoch();
        ok(prove(0, ids[0]));
        ok(chain.run(owner, new CancelStorage(List.of(ids[1]))));
        TxResult result = ok(prove(0, ids));
        assertThat(result.detail()).isEqualTo(1);
        assertThat(result.message()).contains("proved 1 of 3", "skipped 2", "proofs[0]: contract " + ids[0] + " is already proven");
        assertThat(provenNow(ids[2])).isTrue();
        assertThat(prove(0, ids).message()).as("a batch that changes nothing fails").startsWith("nothing to prove: proofs[0]");
        assertConserved();
    }

    @Test
    void oneForgedProofRejectsTheWholeBatchAndNamesIt() {
        long[] ids = storeOnNodeZero(2);
        nextEpoch();
        StorageProofs.EpochSeed seed = StorageProofs.seed(chain.store);
        byte[] flipped = piece.clone();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] ^= 1;
        }
        ProveStorage good = proofs(seed.epoch(), piece, ids[0]);
        ProveStorage batch = new ProveStorage(seed.epoch(), List.of(good.proofs().get(0), proofs(seed.epoch(), flipped, ids[1]).proofs().get(0)));
        TxResult result = chain.run(nodes.get(0), batch);
        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).as("index of the bad proof").isEqualTo(1);
        assertThat(result.message()).startsWith("proofs[1]: leaves[");
        assertThat(provenNow(ids[0])).as("the good proof in a rejected batch has no effect").isFalse();
        long[] mixed = {ids[0], ids[1]};
        assertThat(chain.run(nodes.get(1), proofs(seed.epoch(), piece, mixed)).message())
                .isEqualTo("proofs[0]: only the node holding contract " + ids[0] + " proves it");
        assertThat(chain.run(nodes.get(0), proofs(seed.epoch(), piece, ids[0], 999_999)).message())
                .isEqualTo("proofs[1]: no storage contract 999999");
    }

    @Test
    void refusesPiecesPastTheNetworksActiveContractCapButTakesRepairsThatReplace() {
        LedgerFixture capped = new LedgerFixture(new MemoryLedgerStore(), 12, 1_000 * DCT,
                Map.of("epoch_length_s", 60L, "storage_active_contracts_max", 3L));
        register(capped);
        ok(capped.run(owner, store(4, 0, 1)));
        segment[1] = 1;
        ok(capped.run(owner, store(4, 2)));
        segment[1] = 2;
        byte[] state_before = capped.store.head().stateHash();
        TxResult refused = capped.run(owner, store(4, 3));
        assertThat(refused.message()).isEqualTo("pieces: the network holds 3 active storage contracts and takes at most 3 "
                + "(storage_active_contracts_max); 1 more do not fit");
        assertThat(StorageContracts.segment(capped.store, segment)).as("a refused store leaves no segment").isNull();
        assertThat(capped.store.head().stateHash()).isNotEqualTo(state_before);
        capped.applyAfter(60, List.of());
        capped.applyAfter(60, List.of());
        segment[1] = 0;
        StorePieces repair = new StorePieces(segment, 4, 8, 8, 6, PIECE_BYTES, 1,
                List.of(new StorePieces.Piece(1, nodes.get(4).publicKey(), MerkleTree.root(piece))));
        ok(capped.run(owner, repair));
        assertThat(StorageContracts.activeCount(capped.store)).as("a repair replaces: still 3").isEqualTo(3);
        long cancelled = StorageContracts.pieces(capped.store, segment).get(0).id();
        ok(capped.run(owner, new CancelStorage(List.of(cancelled))));
        segment[1] = 2;
        ok(capped.run(owner, store(4, 3)));
        assertThat(StorageContracts.activeCount(capped.store)).isEqualTo(3);
    }

    @Test
    void repeatedFailuresDisqualifyANodeFromNewContracts() {
        ok(chain.run(owner, store(5, 0)));
        nextEpoch();
        nextEpoch();
        assertThat(StorageNodes.get(chain.store, nodes.get(0).publicKey()).disqualified()).isFalse();
        nextEpoch();
        StorageNode node = StorageNodes.get(chain.store, nodes.get(0).publicKey());
        assertThat(node.failsConsecutive()).isEqualTo(2);
        assertThat(node.disqualified()).isTrue();
        segment[0] = 43;
        assertThat(chain.run(owner, store(5, 0)).message()).contains("pieces[0].node: storage node").contains("is disqualified");
    }

    @Test
    void anEpochChangeWritesAsMuchStateForFiftyContractsAsForFive() {
        int for_five = epochChangeWrites(5);
        assertThat(for_five).as("the epoch change visits nodes, not contracts").isEqualTo(epochChangeWrites(50));
    }

    /** Keys written by the block that judges a node which left {@code contracts} contracts unproven for an epoch. */
    int epochChangeWrites(int contracts) {
        LedgerFixture ledger = new LedgerFixture(new MemoryLedgerStore(), 12, 1_000 * DCT, Map.of("epoch_length_s", 60L));
        register(ledger);
        List<SignedTx> stores = new ArrayList<>();
        for (int i = 0; i < contracts; i++) {
            segment[1] = (byte) i;
            stores.add(SignedTx.sign(owner, LedgerFixture.CHAIN_ID, ledger.now() + LedgerFixture.BLOCK_INTERVAL_NS, store(3, 0)));
        }
        allOk(ledger.apply(stores));
        ledger.applyAfter(60, List.of());
        assertThat(StorageNodes.get(ledger.store, nodes.get(0).publicKey()).contractsDue()).isEqualTo(contracts);
        int written = ledger.applyAfter(60, List.of()).changes().size();
        assertThat(StorageNodes.get(ledger.store, nodes.get(0).publicKey()).failsTotal()).isEqualTo(1);
        return written;
    }

    @Test
    void epochsWithoutAnyBlockCostTheNodesNothingAndPayNothing() {
        long price = StorageContracts.pricePerEpoch(PIECE_BYTES, DCT);
        long first = ok(chain.run(owner, store(10, 0))).detail();
        nextEpoch();
        long proven_epoch = epoch();
        ok(prove(0, first));
        chain.applyAfter(4 * 60, List.of());
        assertThat(epoch() - proven_epoch).as("epochs passed in one block").isGreaterThanOrEqualTo(4);
        StorageNode node = StorageNodes.get(chain.store, nodes.get(0).publicKey());
        assertThat(node.failsTotal()).as("the chain, not the node, was down").isZero();
        assertThat(node.proofsTotal()).isEqualTo(1);
        assertThat(StorageProofs.judgedEpoch(chain.store)).isEqualTo(proven_epoch);
        assertThat(StorageContracts.get(chain.store, first).healthy(node, StorageProofs.judgedEpoch(chain.store))).isTrue();

        nextEpoch();
        assertThat(StorageNodes.get(chain.store, nodes.get(0).publicKey()).failsTotal()).as("an epoch with blocks and no proof").isEqualTo(1);
        long owner_before = chain.balance(owner);
        ok(chain.run(owner, new CancelStorage(List.of(first))));
        assertThat(chain.balance(owner) - owner_before).as("every epoch but the proven one goes back").isEqualTo(9 * price);
        assertConserved();
    }

    @Test
    void endedContractsCloseAtMostAThousandPerBlockAndLoseNothing() {
        int segments = 126;
        List<SignedTx> stores = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            segment[1] = (byte) i;
            stores.add(SignedTx.sign(owner, LedgerFixture.CHAIN_ID, chain.now() + LedgerFixture.BLOCK_INTERVAL_NS, store(1, 0, 1, 2, 3, 4, 5, 6, 7)));
        }
        allOk(chain.apply(stores));
        long opened = StorageContracts.activeCount(chain.store);
        assertThat(opened).isEqualTo(8L * segments).isGreaterThan(StorageContracts.ENDED_CLOSED_PER_BLOCK_MAX);
        long owner_before = chain.balance(owner);
        nextEpoch();
        nextEpoch();
        assertThat(StorageContracts.activeCount(chain.store)).as("the first block of the next epoch closes a thousand")
                .isEqualTo(opened - StorageContracts.ENDED_CLOSED_PER_BLOCK_MAX);
        assertConserved();
        chain.apply(List.of());
        assertThat(StorageContracts.activeCount(chain.store)).as("the next block the rest").isZero();
        assertThat(escrow()).isZero();
        assertThat(chain.balance(owner) - owner_before).as("no epoch was proven").isEqualTo(opened * StorageContracts.pricePerEpoch(PIECE_BYTES, DCT));
        for (KeyPair node : nodes) {
            StorageNode after = StorageNodes.get(chain.store, node.publicKey());
            assertThat(after.usedBytes()).isZero();
            assertThat(after.contractsDue()).isZero();
            assertThat(after.failsTotal()).isEqualTo(1);
        }
        assertConserved();
    }

    @Test
    void refusesAStorageNodePastTheNetworksLimitButLetsRegisteredOnesUpdate() {
        int providers = StorageNodes.NODES_MAX + 1;
        LedgerFixture crowded = new LedgerFixture(new MemoryLedgerStore(), providers, 1_000 * DCT);
        List<SignedTx> registrations = new ArrayList<>();
        for (KeyPair provider : crowded.users) {
            registrations.add(SignedTx.sign(provider, LedgerFixture.CHAIN_ID, crowded.now() + LedgerFixture.BLOCK_INTERVAL_NS,
                    new RegisterProvider(PROFILE, false)));
        }
        applyInBlocks(crowded, registrations);
        List<SignedTx> nodes_up = new ArrayList<>();
        for (KeyPair provider : crowded.users.subList(0, StorageNodes.NODES_MAX)) {
            nodes_up.add(SignedTx.sign(provider, LedgerFixture.CHAIN_ID, crowded.now() + LedgerFixture.BLOCK_INTERVAL_NS,
                    new StorageNodeRegistration("http://127.0.0.1:9000", 1_000_000, DCT, DCT)));
        }
        applyInBlocks(crowded, nodes_up);
        assertThat(StorageNodes.count(crowded.store)).isEqualTo(StorageNodes.NODES_MAX);
        KeyPair last = crowded.users.get(providers - 1);
        assertThat(crowded.run(last, new StorageNodeRegistration("http://127.0.0.1:9000", 1_000_000, DCT, DCT)).message())
                .isEqualTo("the network has 10000 storage nodes, the most it takes");
        ok(crowded.run(crowded.users.get(0), new StorageNodeRegistration("http://127.0.0.1:9001", 2_000_000, DCT, DCT)));
        assertThat(StorageNodes.list(crowded.store)).hasSize(StorageNodes.NODES_MAX);
    }

    static void applyInBlocks(LedgerFixture ledger, List<SignedTx> txs) {
        for (int from = 0; from < txs.size(); from += 5_000) {
            allOk(ledger.apply(txs.subList(from, Math.min(txs.size(), from + 5_000))));
        }
    }

    @Test
    void repairReplacesOnlyUnhealthyPiecesAndRefundsTheReplacedContract() {
        long first = ok(chain.run(owner, store(4, 0, 1))).detail();
        assertThat(chain.run(stranger, new RegisterUser("repairer", "")).ok()).isTrue();
        StorePieces replace_healthy = new StorePieces(segment, 4, 8, 8, 6, PIECE_BYTES, 1,
                List.of(new StorePieces.Piece(1, nodes.get(2).publicKey(), MerkleTree.root(piece))));
        assertThat(chain.run(stranger, replace_healthy).message()).contains("piece 1 of segment").contains("is healthy");
        nextEpoch();
        ok(prove(0, first));
        nextEpoch();
        assertThat(StorageContracts.get(chain.store, first + 1).healthy(StorageNodes.get(chain.store, nodes.get(1).publicKey()),
                StorageProofs.judgedEpoch(chain.store))).isFalse();
        long owner_before = chain.balance(owner);
        long replaced_escrow = StorageContracts.get(chain.store, first + 1).escrowE9s();
        long repair = ok(chain.run(stranger, replace_healthy)).detail();
        StorageContract old = StorageContracts.get(chain.store, first + 1);
        assertThat(old.state()).isEqualTo(StorageContract.State.CLOSED);
        assertThat(old.closeReason()).isEqualTo(StorageContract.CloseReason.REPLACED);
        assertThat(chain.balance(owner)).isEqualTo(owner_before + replaced_escrow);
        StorageContract fresh = StorageContracts.get(chain.store, repair);
        assertThat(fresh.endEpoch()).as("a repair ends with the segment").isEqualTo(old.endEpoch());
        assertThat(StorageContracts.pieces(chain.store, segment)).extracting(StorageContract::id).containsExactly(first, repair);
        StorePieces reshaped = new StorePieces(segment, 3, 8, 8, 6, PIECE_BYTES, 1,
                List.of(new StorePieces.Piece(2, nodes.get(3).publicKey(), MerkleTree.root(piece))));
        assertThat(chain.run(stranger, reshaped).message()).contains("exists with another shape");
        assertConserved();
    }

    @Test
    void cancelRefundsUnearnedEscrowAndOnlyTheOwnerMayCancel() {
        long first = ok(chain.run(owner, store(3, 0))).detail();
        long before = chain.balance(owner);
        assertThat(chain.run(stranger, new CancelStorage(List.of(first))).message()).contains("only the owner");
        ok(chain.run(owner, new CancelStorage(List.of(first))));
        assertThat(chain.balance(owner)).isEqualTo(before + 3 * StorageContracts.pricePerEpoch(PIECE_BYTES, DCT));
        assertThat(StorageNodes.get(chain.store, nodes.get(0).publicKey()).usedBytes()).isZero();
        assertThat(chain.run(owner, new CancelStorage(List.of(first))).message()).contains("already closed");
        assertThat(escrow()).isZero();
    }

    @Test
    void contractsEndAfterTheirLastEpochAndFreeTheNode() {
        long first = ok(chain.run(owner, store(1, 0))).detail();
        nextEpoch();
        ok(prove(0, first));
        nextEpoch();
        StorageContract ended = StorageContracts.get(chain.store, first);
        assertThat(ended.state()).isEqualTo(StorageContract.State.CLOSED);
        assertThat(ended.closeReason()).isEqualTo(StorageContract.CloseReason.ENDED);
        assertThat(ended.paidE9s()).isEqualTo(StorageContracts.pricePerEpoch(PIECE_BYTES, DCT));
        assertThat(StorageNodes.get(chain.store, nodes.get(0).publicKey()).usedBytes()).isZero();
        assertThat(StorageContracts.pieces(chain.store, segment)).isEmpty();
        assertThat(escrow()).isZero();
    }

    @Test
    void aNodesContractsAreListedAPageAtATimeInIdOrder() {
        List<Long> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            segment[1] = (byte) i;
            opened.add(ok(chain.run(owner, store(2, 0))).detail());
        }
        byte[] prefix = StorageContracts.byNodePrefix(nodes.get(0).publicKey());
        List<Long> paged = new ArrayList<>();
        long after = -1;
        for (int page = 0; page < 10; page++) {
            List<StorageContract> listed = StorageContracts.list(chain.store, prefix, after, 2);
            listed.forEach(c -> paged.add(c.id()));
            if (listed.size() < 2) {
                break;
            }
            after = listed.get(listed.size() - 1).id();
        }
        assertThat(paged).isEqualTo(opened).isSorted();
        assertThat(StorageContracts.list(chain.store, prefix, opened.get(4), 2)).isEmpty();
        assertThat(StorageContracts.list(chain.store, prefix, Long.MAX_VALUE, 2)).isEmpty();
    }

    @Test
    void badStoreRequestsNameTheFieldAndRule() {
        assertThat(chain.run(owner, new StorePieces(segment, 5, 4, 4, 4, PIECE_BYTES, 1, List.of())).message()).contains("data_shards");
        assertThat(chain.run(owner, new StorePieces(segment, 4, 8, 8, 9, PIECE_BYTES, 1, List.of())).message()).contains("repair_threshold");
        assertThat(chain.run(owner, new StorePieces(segment, 4, 8, 8, 6, 0, 1, List.of())).message()).contains("piece_size_bytes");
        assertThat(chain.run(owner, store(0, 0)).message()).contains("epochs must be");
        assertThat(chain.run(owner, store(1, 0, 0)).message()).contains("pieces[1].node").contains("distinct nodes");
        StorePieces unknown = new StorePieces(segment, 4, 8, 8, 6, PIECE_BYTES, 1,
                List.of(new StorePieces.Piece(0, stranger.publicKey(), MerkleTree.root(piece))));
        assertThat(chain.run(owner, unknown).message()).contains("is not a registered storage node");
        StorePieces huge = new StorePieces(segment, 4, 8, 8, 6, 2_000_000, 1, List.of(new StorePieces.Piece(0, nodes.get(0).publicKey(), new byte[32])));
        assertThat(chain.run(owner, huge).message()).contains("bytes free");
        assertThat(chain.run(stranger, store(1, 0)).message()).contains("must be registered");
        assertThat(chain.run(owner, new StorageNodeRegistration("ftp://x", 1, 0, 0)).message()).contains("only registered providers");
        assertThat(chain.run(nodes.get(0), new StorageNodeRegistration("ftp://x.example", 1, 0, 0)).message()).contains("endpoint must be");
        assertThat(escrow()).isZero();
    }

    void assertConserved() {
        assertThat(chain.balancesAndBurned()).as("balances + burned = minted").isEqualTo(TokenState.minted(chain.store));
        assertThat(DueCounts.audit(chain.store)).isNull();
        assertThat(TokenState.balance(chain.store, Treasury.ACCOUNT)).isPositive();
    }
}
