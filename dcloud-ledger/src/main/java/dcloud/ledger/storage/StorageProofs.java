package dcloud.ledger.storage;

import dcloud.core.account.Account;
import dcloud.core.merkle.MerkleTree;
import dcloud.ledger.TxContext;
import dcloud.ledger.params.Param;
import dcloud.ledger.params.Params;
import dcloud.ledger.reputation.Reputation;
import dcloud.ledger.reputation.ReputationLedger;
import dcloud.ledger.rewards.Rewards;
import dcloud.ledger.state.Overlay;
import dcloud.ledger.state.StateReader;
import dcloud.ledger.state.Values;
import dcloud.ledger.token.Payments;
import dcloud.ledger.tx.ProveStorage;
import dcloud.ledger.tx.TxResult;
import dcloud.ledger.tx.TxStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Proof of storage. Each epoch has a seed ({@code 0x77 → epoch ‖ seed}); a node proves each of its
 * contracts once per epoch with the challenged leaves. When an epoch closes every active contract is
 * settled for it: proven pays that epoch's price (fee and reputation as any payment), unproven pays
 * nothing, refunds that epoch's price to the owner and costs the node reputation; a node failing
 * {@code storage_disqualify_failures} epochs in a row is disqualified from new contracts.
 */
public final class StorageProofs {
    /** One epoch change settles this many contracts at most; {@code storage_active_contracts_max} cannot exceed it. */
    public static final int CONTRACTS_SETTLED_PER_EPOCH_MAX = 100_000;
    private static final byte[] SEED = {0x77};

    public record EpochSeed(long epoch, byte[] seed) {}

    private StorageProofs() {}

    public static EpochSeed seed(StateReader state) {
        byte[] bytes = state.get(SEED);
        return bytes == null ? null : new EpochSeed(Values.u64(bytes, 0), Arrays.copyOfRange(bytes, 8, bytes.length));
    }

    /**
     * Applies a node's batch of proofs for the current epoch. A proof that does not verify, or names a
     * contract that is not the signer's or does not exist, rejects the whole tx: that is a forgery or
     * a bug, and the tx then has no effect. A contract that closed or was already proven since the
     * node listed it is skipped: that is a race an honest node cannot avoid, and it must not cost the
     * batch's other proofs. A tx in which every proof was skipped fails, because it changed nothing.
     * The result's detail is the number of contracts proven.
     */
    public static TxResult prove(Overlay state, TxContext context, byte[] signer, ProveStorage tx) {
        EpochSeed seed = seed(state);
        long epoch = Rewards.epochState(state).epoch();
        if (tx.epoch() != epoch || seed == null || seed.epoch() != epoch) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, epoch, "proof is for epoch " + tx.epoch() + " but the current epoch is " + epoch);
        }
        int proven = 0;
        String first_skip = null;
        for (int i = 0; i < tx.proofs().size(); i++) {
            ProveStorage.ContractProof proof = tx.proofs().get(i);
            StorageContract c = StorageContracts.get(state, proof.contract());
            String field = "proofs[" + i + "]: ";
            String wrong = wrongProof(state, c, signer, seed, proof);
            if (wrong != null) {
                return TxResult.fail(TxStatus.GENERIC_ERROR, i, field + wrong);
            }
            String skip = c.state() != StorageContract.State.ACTIVE ? "contract " + c.id() + " is closed"
                    : c.lastProvenEpoch() == epoch ? "contract " + c.id() + " is already proven for epoch " + epoch : null;
            if (skip != null) {
                first_skip = first_skip == null ? field + skip : first_skip;
                continue;
            }
            StorageContracts.put(state, c.proven(epoch));
            proven++;
        }
        if (proven == 0) {
            return TxResult.fail(TxStatus.GENERIC_ERROR, 0, "nothing to prove: " + first_skip);
        }
        int skipped = tx.proofs().size() - proven;
        return skipped == 0 ? new TxResult(TxStatus.OK, "ok", proven)
                : new TxResult(TxStatus.OK, "proved " + proven + " of " + tx.proofs().size() + " contracts; skipped " + skipped + ", first " + first_skip, proven);
    }

    /** Why this proof is not one the signer may give for the epoch (null when it is, or when only a race makes it moot). */
    private static String wrongProof(StateReader state, StorageContract c, byte[] signer, EpochSeed seed, ProveStorage.ContractProof proof) {
        if (c == null) {
            return "no storage contract " + proof.contract();
        }
        if (!Arrays.equals(c.node(), signer)) {
            return "only the node holding contract " + c.id() + " proves it";
        }
        if (c.state() != StorageContract.State.ACTIVE || c.lastProvenEpoch() == seed.epoch()) {
            return null;
        }
        if (seed.epoch() < c.startEpoch() || seed.epoch() > c.endEpoch()) {
            return "contract " + c.id() + " covers epochs " + c.startEpoch() + ".." + c.endEpoch();
        }
        return checkLeaves(state, c, seed.seed(), proof);
    }

    private static String checkLeaves(StateReader state, StorageContract c, byte[] seed, ProveStorage.ContractProof proof) {
        long needed = Params.get(state, Param.STORAGE_PROOF_LEAVES);
        if (proof.leaves().size() != needed) {
            return "leaves: " + needed + " challenged leaves are required, got " + proof.leaves().size();
        }
        int leaf_count = MerkleTree.leafCount(c.pieceSizeBytes());
        for (int i = 0; i < proof.leaves().size(); i++) {
            int index = Challenge.leafIndex(seed, c.id(), i, leaf_count);
            long start = (long) index * MerkleTree.LEAF_SIZE_BYTES;
            long length = Math.min(MerkleTree.LEAF_SIZE_BYTES, c.pieceSizeBytes() - start);
            ProveStorage.Leaf leaf = proof.leaves().get(i);
            if (leaf.data().length != length || !MerkleTree.verify(c.merkleRoot(), leaf_count, index, leaf.data(), leaf.path())) {
                return "leaves[" + i + "]: leaf " + index + " does not verify against contract " + c.id() + "'s Merkle root";
            }
        }
        return null;
    }

    /**
     * At the first block of a new epoch: settle every active contract through the epoch that just
     * closed, then publish the new epoch's seed (the parent block's hash).
     */
    public static void onEpochStart(Overlay state, long height, long new_epoch, byte[] parent_hash) {
        long closed = new_epoch - 1;
        List<Long> ids = new ArrayList<>();
        state.scan(new byte[] {0x78}, CONTRACTS_SETTLED_PER_EPOCH_MAX, (key, value) -> ids.add(Values.u64(key, 1)));
        // storage_active_contracts_max keeps every active contract within one settlement.
        assert ids.size() == StorageContracts.activeCount(state)
                : "settling " + ids.size() + " of " + StorageContracts.activeCount(state) + " active storage contracts";
        TreeMap<byte[], Boolean> node_failed = new TreeMap<>(Arrays::compareUnsigned);
        for (long id : ids) {
            settle(state, height, StorageContracts.get(state, id), closed, node_failed);
        }
        long threshold = Params.get(state, Param.STORAGE_DISQUALIFY_FAILURES);
        for (var entry : node_failed.entrySet()) {
            StorageNode node = StorageNodes.get(state, entry.getKey());
            long fails = entry.getValue() ? node.failsConsecutive() + 1 : 0;
            StorageNodes.put(state, node.withProofRecord(node.proofsTotal() + (entry.getValue() ? 0 : 1),
                    node.failsTotal() + (entry.getValue() ? 1 : 0), fails, node.disqualified() || fails >= threshold));
        }
        state.put(SEED, Values.concat(Values.u64(new_epoch), parent_hash));
    }

    private static void settle(Overlay state, long height, StorageContract c, long closed, TreeMap<byte[], Boolean> node_failed) {
        long through = Math.min(closed, c.endEpoch());
        long escrow = c.escrowE9s();
        long paid = c.paidE9s();
        long refunded = c.refundedE9s();
        long fails = c.failsConsecutive();
        for (long epoch = c.settledThrough() + 1; epoch <= through; epoch++) {
            long due = Math.min(c.pricePerEpochE9s(), escrow);
            boolean proven = c.lastProvenEpoch() == epoch;
            if (proven) {
                if (due > 0) {
                    TxResult moved = ReputationLedger.settle(state, height, StorageEscrow.ACCOUNT, c.owner(), c.node(), due);
                    if (!moved.ok()) {
                        throw new IllegalStateException("storage escrow cannot pay contract " + c.id() + ": " + moved.message());
                    }
                }
                paid += due;
                fails = 0;
            } else {
                if (due > 0 && !Payments.move(state, StorageEscrow.ACCOUNT, Account.of(c.owner()), due).ok()) {
                    throw new IllegalStateException("storage escrow cannot refund contract " + c.id());
                }
                refunded += due;
                fails++;
                Reputation.change(state, height, c.node(), -Params.get(state, Param.STORAGE_PROOF_FAIL_REPUTATION),
                        Reputation.Cause.STORAGE_PROOF_FAILED, c.owner(), "no valid proof for storage contract " + c.id() + " in epoch " + epoch);
            }
            escrow -= due;
            node_failed.merge(c.node(), !proven, Boolean::logicalOr);
        }
        StorageContract settled = c.settled(Math.max(c.settledThrough(), through), escrow, paid, refunded, fails);
        StorageContracts.put(state, settled);
        if (closed >= c.endEpoch()) {
            StorageContracts.close(state, settled, StorageContract.CloseReason.ENDED);
        }
    }
}
